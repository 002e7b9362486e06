package dev.multiproc.spi;

import dev.multiproc.SerializableFunction;
import dev.multiproc.pool.ImapIterator;
import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The SPI's pool inputs, through the public {@code imap}: chunks as given, and reads only when ready. */
class PoolInputsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SerializableFunction<Integer, Integer> SQUARE = x -> x * x;

    /** Whole chunks, as a front end that cuts its own would hand them. */
    static final class Chunks implements Iterator<List<Integer>>, ChunkedInput {
        private final Iterator<List<Integer>> chunks;

        Chunks(List<List<Integer>> chunks) {
            this.chunks = chunks.iterator();
        }

        @Override
        public boolean hasNext() {
            return chunks.hasNext();
        }

        @Override
        public List<Integer> next() {
            return chunks.next();
        }
    }

    /** Items fed by the test thread; never blocks, says when it has something. */
    static final class Feed implements Iterator<Object>, ReadyInput {
        private static final Object END = new Object();
        private final BlockingQueue<Object> items = new ArrayBlockingQueue<>(16);
        private volatile Runnable wake = () -> { };

        void offer(Object item) {
            items.add(item);
            wake.run();
        }

        void end() {
            offer(END);
        }

        @Override
        public boolean ready() {
            return !items.isEmpty();
        }

        @Override
        public void onReady(Runnable wake) {
            this.wake = wake;
        }

        @Override
        public boolean hasNext() {
            return items.peek() != END;
        }

        @Override
        public Object next() {
            Object item = items.poll();
            if (item == null || item == END) {
                throw new NoSuchElementException("read before ready()");
            }
            return item;
        }
    }

    @Test
    void aChunkedInputRunsItsChunksAsGivenWithOneResultPerItem() {
        Chunks input = new Chunks(List.of(List.of(1, 2, 3), List.of(), List.of(4)));
        try (Pool pool = new Pool(1)) {
            List<Integer> results = new ArrayList<>();
            // typed as the items the function takes: the pool reads the input's elements as chunks
            @SuppressWarnings({"unchecked", "rawtypes"})
            Iterable<Integer> items = (Iterable) (Iterable<List<Integer>>) () -> input;
            ImapIterator<Integer> it = pool.imap(SQUARE, items, 1);
            while (it.hasNext()) {
                results.add(it.next(WAIT));
            }
            assertEquals(List.of(1, 4, 9, 16), results);
        }
    }

    @Test
    void anInputThatIsNotReadyHoldsUpNeitherThePoolNorItsOwnItems() {
        Feed feed = new Feed();
        try (Pool pool = new Pool(1)) {
            @SuppressWarnings("unchecked")
            ImapIterator<Integer> it = pool.imap((SerializableFunction<Object, Integer>) x -> (Integer) x + 1, () -> feed, 1);
            // nothing fed yet: the dispatcher must not sit in the input's hasNext()
            assertEquals(10, (int) pool.apply(SQUARE, 3) + 1);
            feed.offer(1);
            assertEquals(2, it.next(WAIT));
            feed.offer(2);
            feed.end();
            assertEquals(3, it.next(WAIT));
            assertFalse(it.hasNext());
        }
    }
}
