package dev.multiproc.internal.shm;

import dev.multiproc.internal.runtime.PrivateDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import dev.multiproc.internal.runtime.PrivateDirectory;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A file in {@link SegmentFiles#directory()} mapped into this process.
 *
 * <p>One instance per name per JVM: {@link #attach} returns the live instance when there is one, so
 * a primitive received twice shares one mapping and one set of {@link #local JVM-local state}
 * (for example the gate that queues the threads of one JVM on a reentrant lock).
 *
 * <p>The mapping is never unmapped explicitly: a {@link ByteBuffer} handed out stays valid for as
 * long as something references it, so no use after {@code close} can crash the JVM. The file
 * descriptor is closed right after mapping (the mapping does not need it), and {@link #unlink}
 * only removes the name: processes that mapped the segment keep using it.
 */
public final class Segment {
    private static final Map<String, WeakReference<Segment>> ATTACHED = new ConcurrentHashMap<>();
    private static final AtomicLong CREATED = new AtomicLong();

    private final String name;
    private final Path path;
    private final long size;
    private final ByteBuffer buffer;
    private final boolean creator;
    /** The identity of the mapped file, see {@link #attachCurrent}. */
    private final Object fileKey;
    private final Map<Object, Object> locals = new ConcurrentHashMap<>();

    private Segment(String name, Path path, long size, ByteBuffer buffer, boolean creator) {
        this.name = name;
        this.path = path;
        this.size = size;
        this.buffer = buffer;
        this.creator = creator;
        this.fileKey = fileKey(path);
    }

    /**
     * Creates the file {@code name} (owner read/write only), {@code size} zero bytes, and maps it.
     *
     * @throws UncheckedIOException with a {@link FileAlreadyExistsException} cause if it exists
     */
    public static Segment create(String name, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("segment size must be positive: " + size);
        }
        Path path = SegmentFiles.directory().resolve(name);
        try (FileChannel channel = FileChannel.open(path,
                Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            // tmpfs allocates pages lazily: a sparse file reads as zeros, which is every layout's
            // initial state
            channel.truncate(size);
            channel.position(size - 1).write(ByteBuffer.allocate(1));
            Segment segment = new Segment(name, path, size, mapWhole(channel, size), true);
            purgeCleared();
            ATTACHED.put(name, new WeakReference<>(segment));
            return segment;
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("segment " + name + " already exists in " + path.getParent(), e);
        } catch (IOException e) {
            deleteQuietly(path);
            throw new UncheckedIOException("cannot create segment " + path + " of " + size + " bytes", e);
        }
    }

    /**
     * Maps the existing file {@code name}, or returns this JVM's live mapping of it.
     *
     * @throws UncheckedIOException with a {@link NoSuchFileException} cause if it does not exist
     */
    public static Segment attach(String name) {
        WeakReference<Segment> ref = ATTACHED.get(name);
        Segment live = ref == null ? null : ref.get();
        if (live != null) {
            return live;
        }
        synchronized (ATTACHED) {
            ref = ATTACHED.get(name);
            live = ref == null ? null : ref.get();
            if (live != null) {
                return live;
            }
            Path path = SegmentFiles.directory().resolve(name);
            try (FileChannel channel = openExisting(path)) {
                long size = channel.size();
                Segment segment = new Segment(name, path, size, mapWhole(channel, size), false);
                ATTACHED.put(name, new WeakReference<>(segment));
                return segment;
            } catch (NoSuchFileException e) {
                throw new UncheckedIOException("no segment named " + name + " in " + path.getParent(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot attach segment " + path, e);
            }
        }
    }

    /**
     * Opens an existing segment file without following a symlink, and only if this user owns it and
     * no one else may read or write it: a file planted by another user is never mapped.
     */
    private static FileChannel openExisting(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            // the directory is this user's alone (SegmentFiles), so the name still means the file opened
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> others = EnumSet.copyOf(attributes.permissions());
            others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            if (!attributes.owner().equals(PrivateDirectory.self()) || !others.isEmpty()) {
                throw new AccessDeniedException(path.toString(), null, "segment file belongs to "
                        + attributes.owner().getName() + " with mode "
                        + PosixFilePermissions.toString(attributes.permissions())
                        + "; only files of " + PrivateDirectory.self().getName() + " with mode rw------- are mapped");
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * As {@link #attach}, for names that can be reused: a name can be unlinked (or its files swept
     * after its tree died) and created again by another process, so this JVM's live mapping is
     * returned only while the file under the name is still the one it maps.
     *
     * @throws UncheckedIOException with a {@link NoSuchFileException} cause if it does not exist
     */
    public static Segment attachCurrent(String name) {
        Path path = SegmentFiles.directory().resolve(name);
        Object key = fileKey(path);
        WeakReference<Segment> ref = ATTACHED.get(name);
        Segment live = ref == null ? null : ref.get();
        if (live != null && !key.equals(live.fileKey)) {
            synchronized (ATTACHED) {
                ATTACHED.remove(name, ref); // stale: the mapping of a file that is gone
            }
        }
        return attach(name);
    }

    /** The identity of the file at {@code path} (device and inode on Linux). */
    private static Object fileKey(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no segment named " + path.getFileName() + " in " + path.getParent(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of segment " + path, e);
        }
    }

    /** Drops cache entries of collected segments, now and then, so the cache does not grow. */
    private static void purgeCleared() {
        if ((CREATED.incrementAndGet() & 255) == 0) {
            ATTACHED.values().removeIf(ref -> ref.get() == null);
        }
    }

    private static ByteBuffer mapWhole(FileChannel channel, long size) throws IOException {
        if (size > Integer.MAX_VALUE) {
            return null; // mapped window by window, see map()
        }
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        // native order, like the Memory atomics, so plain and atomic accesses agree
        mapped.order(ByteOrder.nativeOrder());
        return mapped;
    }

    /** The file name (no directory). */
    public String name() {
        return name;
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** Size in bytes. */
    public long size() {
        return size;
    }

    /** True in the process (and instance) that created the file. */
    public boolean isCreator() {
        return creator;
    }

    /**
     * The whole mapping, in native byte order. Absolute accessors and {@link Memory} atomics only: the buffer is shared,
     * its position and limit must not be moved.
     *
     * @throws IllegalStateException for segments over 2 GiB, which are read through {@link #map}
     */
    public ByteBuffer buffer() {
        if (buffer == null) {
            throw new IllegalStateException("segment " + name + " has " + size
                    + " bytes, more than one ByteBuffer can address; use map(offset, length)");
        }
        return buffer;
    }

    /** A new buffer over {@code length} bytes from {@code offset}, positioned at 0, native order. */
    public ByteBuffer map(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("window [" + offset + ", " + (offset + length)
                    + ") outside segment " + name + " of " + size + " bytes");
        }
        if (buffer != null) {
            return buffer.slice((int) offset, length).order(ByteOrder.nativeOrder());
        }
        try (FileChannel channel = openExisting(path)) {
            MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_WRITE, offset, length);
            window.order(ByteOrder.nativeOrder());
            return window;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map [" + offset + ", " + (offset + length) + ") of " + path, e);
        }
    }

    /**
     * State kept once per JVM for this segment under {@code key}, created on first use.
     * Instances of a primitive that were deserialized separately share it.
     */
    @SuppressWarnings("unchecked")
    public <T> T local(Object key, Supplier<T> factory) {
        return (T) locals.computeIfAbsent(key, k -> factory.get());
    }

    /**
     * Removes the file; the mappings of every process stay valid.
     *
     * @return false if it was already gone
     */
    public boolean unlink() {
        ATTACHED.computeIfPresent(name, (k, ref) -> ref.get() == this ? null : ref);
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlink segment " + path, e);
        }
    }

    /**
     * Removes the file {@code name} and forgets this JVM's mapping of it, for an owner that no
     * longer holds its mapping; the mappings of every process stay valid.
     *
     * @return false if it was already gone
     */
    public static boolean unlink(String name) {
        ATTACHED.remove(name);
        Path path = SegmentFiles.directory().resolve(name);
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlink segment " + path, e);
        }
    }

    /** True while the file exists. */
    public boolean exists() {
        return Files.exists(path);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    @Override
    public String toString() {
        return "Segment[" + name + ", " + size + " bytes" + (creator ? ", creator" : "") + "]";
    }
}
