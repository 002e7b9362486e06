package dev.multiproc.spi;

/**
 * A marker for an input iterator whose elements are whole chunks: each {@code next()} returns a
 * {@code java.util.List} of items that travel, and run, as one chunk, whatever the job's chunk
 * size. For callers that choose chunk boundaries themselves (the Kotlin DSL's growing chunks, or
 * what a {@code Flow} has emitted so far); results are still one per item.
 *
 * <pre>{@code
 * class Batches implements Iterator<List<Object>>, ChunkedInput { ... }
 * pool.imap(fn, () -> batches, options);   // fn runs on each item of each list
 * }</pre>
 *
 * <p>An empty chunk is skipped; a {@code next()} that throws fails the job with what it threw.
 */
public interface ChunkedInput {
}
