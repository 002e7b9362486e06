package dev.multiproc.pool;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CPython's {@code test_release_task_refs}: a finished call keeps neither its arguments nor its results. */
class PoolReleaseTest {

    /** A task argument and result with an identity the test can watch. */
    record Counted(int n) implements Serializable {
    }

    static Counted identity(Counted c) {
        return c;
    }

    @Test
    void aFinishedMapReleasesItsArgumentsAndResults() {
        try (Pool pool = new Pool(2)) {
            List<WeakReference<Object>> refs = new ArrayList<>();
            mapAndForget(pool, refs);
            assertEquals(0, survivors(refs), "arguments or results still reachable after map() returned");
        }
    }

    @Test
    void aFinishedApplyReleasesItsArgumentAndResult() {
        try (Pool pool = new Pool(1)) {
            List<WeakReference<Object>> refs = new ArrayList<>();
            Counted arg = new Counted(7);
            refs.add(new WeakReference<>(arg));
            refs.add(new WeakReference<>(pool.apply(PoolReleaseTest::identity, arg)));
            arg = null;
            assertEquals(0, survivors(refs), "the argument or result still reachable after apply() returned");
        }
    }

    /** In its own frame so that no local of the test keeps the lists alive. */
    private static void mapAndForget(Pool pool, List<WeakReference<Object>> refs) {
        List<Counted> objs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            objs.add(new Counted(i));
        }
        List<Counted> results = pool.map(PoolReleaseTest::identity, objs);
        assertEquals(objs, results);
        objs.forEach(o -> refs.add(new WeakReference<>(o)));
        results.forEach(o -> refs.add(new WeakReference<>(o)));
        refs.add(new WeakReference<>(objs));
        refs.add(new WeakReference<>(results));
    }

    /** Collects up to 50 times, as CPython's test does, and counts what is still reachable. */
    private static long survivors(List<WeakReference<Object>> refs) {
        for (int round = 0; round < 50 && refs.stream().anyMatch(r -> r.get() != null); round++) {
            System.gc();
            Thread.onSpinWait();
        }
        return refs.stream().filter(r -> r.get() != null).count();
    }
}
