package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A member's view of the class files of one driver session ({@link ClassChannel}): looks in the
 * session's map first (fetched before, by this member or another), else queues a request for the
 * driver and waits, bounded, for the answer to appear in the map.
 */
final class SessionClasses {
    /** A driver that does not answer within this long is taken as gone. */
    private static final long ANSWER_MILLIS = Long.getLong("multiproc.cluster.classAnswerMillis", 30_000);

    private final HazelcastInstance hazelcast;
    private final Signer signer;
    private final String session;

    SessionClasses(HazelcastInstance hazelcast, Signer signer, String session) {
        this.hazelcast = hazelcast;
        this.signer = signer;
        this.session = session;
    }

    byte[] classFile(String name) throws ClassNotFoundException {
        IMap<String, byte[]> answers = hazelcast.getMap(ClassChannel.answers(session));
        byte[] known = answers.get(name);
        if (known != null) {
            return ClassChannel.classFile(signer, session, name, known);
        }
        FirstValue<byte[]> answered = new FirstValue<>();
        UUID listener = answers.addEntryListener(answered, name, true);
        try {
            known = answers.get(name); // it may have arrived before the listener was in place
            if (known == null) {
                hazelcast.getQueue(ClassChannel.requests(session)).offer(ClassChannel.request(signer, session, name));
                known = answered.future().get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
            }
            return ClassChannel.classFile(signer, session, name, known);
        } catch (TimeoutException e) {
            throw new ClassNotFoundException("class " + name + ": the driver of session " + session
                    + " did not answer within " + ANSWER_MILLIS + " ms");
        } catch (ExecutionException e) {
            throw new ClassNotFoundException("class " + name + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassNotFoundException("class " + name + ": interrupted while waiting for the driver");
        } finally {
            answers.removeEntryListener(listener);
        }
    }
}
