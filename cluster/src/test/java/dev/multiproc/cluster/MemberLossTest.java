package dev.multiproc.cluster;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a member in the middle of a map: with retries, every result exactly once; with
 * {@link OnMemberLost#FAIL}, only the lost member's tasks fail, with {@link MemberLostException}.
 * The kill is placed by the results already read, not by time: a third of them are in when it comes.
 */
@ExtendWith(ChildLeakCheck.class)
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class MemberLossTest {
    /** 3 in the regular build (each run restarts a member); -Dmultiproc.cluster.memberLossRuns=20 for the long run. */
    private static final int RUNS = Integer.getInteger("multiproc.cluster.memberLossRuns", 3);
    private static final int TASKS = 120;

    private static LocalCluster cluster;

    @BeforeAll
    static void joinSharedCluster() {
        cluster = SharedCluster.get();
    }

    private static List<Integer> tasks() {
        return IntStream.range(0, TASKS).boxed().collect(Collectors.toList());
    }

    /** Each task costs a little CPU, so that the map is still running when a third of its results are in. */
    private static int work(int x) {
        long h = x;
        for (int i = 0; i < 200_000; i++) {
            h = h * 31 + i;
        }
        return h == 42 ? -1 : x;
    }

    @Test
    void aKilledMembersChunksRunAgainAndEveryResultArrivesExactlyOnce() {
        try (ClusterPool pool = new ClusterPool(cluster.config())) {
            for (int run = 0; run < RUNS; run++) {
                int victim = run % 3;
                List<Integer> results = new ArrayList<>();
                try (ClusterImapIterator<Integer> it = pool.imapUnordered(MemberLossTest::work, tasks(), 2)) {
                    while (it.hasNext()) {
                        results.add(it.next(Duration.ofSeconds(60)));
                        if (results.size() == TASKS / 3) {
                            cluster.kill(victim);
                        }
                    }
                }
                results.sort(null);
                assertEquals(tasks(), results, "run " + run + ": lost or duplicated results");
                cluster.replace(victim);
            }
        }
    }

    @Test
    void withOnMemberLostFailOnlyTheLostTasksFail() {
        ClusterConfig failFast = cluster.config().toBuilder().onMemberLost(OnMemberLost.FAIL).build();
        try (ClusterPool pool = new ClusterPool(failFast)) {
            List<Integer> results = new ArrayList<>();
            List<MemberLostException> lost = new ArrayList<>();
            try (ClusterImapIterator<Integer> it = pool.imapUnordered(MemberLossTest::work, tasks(), 2)) {
                while (it.hasNext()) {
                    try {
                        results.add(it.next(Duration.ofSeconds(60)));
                    } catch (MemberLostException e) {
                        lost.add(e);
                    }
                    if (results.size() + lost.size() == TASKS / 3) {
                        cluster.kill(1);
                    }
                }
            }
            assertTrue(!lost.isEmpty(), "the killed member was running no task");
            assertEquals(TASKS, results.size() + lost.size(), "every task has one outcome");
            assertTrue(lost.get(0).getMessage().contains("onMemberLost = FAIL"), lost.get(0).getMessage());
            assertInstanceOf(MemberLostException.class, lost.get(0));
        } finally {
            cluster.replace(1);
        }
    }
}
