package dev.multiproc.shared;

import dev.multiproc.internal.runtime.RuntimeDirectory;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.shm.SegmentFiles;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A named block of memory that processes share: Python's
 * {@code multiprocessing.shared_memory.SharedMemory}.
 *
 * <p>One process {@link #create creates} it; others {@link #attach attach} by name or receive it as
 * an argument (it is {@link Serializable}); all see the same bytes through {@link #buffer()}. Each
 * process {@link #close closes} its instance when done; the creator alone {@link #unlink unlinks}
 * it, after which nothing new can attach (mapped processes keep their view).
 *
 * <pre>{@code
 * try (SharedMemory block = SharedMemory.create("frames", 64 << 20)) {
 *     block.buffer().putLong(0, 42);
 *     ChildProcess p = new ChildProcess(() -> {
 *         try (SharedMemory same = SharedMemory.attach("frames")) {
 *             System.out.println(same.buffer().getLong(0));   // 42
 *         }
 *     });
 *     p.start();
 *     p.join();
 *     block.unlink();
 * }
 * }</pre>
 *
 * <h2>Names</h2>
 * A name (letters, digits, {@code . _ -}) is local to the process tree: {@code "frames"} is the file
 * {@code /dev/shm/multiproc-user-<uid>/multiproc-<rootPid>-shm-frames}, so two programs can both use
 * {@code "frames"}, and the file is removed with the tree's other resources. A name that starts with
 * {@code multiproc-} is a whole file name (see {@link #fileName()}): that is how an unrelated process
 * of the same user attaches. The directory is this user's alone (mode 0700), and a block is mapped
 * only if it is a regular file (never a symlink) of this user with an owner-only mode.
 *
 * <h2>Lifetime</h2>
 * The block exists until the creator calls {@link #unlink()} or the root process of its tree exits
 * (a root killed with SIGKILL leaves it to be swept by the next root that starts). The file is
 * readable and writable by its owner only. Blocks over 2 GiB are read through
 * {@link #buffer(long, int)} windows.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Null once closed: this instance no longer keeps the mapping reachable. */
    private transient volatile Segment segment;
    private final transient String name;
    private final transient String fileName;
    private final transient long size;
    private final transient boolean creator;
    private transient volatile boolean unlinked;

    private SharedMemory(Segment segment, String name, boolean creator) {
        this.segment = segment;
        this.name = name;
        this.fileName = segment.name();
        this.size = segment.size();
        this.creator = creator;
    }

    /**
     * Creates a block of {@code size} zero bytes with a fresh random name.
     *
     * @param size the block's size in bytes, positive
     * @return the new block; its {@link #name()} is what other processes attach by
     * @throws IllegalArgumentException if {@code size <= 0}
     */
    public static SharedMemory create(long size) {
        return create("psm_" + Long.toHexString(RANDOM.nextLong() >>> 1), size);
    }

    /**
     * Creates the block {@code name} of {@code size} zero bytes.
     *
     * @param name 1 to 200 of {@code [A-Za-z0-9._-]}, shared by every process that attaches the block
     * @param size the block's size in bytes, positive
     * @return the new block; this instance is its creator
     * @throws SharedMemoryExistsException if the name is taken
     * @throws IllegalArgumentException    if {@code size <= 0} or the name is not allowed
     */
    public static SharedMemory create(String name, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("shared memory size must be positive: " + size);
        }
        String file = fileName(name);
        try {
            return new SharedMemory(Segment.create(file, size), name, true);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException) {
                throw new SharedMemoryExistsException("shared memory '" + name + "' already exists (" + file + ")", e);
            }
            throw e;
        }
    }

    /**
     * Attaches to the existing block {@code name}. Each call checks that the block still exists: a
     * block unlinked by its creator, or swept after its process tree died, cannot be attached again
     * even by a process that attached it before, and a block created anew under the same name is
     * mapped afresh.
     *
     * @param name the name the block was created with
     * @return a new instance over the block, not its creator
     * @throws NoSuchSharedMemoryException if there is none
     */
    public static SharedMemory attach(String name) {
        return attachFile(fileName(name), name);
    }

    static SharedMemory attachFile(String file) {
        String prefix = SegmentFiles.prefix() + "shm-";
        return attachFile(file, file.startsWith(prefix) ? file.substring(prefix.length()) : file);
    }

    private static SharedMemory attachFile(String file, String name) {
        try {
            return new SharedMemory(Segment.attachCurrent(file), name, false);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                throw new NoSuchSharedMemoryException("no shared memory named '" + name + "' (" + file + ")", e);
            }
            throw e;
        }
    }

    private static String fileName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("shared memory name must be 1-200 of [A-Za-z0-9._-]: " + name);
        }
        return name.startsWith(RuntimeDirectory.PREFIX) ? name : SegmentFiles.prefix() + "shm-" + name;
    }

    /**
     * The name given at creation (or attach).
     *
     * @return the name other processes attach by
     */
    public String name() {
        return name;
    }

    /**
     * The file name under the segment directory, by which any process can attach.
     *
     * @return the name of the file that backs the block, with the process tree's prefix
     */
    public String fileName() {
        return fileName;
    }

    /**
     * Size in bytes.
     *
     * @return the size given at creation; fixed
     */
    public long size() {
        return size;
    }

    /**
     * Tells whether this instance created the block (and may unlink it).
     *
     * @return true for the instance {@code create} returned, false for attached ones
     */
    public boolean isCreator() {
        return creator;
    }

    /**
     * A view of the whole block: position 0, limit {@link #size()}, native byte order. Each call
     * returns a new buffer over the same memory, so positions are not shared between callers.
     *
     * @return a new buffer over the shared memory itself, not a copy
     * @throws IllegalStateException after {@link #close()}, or if the block is over 2 GiB
     */
    public ByteBuffer buffer() {
        return open().buffer().duplicate().clear().order(java.nio.ByteOrder.nativeOrder());
    }

    /**
     * A view of {@code length} bytes from {@code offset}, for blocks of any size.
     *
     * @param offset index in the block of the view's first byte, 0 or more
     * @param length the view's size in bytes; {@code offset + length} must not pass {@link #size()}
     * @return a new buffer (position 0, limit {@code length}, native byte order) over the shared memory itself
     * @throws IllegalStateException after {@link #close()}
     */
    public ByteBuffer buffer(long offset, int length) {
        return open().map(offset, length).order(java.nio.ByteOrder.nativeOrder());
    }

    /**
     * Stops using the block in this process: Python's {@code close()}. This instance lets go of its
     * mapping, which the JVM unmaps once the buffers already handed out (they stay valid) are
     * collected; the block itself lives on until {@link #unlink()}. Closing twice is harmless.
     */
    @Override
    public void close() {
        segment = null;
    }

    /**
     * Removes the block's name: no process can attach any more; the memory is freed when the last
     * process stops using it.
     *
     * @throws IllegalStateException       if this instance did not create the block
     * @throws NoSuchSharedMemoryException if it was already unlinked
     */
    public void unlink() {
        if (!creator) {
            throw new IllegalStateException("only the creator of shared memory '" + name + "' may unlink it");
        }
        if (unlinked || !Segment.unlink(fileName)) {
            throw new NoSuchSharedMemoryException("shared memory '" + name + "' was already unlinked", null);
        }
        unlinked = true;
    }

    private Segment open() {
        Segment open = segment;
        if (open == null) {
            throw new IllegalStateException("shared memory '" + name + "' is closed in this process");
        }
        return open;
    }

    /**
     * Sends the block by its file name: the receiving process attaches it.
     *
     * @return the serialized form naming the block's file
     */
    private Object writeReplace() {
        return new SerialForm(SharedMemory.class.getName(), fileName, null, false);
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size + " bytes]";
    }
}
