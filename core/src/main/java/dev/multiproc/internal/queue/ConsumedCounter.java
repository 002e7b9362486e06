package dev.multiproc.internal.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many of the items leased to one consumer connection it has disposed of (handed to its
 * caller or returned), in a page of memory shared by the consumer and the queue's owner.
 *
 * <p>Why shared memory: a consumer fetches items ahead of its callers for throughput. If it is
 * killed, the owner must give back exactly the fetched items no caller received: not one fewer
 * (lost items) and not one more (duplicates). A count sent over the socket could die unsent with
 * the consumer; a store to a shared page cannot, and costs no system call. The owner reads the
 * count when the connection ends (and for {@code qsize()}).
 *
 * <p>The consumer creates the file, the owner maps it and deletes it at once, so nothing is left
 * in the runtime directory while both hold the mapping.
 *
 * <p>Fences around plain accesses rather than a {@code VarHandle}: the consumer updates the count
 * on every get, in a child whose code still runs interpreted for its first thousands of items, and
 * a view {@code VarHandle} goes through several method-handle frames per call there (profiled: an
 * eighth of a fresh consumer's get).
 */
final class ConsumedCounter {
    private static final AtomicLong FILES = new AtomicLong();

    private final MappedByteBuffer page;
    /** The consumer's own copy of the count, which only it writes. */
    private long count;

    private ConsumedCounter(MappedByteBuffer page) {
        this.page = page;
        page.order(ByteOrder.nativeOrder());
    }

    /** Creates a fresh counter file in {@code dir} (the consumer's side). */
    static Path createFile(Path dir) {
        Path file = dir.resolve("qc-" + ProcessHandle.current().pid() + "-" + FILES.incrementAndGet());
        try {
            Files.write(file, new byte[Long.BYTES], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the queue counter file " + file, e);
        }
    }

    static ConsumedCounter map(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new ConsumedCounter(channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the queue counter file " + file, e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the other side deletes it too
        }
    }

    /** The owner's read (an acquire load). */
    long get() {
        long value = page.getLong(0);
        VarHandle.acquireFence();
        return value;
    }

    /** Only the consumer writes, under its own lock, so a plain add is enough (a release store). */
    void add(long n) {
        count += n;
        VarHandle.releaseFence();
        page.putLong(0, count);
    }
}
