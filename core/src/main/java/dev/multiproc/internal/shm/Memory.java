package dev.multiproc.internal.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Atomic views of a {@link java.nio.ByteBuffer} at byte offsets: plain, acquire/release, volatile,
 * compare-and-set and get-and-add on 32- and 64-bit words.
 *
 * <p>Why VarHandles and not {@code ByteBuffer.getLong}: the buffer methods are plain accesses with
 * no ordering; a VarHandle view compiles to a single {@code lock cmpxchg}/{@code lock xadd} on the
 * mapped page, which is what makes a word in a shared file usable across processes. Offsets must be
 * aligned to the word size (segments are page aligned and every layout keeps 8-byte alignment).
 * The byte order is the machine's: every process of a tree runs on the same machine.
 */
public final class Memory {
    /** {@code int} at a byte offset: {@code (int) INT.getVolatile(buffer, offset)}. */
    public static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    /** {@code long} at a byte offset: {@code (long) LONG.getVolatile(buffer, offset)}. */
    public static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private Memory() {
    }
}
