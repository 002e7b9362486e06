package dev.multiproc.bench;

import dev.multiproc.bench.rows.ClusterRows;
import dev.multiproc.bench.rows.CodecRows;
import dev.multiproc.bench.rows.DslLatencyRows;
import dev.multiproc.bench.rows.DslRows;
import dev.multiproc.bench.rows.FlagshipRows;
import dev.multiproc.bench.rows.MemRows;
import dev.multiproc.bench.rows.ManagerRows;
import dev.multiproc.bench.rows.PipeRows;
import dev.multiproc.bench.rows.PoolRows;
import dev.multiproc.bench.rows.QueueRows;
import dev.multiproc.bench.rows.ShipRows;
import dev.multiproc.bench.rows.ShmRows;
import dev.multiproc.bench.rows.StartRows;
import dev.multiproc.bench.rows.SyncRows;

import java.util.ArrayList;
import java.util.List;

/** Every row of the harness, in table order. New capabilities add their rows here. */
final class Rows {
    private Rows() {
    }

    /**
     * The rows of a run.
     *
     * @param quickRun a {@code --quick} run of every row: it leaves out the reported rows that
     *                 would take it past its 3 minutes, the cluster rows (3 member JVMs and their
     *                 children to start: about a minute) and the {@code .trained} variants of the
     *                 goal rows (about 20 s each to train standby children); {@code --only} runs them
     */
    static List<Row> all(boolean quickRun) {
        List<Row> rows = new ArrayList<>();
        rows.addAll(StartRows.all());
        rows.addAll(PipeRows.all());
        rows.addAll(PoolRows.all());
        rows.addAll(MemRows.all());
        rows.addAll(QueueRows.all());
        rows.addAll(SyncRows.all());
        rows.addAll(ShmRows.all());
        rows.addAll(DslRows.all());
        rows.addAll(ShipRows.all());
        rows.addAll(CodecRows.all());
        rows.addAll(FlagshipRows.all());
        rows.addAll(DslLatencyRows.all());
        rows.addAll(ManagerRows.all());
        if (!quickRun) {
            rows.addAll(ClusterRows.all());
        } else {
            rows.removeIf(row -> row.id().endsWith(".trained"));
        }
        return rows;
    }
}
