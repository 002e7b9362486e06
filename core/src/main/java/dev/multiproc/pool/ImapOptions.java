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

    /**
     * Results in input order ({@code imap}).
     *
     * @return options with chunks of 1, no bound on workers, the default read-ahead, named {@code imap()}
     */
    public static ImapOptions ordered() {
        return new ImapOptions(true, 1, 0, 0, "imap()");
    }

    /**
     * Results as they finish ({@code imapUnordered}).
     *
     * @return options with chunks of 1, no bound on workers, the default read-ahead, named {@code imapUnordered()}
     */
    public static ImapOptions unordered() {
        return new ImapOptions(false, 1, 0, 0, "imapUnordered()");
    }

    /**
     * How many items travel to a worker together (default 1).
     *
     * @param chunksize the chunk size, at least 1
     * @return a copy with the change; this object is not changed
     * @throws IllegalArgumentException when {@code chunksize} is less than 1
     */
    public ImapOptions chunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize < 1: " + chunksize);
        }
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, name);
    }

    /**
     * At most this many workers run the call's chunks at once, so that one call leaves workers to the others.
     *
     * @param maxWorkers the bound; 0 (the default) for all the pool's workers
     * @return a copy with the change; this object is not changed
     * @throws IllegalArgumentException when {@code maxWorkers} is negative
     */
    public ImapOptions maxWorkers(int maxWorkers) {
        if (maxWorkers < 0) {
            throw new IllegalArgumentException("maxWorkers < 0: " + maxWorkers);
        }
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, name);
    }

    /**
     * At most this many chunks are dispatched beyond what the consumer has taken.
     *
     * @param maxAhead the bound, in chunks; 0 (the default) for {@code max(4 * processes, 1024 / chunksize)}
     * @return a copy with the change; this object is not changed
     * @throws IllegalArgumentException when {@code maxAhead} is negative
     */
    public ImapOptions maxAhead(int maxAhead) {
        if (maxAhead < 0) {
            throw new IllegalArgumentException("maxAhead < 0: " + maxAhead);
        }
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, name);
    }

    /**
     * The call's name in error messages ("task 3 of map() failed in worker 1 ...").
     *
     * @param name the name, not {@code null}, e.g. {@code map()} for an API that builds its map on {@code imap}
     * @return a copy with the change; this object is not changed
     */
    public ImapOptions name(String name) {
        return new ImapOptions(ordered, chunksize, maxWorkers, maxAhead, java.util.Objects.requireNonNull(name, "name"));
    }

    /**
     * Whether results come in input order.
     *
     * @return true for {@link #ordered()}, false for {@link #unordered()}
     */
    public boolean isOrdered() {
        return ordered;
    }

    /**
     * The chunk size.
     *
     * @return how many items travel to a worker together, at least 1
     */
    public int chunksize() {
        return chunksize;
    }

    /**
     * The bound on the workers the call occupies.
     *
     * @return the bound, or 0 for all the pool's workers
     */
    public int maxWorkers() {
        return maxWorkers;
    }

    /**
     * The bound on the chunks dispatched ahead of the consumer.
     *
     * @return the bound in chunks, or 0 for the default
     */
    public int maxAhead() {
        return maxAhead;
    }

    /**
     * The call's name in error messages.
     *
     * @return the name, {@code imap()} or {@code imapUnordered()} unless set
     */
    public String name() {
        return name;
    }
}
