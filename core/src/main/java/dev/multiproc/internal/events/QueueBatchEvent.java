package dev.multiproc.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One frame of a queue's items on the wire: puts sent together, or items received for gets. */
@Name("dev.multiproc.QueueBatch")
@Label("Queue Batch")
@Category({"multiproc", "Queues"})
@Description("One frame of a queue's items: puts sent together, or items received for gets")
@StackTrace(false)
final class QueueBatchEvent extends Event {
    @Label("Queue")
    String queue;

    @Label("Direction")
    @Description("put: items this process sent; get: items it received")
    String direction;

    @Label("Items")
    int items;

    @Label("Size")
    @DataAmount
    long bytes;
}
