package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.multiproc.MultiprocessingException;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.cluster.OnMemberLost;
import dev.multiproc.connection.AuthenticationException;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * The driver's scheduler: sends the chunks of every call to the members, at most a window of
 * chunks in flight per member (its child JVMs times {@link ClusterConfig#chunksInFlightPerProcess}),
 * each chunk to the member that is idlest relative to its size; runs a chunk again elsewhere when
 * its member leaves (at most {@link ClusterConfig#retries} times), or fails its tasks with a
 * {@link MemberLostException}, as {@link ClusterConfig#onMemberLost} says.
 *
 * <p>State changes happen under this object's lock; envelopes are sent and answers decoded outside it.
 */
public final class Scheduler implements MembershipListener {
    private static final System.Logger LOG = System.getLogger("dev.multiproc.cluster");
    /** How long a member that failed to answer gets no chunk (unless it is the only one). */
    private static final long SUSPICION_NANOS = Duration.ofSeconds(5).toNanos();
    private static final Executor ON_ANSWER_THREAD = Runnable::run;
    private final HazelcastInstance client;
    private final IExecutorService executor;
    private final Signer signer;
    private final String session;
    private final String owner;
    private final ClusterConfig config;
    private final long timeoutMillis;
    private final Map<UUID, Slot> slots = new LinkedHashMap<>();
    private final ArrayDeque<ChunkWork> retries = new ArrayDeque<>();
    private final List<JobRun> jobs = new ArrayList<>();
    private final Map<Long, ChunkWork> inFlight = new HashMap<>();
    private long nextChunk;
    private long nextSend;
    private int nextJob;
    private boolean closed;

    public Scheduler(HazelcastInstance client, Signer signer, String session, ClusterConfig config) {
        this.client = client;
        this.executor = client.getExecutorService(HazelcastSettings.EXECUTOR);
        this.signer = signer;
        this.session = session;
        this.owner = client.getLocalEndpoint().getUuid().toString();
        this.config = config;
        this.timeoutMillis = config.taskTimeout() == null ? 0 : config.taskTimeout().toMillis();
        client.getCluster().addMembershipListener(this);
        synchronized (this) {
            for (Member member : client.getCluster().getMembers()) {
                slots.put(member.getUuid(), new Slot(member, processesOf(member)));
            }
        }
    }

    /** The child JVMs of the members in the cluster now. */
    public synchronized int processes() {
        int total = 0;
        for (Slot slot : slots.values()) {
            total += slot.gone ? 0 : slot.processes;
        }
        return total;
    }

    /** The members in the cluster now. */
    public synchronized int members() {
        return (int) slots.values().stream().filter(s -> !s.gone).count();
    }

    public void submit(JobRun job) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the cluster pool is closed");
            }
            jobs.add(job);
        }
        pump();
    }

    /** Sends chunks while some member has room in its window and some call has chunks to send. */
    public void pump() {
        List<ChunkWork> toSend = new ArrayList<>();
        List<ChunkWork> orphans = new ArrayList<>();
        synchronized (this) {
            while (true) {
                Slot slot = idlest();
                if (slot == null) {
                    break;
                }
                ChunkWork work = next();
                if (work == null) {
                    break;
                }
                work.member = slot.member;
                work.sent = nextSend++;
                work.job.running++;
                slot.inFlight++;
                inFlight.put(work.sent, work);
                toSend.add(work);
            }
            if (members() == 0) {
                // nobody left to run them: fail what waits rather than wait for a member that may never come
                ChunkWork work;
                while ((work = next()) != null) {
                    orphans.add(work);
                }
            }
            notifyAll(); // a call may have finished: see awaitIdle
        }
        for (ChunkWork work : orphans) {
            work.job.failAll(work.first, work.items.length, new MemberLostException("no member is left in cluster "
                    + config.clusterName() + " to run " + work.job.describe(work.first), "none", work.first));
        }
        for (ChunkWork work : toSend) {
            send(work);
        }
    }

    private Slot idlest() {
        Slot best = idlest(true);
        return best != null || anyTrusted() ? best : idlest(false);
    }

    private boolean anyTrusted() {
        long now = System.nanoTime();
        for (Slot slot : slots.values()) {
            if (!slot.gone && slot.suspectUntil - now <= 0) {
                return true;
            }
        }
        return false;
    }

    private Slot idlest(boolean trustedOnly) {
        Slot best = null;
        long now = System.nanoTime();
        for (Slot slot : slots.values()) {
            if (slot.gone || slot.inFlight >= slot.processes * config.chunksInFlightPerProcess()
                    || (trustedOnly && slot.suspectUntil - now > 0)) {
                continue;
            }
            if (best == null || (double) slot.inFlight / slot.processes < (double) best.inFlight / best.processes) {
                best = slot;
            }
        }
        return best;
    }

    private ChunkWork next() {
        ChunkWork retry;
        while ((retry = retries.poll()) != null) {
            if (!retry.job.isFinished()) {
                return retry;
            }
        }
        jobs.removeIf(JobRun::isFinished);
        for (int i = 0; i < jobs.size(); i++) {
            JobRun job = jobs.get((nextJob + i) % jobs.size());
            if (job.atRunningLimit()) {
                continue;
            }
            ChunkWork work = job.nextChunk(nextChunk);
            if (work != null) {
                nextChunk++;
                nextJob = (nextJob + i + 1) % jobs.size();
                return work;
            }
        }
        return null;
    }

    private void send(ChunkWork work) {
        ChunkTask task = new ChunkTask(signer, session, owner, work.sent, timeoutMillis, work.job.function(), work.items);
        long sent = work.sent;
        try {
            Future<byte[]> answer = executor.submitToMember(task, work.member);
            // Taken on the thread that receives the answer: an ExecutionCallback (or a plain
            // whenComplete) runs on the client's async executor instead, one thread hand-off more,
            // which cost as much as the rest of a round trip (cluster.apply). What runs here is
            // short: a MAC check, the delivery of results, and sending the next chunks.
            ((CompletionStage<byte[]>) answer).whenCompleteAsync((reply, failure) -> {
                if (failure == null) {
                    answered(work, sent, reply);
                } else {
                    lost(work, sent, failure);
                }
            }, ON_ANSWER_THREAD);
        } catch (RuntimeException failure) {
            lost(work, sent, failure);
        }
    }

    private void answered(ChunkWork work, long sent, byte[] signed) {
        synchronized (this) {
            if (inFlight.remove(sent) == null) {
                return; // taken for lost and sent elsewhere already: the other answer counts
            }
            release(work);
        }
        try {
            ChunkReply reply = ChunkReply.decode(signed, signer, session, sent);
            if (reply.failure() == null) {
                work.job.deliver(work.first, reply.outcomes(), work.member.toString());
            } else {
                work.job.failAll(work.first, work.items.length, failure(work, reply));
            }
        } catch (SecurityException e) {
            work.job.failAll(work.first, work.items.length, new AuthenticationException(
                    "member " + work.member + " answered " + work.job.describe(work.first) + " without this cluster's authkey: "
                            + e.getMessage() + " (is it started with the same --authkey-file?)"));
        } catch (RuntimeException e) {
            work.job.failAll(work.first, work.items.length, e);
        }
        pump();
    }

    private RuntimeException failure(ChunkWork work, ChunkReply reply) {
        String what = work.job.describe(work.first) + (work.items.length > 1 ? " (a chunk of " + work.items.length + ")" : "");
        switch (reply.failure()) {
            case TIMEOUT:
                return new TaskTimeoutException(what + " timed out: " + reply.message(), work.first,
                        Duration.ofMillis(timeoutMillis));
            case WORKER_DIED:
                return new WorkerDiedException(what + ": " + reply.message(), 0, null, 0, work.first, null);
            case CANCELLED:
                return new CancellationException(what + " was cancelled");
            case REJECTED:
                return new AuthenticationException(reply.message() + " (is it started with the same --authkey-file?)");
            default:
                return new MultiprocessingException(what + " failed: " + reply.message());
        }
    }

    private void lost(ChunkWork work, long sent, Throwable failure) {
        synchronized (this) {
            if (inFlight.remove(sent) == null) {
                return;
            }
            release(work);
            Slot slot = slots.get(work.member.getUuid());
            if (slot != null) {
                // it failed to answer: most often it is dying, and its removal from the cluster
                // comes later; meanwhile it would look idlest and take every retry
                slot.suspectUntil = System.nanoTime() + SUSPICION_NANOS;
                slot.gone = !client.getCluster().getMembers().contains(work.member);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "chunk {0} on {1} failed: {2}", work.id, work.member, failure);
        retryOrFail(work, failure);
        pump();
    }

    private void retryOrFail(ChunkWork work, Throwable failure) {
        boolean retry;
        synchronized (this) {
            work.attempts++;
            retry = config.onMemberLost() == OnMemberLost.RETRY && work.attempts <= config.retries() && !closed;
            if (retry) {
                retries.addFirst(work);
            }
        }
        if (!retry) {
            MemberLostException lost = new MemberLostException(work.job.describe(work.first) + " was lost with member "
                    + work.member + " after " + work.attempts + " attempt(s)" + (config.onMemberLost() == OnMemberLost.FAIL
                    ? " (onMemberLost = FAIL)" : "") + ": " + failure, work.member.toString(), work.first);
            work.job.failAll(work.first, work.items.length, lost);
        }
    }

    private void release(ChunkWork work) {
        work.job.running--;
        Slot slot = slots.get(work.member.getUuid());
        if (slot != null) {
            slot.inFlight--;
        }
    }

    /** Cancels the chunks of {@code job} still running: each member kills the child JVMs running them. */
    public void cancel(JobRun job) {
        job.fail(0, new CancellationException(job.call() + " was cancelled"));
        List<ChunkWork> running = new ArrayList<>();
        synchronized (this) {
            for (ChunkWork work : inFlight.values()) {
                if (work.job == job) {
                    running.add(work);
                }
            }
        }
        for (ChunkWork work : running) {
            try {
                executor.submitToMember(new SessionTask(signer, session, work.sent), work.member);
            } catch (RuntimeException memberGone) {
                // its chunk fails with the member
            }
        }
    }

    /** No new calls from now on; with {@code cancel}, the calls still running are cancelled too. */
    public void shutdown(boolean cancel) {
        List<JobRun> running;
        synchronized (this) {
            closed = true;
            running = new ArrayList<>(jobs);
        }
        if (cancel) {
            for (JobRun job : running) {
                cancel(job);
            }
        }
    }

    /**
     * Waits until every call submitted has finished and no chunk is in flight, at most {@code timeout}.
     *
     * @return whether it is so
     */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            jobs.removeIf(JobRun::isFinished);
            if (jobs.isEmpty() && inFlight.isEmpty()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Tells every member to close this session: its child JVMs there exit. */
    public void closeSessions(Duration timeout) {
        try {
            var answers = executor.submitToAllMembers(new SessionTask(signer, session, SessionTask.CLOSE));
            long deadline = System.nanoTime() + timeout.toNanos();
            for (var answer : answers.values()) {
                try {
                    answer.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (Exception memberGoneOrSlow) {
                    // a member that is gone has no session left; a slow one closes it when this client leaves
                }
            }
        } catch (RuntimeException clusterGone) {
            // nothing left to close
        }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        synchronized (this) {
            Member member = event.getMember();
            slots.put(member.getUuid(), new Slot(member, processesOf(member)));
        }
        pump();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        List<ChunkWork> lostWork = new ArrayList<>();
        synchronized (this) {
            Slot slot = slots.remove(event.getMember().getUuid());
            if (slot != null) {
                slot.gone = true;
            }
            inFlight.values().removeIf(work -> {
                if (work.member.getUuid().equals(event.getMember().getUuid())) {
                    work.job.running--;
                    lostWork.add(work);
                    return true;
                }
                return false;
            });
        }
        for (ChunkWork work : lostWork) {
            retryOrFail(work, new MultiprocessingException("member " + event.getMember() + " left the cluster"));
        }
        pump();
    }

    private static int processesOf(Member member) {
        String declared = member.getAttribute(HazelcastSettings.PROCESSES);
        try {
            return declared == null ? 1 : Math.max(1, Integer.parseInt(declared));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A member as the scheduler sees it: its size, the chunks it runs for us, and whether it is gone. */
    private static final class Slot {
        final Member member;
        final int processes;
        int inFlight;
        boolean gone;
        long suspectUntil = System.nanoTime();

        Slot(Member member, int processes) {
            this.member = member;
            this.processes = processes;
        }
    }
}
