package dev.multiproc.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.cluster.internal.Signer;
import dev.multiproc.spi.ValueCodec;
import dev.multiproc.queue.QueueEmptyException;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A queue shared by the driver and the tasks on every member, over a Hazelcast {@code IQueue}:
 * {@link dev.multiproc.queue.ProcessQueue}'s {@code put} and {@code get}. Items are encoded with
 * the project's codec and signed with the authkey; an item without a valid signature is dropped
 * by {@link #get} before it is decoded.
 *
 * <pre>{@code
 * ClusterQueue<String> results = pool.queue("results");
 * pool.map(x -> { results.put("done " + x); return x; }, List.of(1, 2, 3));
 * results.get(Duration.ofSeconds(5));   // "done 1", "done 2" or "done 3"
 * }</pre>
 *
 * @param <T> the items' type
 */
public final class ClusterQueue<T> extends ClusterHandle {
    private static final long serialVersionUID = 1L;

    ClusterQueue(ClusterConfig config, String name, HazelcastInstance driver, Signer driverKey) {
        super(config, name, driver, driverKey);
    }

    private IQueue<byte[]> queue() {
        return hazelcast().getQueue("multiproc.queue." + name);
    }

    /**
     * Adds {@code item} at the tail.
     *
     * @param item not {@code null}; encoded as locally
     */
    public void put(T item) {
        if (item == null) {
            throw new NullPointerException("a cluster queue cannot hold null");
        }
        byte[] body = ValueCodec.encode(item);
        byte[] mac = signer().sign(fields(body));
        byte[] signed = Arrays.copyOf(mac, mac.length + body.length);
        System.arraycopy(body, 0, signed, mac.length, body.length);
        try {
            queue().put(signed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while putting on queue " + name, e);
        }
    }

    /**
     * Takes the head, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait at most, not {@code null}
     * @return the item
     * @throws QueueEmptyException when none came in time
     */
    @SuppressWarnings("unchecked")
    public T get(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Signer signer = signer();
        while (true) {
            byte[] signed;
            try {
                signed = queue().poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MultiprocessingException("interrupted while waiting on queue " + name, e);
            }
            if (signed == null) {
                throw new QueueEmptyException("cluster queue " + name + " stayed empty for " + timeout.toMillis() + " ms");
            }
            if (signed.length > Signer.MAC_BYTES) {
                byte[] body = Arrays.copyOfRange(signed, Signer.MAC_BYTES, signed.length);
                if (signer.verify(Arrays.copyOf(signed, Signer.MAC_BYTES), fields(body))) {
                    return (T) ValueCodec.decode(body);
                }
            }
            // not signed with the cluster's key: someone else's bytes, never decoded
        }
    }

    /**
     * The number of items in the queue now.
     *
     * @return the size
     */
    public int size() {
        return queue().size();
    }

    private Signer.Fields fields(byte[] body) {
        return Signer.fields().add("queue").add(name).add(body);
    }
}
