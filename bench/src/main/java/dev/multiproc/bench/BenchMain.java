package dev.multiproc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark harness: measures multiproc and CPython's multiprocessing on this machine in the
 * same run and prints them side by side with the ratio and the goal of each row.
 *
 * <pre>
 * java -jar bench/target/multiproc-bench.jar [--quick] [--only id,id,prefix] [--json FILE]
 *      [--markdown FILE] [--reps N] [--python-json FILE | --no-python] [--python-script PATH] [--list]
 * </pre>
 *
 * Exit status 0 even when a goal is missed: the table is the verdict, and a missed goal is data.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<Row> rows = select(Rows.all(options.quick && (options.only == null || options.only.isBlank())), options.only);
        if (options.list) {
            Scale scale = new Scale(options.quick, options.reps);
            rows.forEach(r -> System.out.printf("%-16s %-8s %-10s %s%n", r.id(), r.goal(), r.unit(), r.workload(scale)));
            return;
        }
        Scale scale = new Scale(options.quick, options.reps);
        PythonBaseline python = baseline(options, rows);
        List<Result> results = new ArrayList<>();
        for (Row row : rows) {
            System.err.println("measuring " + row.id() + ": " + row.workload(scale));
            double cpython = python.median(row.pythonKey());
            try {
                results.add(Result.of(row, scale, row.measure(scale), cpython));
            } catch (Exception | Error e) {
                e.printStackTrace();
                results.add(Result.failed(row, scale, cpython, e instanceof Exception ? (Exception) e : new RuntimeException(e)));
            }
        }
        String machine = Machine.describe() + "; " + python.description() + (options.quick ? "; --quick sizes" : "");
        System.out.println(machine);
        System.out.println(Report.table(results, false));
        if (options.json != null) {
            Report.json(results, options.json);
        }
        if (options.markdown != null) {
            Files.writeString(options.markdown, "Measured on " + machine + ".\n\n" + Report.table(results, true));
        }
    }

    private static PythonBaseline baseline(Options options, List<Row> rows) throws Exception {
        if (options.noPython) {
            return PythonBaseline.none("no CPython run");
        }
        if (options.pythonJson != null) {
            return PythonBaseline.read(options.pythonJson);
        }
        Path script = PythonBaseline.locate(options.pythonScript);
        if (script == null) {
            System.err.println("CPython baseline script not found (shared/bench/python/mp_baseline.py); use --python-script");
            return PythonBaseline.none("CPython baseline script not found");
        }
        Set<String> sections = new TreeSet<>();
        rows.stream().map(Row::pythonSection).filter(s -> s != null).forEach(sections::add);
        return sections.isEmpty() ? PythonBaseline.none("no CPython rows selected")
                : PythonBaseline.run(script, sections, options.quick);
    }

    /** Rows whose id equals or starts with one of the comma-separated selectors ("pipe" selects pipe.*). */
    static List<Row> select(List<Row> rows, String only) {
        if (only == null || only.isBlank()) {
            return rows;
        }
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(only.split(",")));
        List<Row> selected = new ArrayList<>();
        for (Row row : rows) {
            for (String w : wanted) {
                if (row.id().equals(w) || row.id().startsWith(w + ".")) {
                    selected.add(row);
                    break;
                }
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("--only " + only + " selects no row; --list shows them");
        }
        return selected;
    }

    /** Command-line options. */
    static final class Options {
        boolean quick;
        boolean list;
        boolean noPython;
        int reps = 3;
        String only;
        Path json;
        Path markdown;
        Path pythonJson;
        String pythonScript;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick": o.quick = true; break;
                    case "--list": o.list = true; break;
                    case "--no-python": o.noPython = true; break;
                    case "--reps": o.reps = Integer.parseInt(args[++i]); break;
                    case "--only": o.only = args[++i]; break;
                    case "--json": o.json = Path.of(args[++i]); break;
                    case "--markdown": o.markdown = Path.of(args[++i]); break;
                    case "--python-json": o.pythonJson = Path.of(args[++i]); break;
                    case "--python-script": o.pythonScript = args[++i]; break;
                    default: throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: [--quick] [--only ids] [--json FILE] [--markdown FILE] [--reps N]"
                            + " [--python-json FILE | --no-python] [--python-script PATH] [--list]");
                }
            }
            if (o.reps < 1) {
                throw new IllegalArgumentException("--reps < 1: " + o.reps);
            }
            return o;
        }
    }
}
