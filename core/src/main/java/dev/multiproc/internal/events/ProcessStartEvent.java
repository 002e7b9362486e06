package dev.multiproc.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A child JVM was handed its work: a {@code Process}, a pool worker or a manager. */
@Name("dev.multiproc.ProcessStart")
@Label("Process Start")
@Category({"multiproc", "Processes"})
@Description("A child JVM was handed its work")
@StackTrace(false)
final class ProcessStartEvent extends Event {
    @Label("Name")
    String name;

    @Label("PID")
    long pid;
}
