package dev.multiproc.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The side-by-side table, as text on stdout, as JSON, and as Markdown for docs/benchmarks.md. */
final class Report {
    private static final String[] HEADER = {"row", "workload", "unit", "multiproc", "CPython", "ratio", "goal", "pass"};

    private Report() {
    }

    static String table(List<Result> results, boolean markdown) {
        List<String[]> lines = new ArrayList<>();
        for (Result r : results) {
            lines.add(new String[] {r.id(), r.workload(), r.unit(), number(r.multiproc()), number(r.cpython()),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio()), r.goal().toString(),
                    r.error() != null ? "ERROR: " + r.error() : r.pass() == null ? "-" : r.pass() ? "pass" : "FAIL"});
        }
        StringBuilder out = new StringBuilder();
        if (markdown) {
            out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
            out.append("|---|---|---|---:|---:|---:|---|---|\n");
            for (String[] line : lines) {
                out.append("| ").append(String.join(" | ", line).replace("\n", " ")).append(" |\n");
            }
            return out.toString();
        }
        int[] width = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            width[i] = HEADER[i].length();
            for (String[] line : lines) {
                width[i] = Math.max(width[i], i == HEADER.length - 1 ? 0 : line[i].length());
            }
        }
        appendLine(out, HEADER, width);
        for (String[] line : lines) {
            appendLine(out, line, width);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i >= 3 && i <= 5;
            String cell = cells[i];
            String pad = " ".repeat(Math.max(0, width[i] - cell.length()));
            out.append(numeric ? pad + cell : i == cells.length - 1 ? cell : cell + pad).append(i < cells.length - 1 ? "  " : "");
        }
        out.append('\n');
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    static void json(List<Result> results, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode rows = root.putArray("rows");
        for (Result r : results) {
            ObjectNode row = rows.addObject();
            row.put("id", r.id());
            row.put("workload", r.workload());
            row.put("unit", r.unit());
            putNumber(row, "multiproc", r.multiproc());
            putNumber(row, "cpython", r.cpython());
            putNumber(row, "ratio", r.ratio());
            row.put("goal", r.goal().toString());
            if (r.pass() == null) {
                row.putNull("pass");
            } else {
                row.put("pass", r.pass());
            }
            if (r.error() != null) {
                row.put("error", r.error());
            }
        }
        mapper.writeValue(file.toFile(), root);
    }

    private static void putNumber(ObjectNode row, String field, double value) {
        if (Double.isNaN(value)) {
            row.putNull(field);
        } else {
            row.put(field, value);
        }
    }
}
