package dev.multiproc.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A pool worker died while running tasks (crashed, killed, or stopped for a timeout or a cancel). */
@Name("dev.multiproc.WorkerDeath")
@Label("Worker Death")
@Category({"multiproc", "Pool"})
@Description("A pool worker died while running tasks")
@StackTrace(false)
final class WorkerDeathEvent extends Event {
    @Label("Pool")
    String pool;

    @Label("Worker PID")
    long workerPid;

    @Label("Cause")
    String cause;

    @Label("Replaced")
    boolean replaced;
}
