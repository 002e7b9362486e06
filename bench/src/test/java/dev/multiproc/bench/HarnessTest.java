package dev.multiproc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's own logic: goals, selection, CPython's JSON in, our JSON out. */
class HarnessTest {

    @Test
    void goalsJudgeRatiosInTheRightDirection() {
        assertTrue(Goal.atLeast(3).passes(3.0));
        assertFalse(Goal.atLeast(3).passes(2.99));
        assertTrue(Goal.atMost(0.5).passes(0.4));
        assertFalse(Goal.atMost(0.5).passes(0.51));
        assertNull(Goal.reported().passes(7));
        assertNull(Goal.atLeast(1).passes(Double.NaN), "no CPython figure: nothing to judge");
        assertEquals(">= 1.5x", Goal.atLeast(1.5).toString());
        assertEquals("<= 1x", Goal.atMost(1).toString());
        assertTrue(Goal.equal().passes(1.0), "a check: the same count as CPython's");
        assertFalse(Goal.equal().passes(1.0000001));
        assertEquals("= 1x", Goal.equal().toString());
    }

    @Test
    void onlySelectsExactIdsAndPrefixes() {
        List<Row> rows = Rows.all(false);
        assertEquals(List.of("start.cold"), BenchMain.select(rows, "start.cold").stream().map(Row::id).toList());
        assertEquals(List.of("start.cold", "start.standby"), BenchMain.select(rows, "start").stream().map(Row::id).toList());
        assertThrows(IllegalArgumentException.class, () -> BenchMain.select(rows, "nothing.here"));
    }

    @Test
    void rowIdsAreUniqueAndNamePythonKeysOfTheBaselineScript() {
        List<Row> rows = Rows.all(false);
        assertEquals(rows.size(), rows.stream().map(Row::id).distinct().count());
        for (Row row : rows) {
            if (row.pythonKey() != null) {
                assertTrue(row.pythonKey().matches("[0-9]{1,2}a?\\.[0-9]+"), row.id() + " -> " + row.pythonKey());
                assertTrue(row.pythonSection().matches("[1-9][0-9]?"), row.pythonSection());
            }
        }
    }

    @Test
    void readsCpythonsJsonAndWritesTheDocumentedShape(@TempDir Path dir) throws Exception {
        Path python = dir.resolve("py.json");
        Files.writeString(python, "{\"python\": \"3.11.7\", \"method\": \"fork\", \"rows\": ["
                + "{\"id\": \"1\", \"key\": \"1.1\", \"unit\": \"ms/proc\", \"median\": 80.0},"
                + "{\"id\": \"5\", \"key\": \"5.1\", \"unit\": \"msgs/s\", \"median\": 100000}]}");
        PythonBaseline baseline = PythonBaseline.read(python);
        assertEquals(80.0, baseline.median("1.1"));
        assertTrue(Double.isNaN(baseline.median("9.9")));

        Row cold = BenchMain.select(Rows.all(false), "start.cold").get(0);
        Scale scale = new Scale(true, 3);
        Result result = Result.of(cold, scale, 100.0, baseline.median("1.1"));
        assertEquals(1.25, result.ratio(), 1e-9);
        assertTrue(result.pass());

        Path out = dir.resolve("out.json");
        Report.json(List.of(result), out);
        JsonNode row = new ObjectMapper().readTree(out.toFile()).path("rows").get(0);
        assertEquals("start.cold", row.path("id").asText());
        assertEquals("ms/proc", row.path("unit").asText());
        assertEquals(100.0, row.path("multiproc").asDouble());
        assertEquals(80.0, row.path("cpython").asDouble());
        assertEquals(1.25, row.path("ratio").asDouble(), 1e-9);
        assertEquals("<= 1.25x", row.path("goal").asText());
        assertTrue(row.path("pass").isBoolean() && row.path("pass").asBoolean());

        Row dslMap = BenchMain.select(Rows.all(false), "dsl.map").get(0);
        Result selfJudged = Result.of(dslMap, scale, 1.3, Double.NaN);
        assertEquals(1.3, selfJudged.ratio(), 1e-9, "a row without CPython measures its own ratio");
        assertFalse(selfJudged.pass());

        String table = Report.table(List.of(result), true);
        assertTrue(table.contains("| start.cold |"), table);
    }

    @Test
    void theColdStartRowMeasuresRealProcesses() throws Exception {
        Row cold = BenchMain.select(Rows.all(false), "start.cold").get(0);
        double millis = cold.measure(new Scale(true, 1));
        assertTrue(millis > 1 && millis < 60_000, "ms per start+join: " + millis);
    }
}
