package dev.multiproc.spi;

/**
 * An input iterator of items that chooses how many of them make each chunk: before reading a
 * chunk, the pool asks {@link #nextChunkSize()} and reads that many items (fewer at the end),
 * whatever the job's chunk size. For callers whose best chunk size changes as the input is read,
 * such as the Kotlin DSL's guided chunks of a collection: small at first, so that the first
 * results come soon, large in the middle, so that trivial items do not pay a round trip each,
 * and small again at the end, so that no worker is left with a long last chunk while the others
 * idle. The items are read one by one, as for a fixed chunk size: no list is built per chunk.
 *
 * <pre>{@code
 * class Halving implements Iterator<Object>, SizedChunks {
 *     public int nextChunkSize() { return Math.max(1, remaining / 4); }
 *     ...
 * }
 * pool.imap(fn, () -> halving, options);   // results one per item, as always
 * }</pre>
 */
public interface SizedChunks {
    /**
     * How many items the next chunk holds; called by the pool's dispatcher thread just before it
     * reads them.
     *
     * @return at least 1
     */
    int nextChunkSize();
}
