package dev.multiproc.cluster;

import com.hazelcast.collection.IQueue;
import dev.multiproc.cluster.internal.Seals;
import dev.multiproc.spi.ValueCodec;

import java.io.Serializable;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link BlockingQueue} over a Hazelcast {@code IQueue} of sealed items (see {@link Seals}): what
 * {@link ClusterManager#queue} returns. An item not sealed with the cluster's key is dropped
 * before it is decoded, as {@link ClusterQueue} does. A bounded queue's capacity is the engine's
 * (set by the manager when it makes the queue). Iteration walks a snapshot.
 */
class ClusterBlockingQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, Serializable {
    private static final long serialVersionUID = 1L;

    final ClusterLink link;

    ClusterBlockingQueue(ClusterLink link) {
        this.link = link;
    }

    IQueue<byte[]> queue() {
        return link.cluster().getQueue(link.name());
    }

    private byte[] seal(E item) {
        Objects.requireNonNull(item, "a queue cannot hold null");
        return Seals.seal(link.key(), link.place("queue"), ValueCodec.encode(item));
    }

    /** The item, or null when it is not sealed with the cluster's key (it is dropped, never decoded). */
    @SuppressWarnings("unchecked")
    private E open(byte[] sealed) {
        byte[] body = Seals.open(link.key(), link.place("queue"), sealed);
        return body == null ? null : (E) ValueCodec.decode(body);
    }

    @Override
    public boolean offer(E item) {
        return queue().offer(seal(item));
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return queue().offer(seal(item), timeout, unit);
    }

    @Override
    public void put(E item) throws InterruptedException {
        queue().put(seal(item));
    }

    /** One way of taking the head: blocking, with a timeout, or not waiting. */
    private interface Head {
        byte[] take() throws InterruptedException;
    }

    /** The first item {@code head} gives that is sealed with the cluster's key (the others are dropped); null for none. */
    private E firstSealed(Head head) throws InterruptedException {
        while (true) {
            byte[] sealed = head.take();
            if (sealed == null) {
                return null;
            }
            E item = open(sealed);
            if (item != null) {
                return item;
            }
        }
    }

    @Override
    public E take() throws InterruptedException {
        return firstSealed(() -> queue().take());
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return firstSealed(() -> queue().poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }

    @Override
    public E poll() {
        IQueue<byte[]> queue = queue();
        try {
            return firstSealed(queue::poll);
        } catch (InterruptedException impossible) {
            throw new IllegalStateException("a poll that does not wait was interrupted", impossible);
        }
    }

    @Override
    public E peek() {
        return open(queue().peek());
    }

    @Override
    public int size() {
        return queue().size();
    }

    @Override
    public int remainingCapacity() {
        return queue().remainingCapacity();
    }

    @Override
    public Iterator<E> iterator() {
        List<E> items = new ArrayList<>();
        for (Object sealed : queue().toArray()) {
            E item = open((byte[]) sealed);
            if (item != null) {
                items.add(item);
            }
        }
        return Collections.unmodifiableList(items).iterator();
    }

    @Override
    public int drainTo(Collection<? super E> into) {
        return drainTo(into, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> into, int most) {
        int drained = 0;
        E item;
        while (drained < most && (item = poll()) != null) {
            into.add(item);
            drained++;
        }
        return drained;
    }
}
