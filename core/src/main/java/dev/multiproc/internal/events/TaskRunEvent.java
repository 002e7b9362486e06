package dev.multiproc.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A chunk of a pool's tasks came back from its worker. */
@Name("dev.multiproc.TaskRun")
@Label("Task Run")
@Category({"multiproc", "Pool"})
@Description("A chunk of a pool's tasks came back from its worker: how long it waited and how long it ran")
@StackTrace(false)
final class TaskRunEvent extends Event {
    @Label("Pool")
    String pool;

    @Label("Call")
    String call;

    @Label("Worker PID")
    long workerPid;

    @Label("First Task")
    long firstTask;

    @Label("Tasks")
    int tasks;

    @Label("Queue Wait")
    @Description("From the chunk's creation until its worker began it: waiting for a worker, the transfer, "
            + "and chunks queued ahead of it at the worker")
    @Timespan(Timespan.NANOSECONDS)
    long queueWait;

    @Label("Run Time")
    @Description("The tasks' own time in the worker")
    @Timespan(Timespan.NANOSECONDS)
    long runTime;
}
