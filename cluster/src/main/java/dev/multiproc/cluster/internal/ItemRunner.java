package dev.multiproc.cluster.internal;

import dev.multiproc.SerializableFunction;
import dev.multiproc.spi.ValueCodec;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one task of a shipped job in a member's child JVM: decodes the job's function (once per
 * child, cached by its bytes) and the task's argument, applies one to the other, and encodes what
 * came out as an {@link ItemOutcome}. It never throws for the task's own failure, so that one
 * failed task of a chunk does not hide its neighbours' results.
 *
 * <p>The member never decodes the function or the arguments: they are opaque bytes to it, and
 * the classes they need (not on the member's class path) are fetched by the child from the
 * member, which asks the driver ({@link DriverClasses}).
 */
public final class ItemRunner implements SerializableFunction<byte[], byte[]> {
    private static final long serialVersionUID = 1L;
    private static final Map<ByteBuffer, SerializableFunction<Object, Object>> DECODED = new ConcurrentHashMap<>();

    private final byte[] function;
    private final String clusterName;
    private final byte[] authkey;

    /**
     * @param clusterName the member's cluster, and {@code authkey} its key: for the cluster
     *        primitives a task may use (this object travels only over the member's private channel
     *        to its own child JVMs)
     */
    public ItemRunner(byte[] function, String clusterName, byte[] authkey) {
        this.function = function;
        this.clusterName = clusterName;
        this.authkey = authkey;
    }

    @Override
    public byte[] apply(byte[] argument) {
        Clients.key(clusterName, authkey);
        try {
            Object result = function().apply(ValueCodec.decode(argument));
            return ItemOutcome.ok(result);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
                throw (VirtualMachineError) failure; // the worker is unusable: let the pool replace it
            }
            return ItemOutcome.failed(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private SerializableFunction<Object, Object> function() {
        ByteBuffer key = ByteBuffer.wrap(function);
        SerializableFunction<Object, Object> known = DECODED.get(key);
        if (known == null) {
            known = (SerializableFunction<Object, Object>) ValueCodec.decode(function);
            DECODED.put(key, known);
        }
        return known;
    }
}
