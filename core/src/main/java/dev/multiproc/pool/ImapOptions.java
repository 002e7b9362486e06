package dev.multiproc.pool;

/**
 * How a streaming call ({@link Pool#imap(dev.multiproc.SerializableFunction, Iterable, ImapOptions)})
 * runs: result order, chunk size, and two bounds Python's {@code imap} does not have.
 *
 * <pre>{@code
 * ImapOptions options = ImapOptions.unordered().chunksize(64).maxWorkers(2).maxAhead(8);
 * try (ImapIterator<Integer> it = pool.imap(x -> x * x, numbers, options)) {
 *     it.forEachRemaining(System.out::println);
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #maxWorkers}: at most this many workers run the call's chunks at once (0: all), so
 *       that one call leaves workers to the others.</li>
 *   <li>{@link #maxAhead}: at most this many chunks are dispatched beyond what the consumer has
 *       taken (0: {@code max(4 * processes, 1024 / chunksize)}), so that a slow consumer does not
 *       make the pool read the whole input.</li>
 * </ul>
 * Immutable: each method returns a copy.
 */
public final class ImapOptions {
    private final boolean ordered;
    private final int chunksize;
    private final int maxWorkers;
    private final int maxAhead;
    private final String name;

    private ImapOptions(boolean ordered, int chunksize, int maxWorkers, int maxAhead, String name) {
        this.ordered = ordered;
        this.chunksize = chunksize;
        this.maxWorkers = maxWorkers;
        this.maxAhead = maxAhead;
        this.name = name;
    }

    /** Results in input order ({@code imap}). */
    public static ImapOptions ordered() {
        return new ImapOptions(true, 1, 0, 0, "imap()");
    }

    /** Results as they finish ({@code imapUnordered}). */
    public static ImapOptions unordered() {
        return new ImapOptions(false, 1, 0, 0, "imapUnordered()");
    }

    public ImapOptions chunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize < 1: " + chunksize);
        }
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, name);
    }

    public ImapOptions maxWorkers(int maxWorkers) {
        if (maxWorkers < 0) {
            throw new IllegalArgumentException("maxWorkers < 0: " + maxWorkers);
        }
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, name);
    }

    public ImapOptions maxAhead(int maxAhead) {
        if (maxAhead < 0) {
            throw new IllegalArgumentException("maxAhead < 0: " + maxAhead);
        }
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, name);
    }

    /** The call's name in error messages ("task 3 of map() failed in worker 1 ..."). */
    public ImapOptions name(String name) {
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, java.util.Objects.requireNonNull(name, "name"));
    }

    public boolean isOrdered() {
        return ordered;
    }

    public int chunksize() {
        return chunksize;
    }

    public int maxWorkers() {
        return maxWorkers;
    }

    public int maxAhead() {
        return maxAhead;
    }

    public String name() {
        return name;
    }
}
