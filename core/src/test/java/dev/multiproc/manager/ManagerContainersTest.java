package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPython's {@code _TestContainers}: lists, dicts and namespaces held by a MANAGER.get(). */
class ManagerContainersTest {
    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    @Test
    void list() {
        ManagedList<Integer> a = MANAGER.get().list(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), a.copy());
        ManagedList<Integer> b = MANAGER.get().list();
        assertEquals(List.of(), b.copy());
        b.addAll(List.of(0, 1, 2, 3, 4));                   // b.extend(range(5))
        assertEquals(List.of(0, 1, 2, 3, 4), b.copy());
        assertEquals(Integer.valueOf(2), b.get(2));
        assertEquals(List.of(2, 3), b.subList(2, 4));      // b[2:4]
        b.addAll(List.of(5, 6, 7));                         // b *= ... as extend
        assertEquals(8, b.size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), b);  // equals walks a snapshot
        assertEquals("[0, 1, 2, 3, 4, 5, 6, 7]", b.toString());
        assertEquals(Integer.valueOf(7), b.remove(7));
        assertTrue(b.remove((Object) 0));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), b.copy());
        b.sort((Comparator<Integer> & Serializable) (x, y) -> y - x);
        assertEquals(List.of(6, 5, 4, 3, 2, 1), b.copy());
        assertTrue(b.removeIf((Predicate<Integer> & Serializable) x -> x % 2 == 0));
        assertEquals(List.of(5, 3, 1), b.copy());
        b.replaceAll((UnaryOperator<Integer> & Serializable) x -> x * 10);
        assertEquals(List.of(50, 30, 10), b.copy());
        assertEquals(1, b.indexOf(30));
        assertTrue(b.contains(10));
        assertFalse(b.contains(11));
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(3));   // Python's IndexError, same type here
        b.clear();
        assertTrue(b.isEmpty());
    }

    @Test
    void listIterationWalksASnapshot() {
        ManagedList<Integer> a = MANAGER.get().list(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        List<Integer> seen = new ArrayList<>();
        for (Integer x : a) {
            seen.add(x);
            if (x == 0) {
                a.add(99); // not seen: the iterator walks the snapshot taken when it began
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
        assertEquals(11, a.size());
        Iterator<Integer> it = a.iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
    }

    @Test
    void listProxyInList() {
        List<ManagedList<Integer>> a = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            a.add(MANAGER.get().list(List.of(1, 2, 3)));
        }
        a.get(0).set(2, 55);
        assertEquals(List.of(1, 2, 55), a.get(0).copy());
        assertEquals(List.of(1, 2, 3), a.get(1).copy());
        assertEquals(Integer.valueOf(3), a.get(1).remove(2));
        assertEquals(List.of(1, 2), a.get(1).copy());

        ManagedList<ManagedList<Integer>> outer = MANAGER.get().list();
        ManagedList<Integer> inner = MANAGER.get().list(List.of(1, 2, 3));
        outer.add(inner);
        outer.get(0).add(4);                               // through the copy that came back...
        assertEquals(List.of(1, 2, 3, 4), inner.copy());   // ...the same list on the server
        assertEquals(inner, outer.get(0));
    }

    @Test
    void dict() {
        Map<Integer, Character> indices = new LinkedHashMap<>();
        for (int i = 65; i < 70; i++) {
            indices.put(i, (char) i);
        }
        ManagedDict<Integer, Character> d = MANAGER.get().dict();
        d.putAll(indices);
        assertEquals(indices, d.copy());
        assertEquals(new TreeMap<>(indices).keySet(), new TreeMap<>(d).keySet());
        assertEquals(5, d.size());
        assertEquals(Character.valueOf('A'), d.get(65));
        assertNull(d.get(1));
        assertEquals(Character.valueOf('?'), d.getOrDefault(1, '?'));
        assertTrue(d.containsKey(66));
        assertTrue(d.containsValue('C'));
        assertEquals(Character.valueOf('D'), d.remove(68));
        assertEquals(4, d.size());
        d.put(null, null); // a HashMap on the server, as Python's dict takes None
        assertTrue(d.containsKey(null));
        d.clear();
        assertTrue(d.isEmpty());
        assertEquals(Map.of(), d.copy());
    }

    @Test
    void dictIterationAndViews() {
        ManagedDict<String, Integer> d = MANAGER.get().dict(Map.of("a", 1, "b", 2, "c", 3));
        assertEquals(Map.of("a", 1, "b", 2, "c", 3), new TreeMap<>(d));
        assertEquals(6, d.values().stream().mapToInt(Integer::intValue).sum());
        Iterator<String> keys = d.keySet().iterator();
        while (keys.hasNext()) {
            if (keys.next().equals("b")) {
                keys.remove(); // removes on the server
            }
        }
        assertEquals(Map.of("a", 1, "c", 3), d.copy());
        assertTrue(d.keySet().contains("a"));
        assertEquals(Map.of("a", 1, "c", 3), d);
        assertEquals(Map.of("a", 1, "c", 3).hashCode(), d.hashCode());
    }

    @Test
    void dictProxyNested() {
        ManagedDict<String, Integer> pets = MANAGER.get().dict(Map.of("ferrets", 2, "hamsters", 4));
        ManagedDict<String, Integer> supplies = MANAGER.get().dict(Map.of("water", 10, "feed", 3));
        ManagedDict<String, ManagedDict<String, Integer>> d = MANAGER.get().dict(Map.of("pets", pets, "supplies", supplies));

        assertEquals(10, supplies.get("water"));
        assertEquals(10, d.get("supplies").get("water"));

        d.get("supplies").put("blankets", 5);
        assertEquals(5, supplies.get("blankets"));
        assertEquals(5, d.get("supplies").get("blankets"));

        d.get("supplies").put("water", 7);
        assertEquals(7, supplies.get("water"));

        d.remove("pets");
        assertEquals(2, pets.get("ferrets"));      // deleting the reference does not delete the dict
        d.get("supplies").clear();
        assertEquals(Map.of(), supplies.copy());
    }

    @Test
    void atomicOperations() {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        assertNull(d.putIfAbsent("a", 1));
        assertEquals(1, d.putIfAbsent("a", 2));
        assertEquals(3, d.merge("a", 2, Integer::sum));
        assertEquals(30, d.compute("a", (k, v) -> v * 10));
        assertEquals(7, d.computeIfAbsent("b", k -> 7));
        assertEquals(8, d.computeIfPresent("b", (k, v) -> v + 1));
        assertTrue(d.replace("b", 8, 9));
        assertFalse(d.remove("b", 8));
        assertTrue(d.remove("b", 9));
        assertEquals(Map.of("a", 30), d.copy());
    }

    @Test
    void aFunctionThatCannotTravelFailsInTheCaller() {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        BiFunction<Integer, Integer, Integer> plain = new BiFunction<>() {
            @Override
            public Integer apply(Integer x, Integer y) {
                return x + y;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.merge("a", 1, plain));
        assertTrue(e.getMessage().contains("merge") && e.getMessage().contains("serializable"), e.getMessage());
        assertTrue(d.isEmpty());
    }

    @Test
    void namespace() {
        Namespace n = MANAGER.get().namespace();
        n.set("name", "Bob");
        n.set("job", "Builder");
        n.set("_hidden", "hidden");
        assertEquals("Bob", n.get("name"));
        assertEquals("Builder", n.get("job", String.class));
        assertEquals("Namespace(name=Bob, job=Builder, _hidden=hidden)", n.toString());
        n.delete("job");
        assertFalse(n.has("job"));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> n.get("job"));
        assertTrue(e.getMessage().contains("'job'"), e.getMessage());
        assertEquals(List.of("name", "_hidden"), new ArrayList<>(n.toMap().keySet()));
    }

    /** A view interface for {@link #namespaceTypedView}. */
    public interface Person {
        String getName();

        void setName(String name);

        int getAge();

        void setAge(int age);

        boolean isRetired();
    }

    @Test
    void namespaceTypedView() {
        Namespace n = MANAGER.get().namespace();
        Person p = n.as(Person.class);
        p.setName("Alice");
        p.setAge(41);
        n.set("retired", false);
        assertEquals("Alice", n.get("name"));
        assertEquals(41, p.getAge());
        assertFalse(p.isRetired());
        assertEquals(Integer.class, n.get("age").getClass());
    }

    @Test
    void arrayHasAFixedSize() {
        ManagedList<Integer> arr = MANAGER.get().array(1, 2, 3);
        arr.set(0, 10);
        assertEquals(List.of(10, 2, 3), arr.copy());
        assertThrows(UnsupportedOperationException.class, () -> arr.add(4));
        assertEquals(3, arr.size());
    }

    @Test
    void proxiesPassedToAChildReachTheSameObjects() {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        ManagedList<String> l = MANAGER.get().list();
        Namespace n = MANAGER.get().namespace();
        ChildProcess child = new ChildProcess(() -> {
            d.put("from", (int) ProcessHandle.current().pid());
            l.addAll(Arrays.asList("x", "y"));
            n.set("seen", d.size());
        });
        child.start();
        long pid = child.pid();
        Processes.join(child);
        assertEquals((int) pid, d.get("from"));
        assertEquals(List.of("x", "y"), l.copy());
        assertEquals(1, n.get("seen"));
    }

    @Test
    void oneProxyIsSafeForManyThreads() throws Exception {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        ManagedList<Integer> l = MANAGER.get().list();
        int threads = 4;
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < n; i++) {
                        d.merge("count", 1, Integer::sum);
                        l.add(id);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * n, d.get("count"));
        assertEquals(threads * n, l.size());
    }

    @Test
    void mergeFromTwoProcessesCountsExactly() {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        int n = 500;
        List<ChildProcess> children = Processes.start(
                () -> { for (int i = 0; i < n; i++) d.merge("count", 1, Integer::sum); },
                () -> { for (int i = 0; i < n; i++) d.merge("count", 1, Integer::sum); });
        for (int i = 0; i < n; i++) {
            d.merge("count", 1, Integer::sum);
        }
        Processes.joinAll(children);
        assertEquals(3 * n, d.get("count"));
    }
}
