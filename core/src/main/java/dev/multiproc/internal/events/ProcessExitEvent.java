package dev.multiproc.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A child JVM exited; a negative exit code is the signal that ended it. */
@Name("dev.multiproc.ProcessExit")
@Label("Process Exit")
@Category({"multiproc", "Processes"})
@Description("A child JVM exited; a negative exit code is the signal that ended it")
@StackTrace(false)
final class ProcessExitEvent extends Event {
    @Label("Name")
    String name;

    @Label("PID")
    long pid;

    @Label("Exit Code")
    int exitCode;

    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;
}
