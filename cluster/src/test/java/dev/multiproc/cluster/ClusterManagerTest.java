package dev.multiproc.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.HazelcastSettings;
import dev.multiproc.manager.ManagedDict;
import dev.multiproc.manager.ManagedList;
import dev.multiproc.manager.ManagedSemaphore;
import dev.multiproc.manager.SharedState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SharedStateContract} on a {@link ClusterManager} over the three members of the
 * {@link SharedCluster}, and what only the cluster has: handles used by tasks on the members,
 * values not sealed with the key never decoded, names per manager destroyed on close.
 */
@ExtendWith(ChildLeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterManagerTest extends SharedStateContract {
    private static ClusterManager manager;
    private static ClusterPool pool;

    @BeforeAll
    static void connect() {
        LocalCluster cluster = SharedCluster.get();
        manager = new ClusterManager(cluster.config());
        pool = new ClusterPool(cluster.config());
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Override
    SharedState state() {
        return manager;
    }

    @Test
    void tasksOnTheMembersMergeIntoOneDictExactly() {
        ManagedDict<String, Integer> counts = manager.dict();
        ManagedList<Long> pids = manager.list();
        List<String> words = IntStream.range(0, 60).mapToObj(i -> i % 3 == 0 ? "fizz" : "other").collect(Collectors.toList());
        pool.map(word -> {
            counts.merge(word, 1, Integer::sum);
            pids.add(ProcessHandle.current().pid());
            return word;
        }, words, 2);
        assertEquals(Map.of("fizz", 20, "other", 40), counts.copy());
        assertEquals(60, pids.size());
        assertTrue(new HashSet<>(pids.copy()).size() >= 2, "tasks ran in " + new HashSet<>(pids.copy()));
    }

    @Test
    void aQueueAndASemaphoreReachTheTasksAndBack() throws Exception {
        BlockingQueue<Integer> results = manager.queue();
        ManagedSemaphore slots = manager.semaphore(1);
        pool.map(x -> {
            try {
                slots.acquire();
                try {
                    results.put(x * x);
                } finally {
                    slots.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return x;
        }, List.of(1, 2, 3, 4), 1);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(results.poll(30, TimeUnit.SECONDS));
        }
        Collections.sort(got);
        assertEquals(List.of(1, 4, 9, 16), got);
        assertEquals(1, slots.availablePermits());
    }

    @Test
    void aDictStoredInAListIsStillTheOneDictHereAndInTasks() {
        ManagedList<ManagedDict<String, Integer>> nested = manager.list();
        ManagedDict<String, Integer> inner = manager.dict(Map.of("a", 1));
        nested.add(inner);
        nested.get(0).put("driver", 2);                   // a handle read back, re-attached here
        pool.map(x -> nested.get(0).merge("task", x, Integer::sum), List.of(1, 2, 3), 1);
        assertEquals(Map.of("a", 1, "driver", 2, "task", 6), inner.copy());
    }

    @Test
    void valuesNotSealedWithTheKeyAreNeverDecoded() {
        ClusterDict<String, String> dict = (ClusterDict<String, String>) manager.<String, String>dict();
        dict.put("real", "yes");
        byte[] key = dev.multiproc.spi.ValueCodec.encode("forged");
        byte[] unsigned = new byte[40];   // a MAC of zeros before a body that would name any class
        dict.map().put(key, unsigned);
        assertNull(dict.get("forged"));
        assertFalse(dict.containsKey("forged"));
        assertEquals(Map.of("real", "yes"), dict.copy());
        // a value moved to another key fails its MAC there: the key is part of what is signed
        byte[] real = dict.map().get(dev.multiproc.spi.ValueCodec.encode("real"));
        dict.map().put(key, real);
        assertNull(dict.get("forged"));
    }

    @Test
    void whatTheClusterCannotHonestlyOfferFailsAtOnceSayingWhy() {
        UnsupportedOperationException c = assertThrows(UnsupportedOperationException.class, manager::condition);
        assertTrue(c.getMessage().contains("condition"), c.getMessage());
        UnsupportedOperationException b = assertThrows(UnsupportedOperationException.class, () -> manager.barrier(2));
        assertTrue(b.getMessage().contains("barrier"), b.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> manager.lock().newCondition());
    }

    @Test
    void eachManagerHasItsOwnObjectsAndCloseDestroysThem() {
        LocalCluster cluster = SharedCluster.get();
        HazelcastInstance observer = HazelcastClient.newHazelcastClient(
                HazelcastSettings.client(cluster.clusterName(), cluster.addresses(), 30_000));
        try {
            ClusterManager other = new ClusterManager(cluster.config());
            ManagedDict<String, Integer> mine = manager.dict(Map.of("k", 1));
            ManagedDict<String, Integer> theirs = other.dict(Map.of("k", 2));
            other.list(List.of(1));
            other.queue(3);
            other.rLock();
            other.event().set();
            assertEquals(Integer.valueOf(1), mine.get("k"));
            assertEquals(Integer.valueOf(2), theirs.get("k"));
            String prefix = ((ClusterDict<?, ?>) theirs).name().substring(0, ((ClusterDict<?, ?>) theirs).name().lastIndexOf('.'));
            assertEquals(4, objectsNamed(observer, prefix).size(), objectsNamed(observer, prefix).toString());
            assertTrue(observer.getMap("multiproc.events").containsKey(prefix + ".event-5"));
            other.close();
            other.close();                                   // idempotent
            assertEquals(Set.of(), objectsNamed(observer, prefix));
            assertEquals(0, other.objectCount());
            assertEquals(Integer.valueOf(1), mine.get("k")); // another manager's objects are untouched
            assertFalse(observer.getMap("multiproc.events").containsKey(prefix + ".event-5"));
            assertThrows(IllegalStateException.class, other::dict);
        } finally {
            observer.shutdown();
        }
    }

    private static Set<String> objectsNamed(HazelcastInstance observer, String prefix) {
        return observer.getDistributedObjects().stream().map(DistributedObject::getName)
                .filter(n -> n.startsWith(prefix + ".")).collect(Collectors.toSet());
    }
}
