package dev.multiproc.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How class files travel from a driver to the members of one session, over two Hazelcast
 * structures named after the session: a queue of requests (a class name, signed by the member)
 * and a map of answers by class name (the class file, or the places the driver searched, signed
 * by the driver). The map is also the session's cache: a member that needs a class another member
 * fetched finds it there without asking the driver; both are destroyed with the session.
 *
 * <pre>
 *   request: | MAC | class name (UTF-8) |
 *   answer:  | MAC | 1 | class file |   or   | MAC | 0 | what was searched (UTF-8) |
 * </pre>
 */
public final class ClassChannel {
    private ClassChannel() {
    }

    public static String requests(String session) {
        return "multiproc.classrequests." + session;
    }

    public static String answers(String session) {
        return "multiproc.classes." + session;
    }

    public static byte[] request(Signer signer, String session, String name) {
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        return signed(signer.sign(Signer.fields().add("classrequest").add(session).add(body)), body);
    }

    /** The class name of a request, or null when its MAC does not match. */
    public static String requestedName(Signer signer, String session, byte[] request) {
        if (request == null || request.length <= Signer.MAC_BYTES) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(request, Signer.MAC_BYTES, request.length);
        boolean valid = signer.verify(Arrays.copyOf(request, Signer.MAC_BYTES),
                Signer.fields().add("classrequest").add(session).add(body));
        return valid ? new String(body, StandardCharsets.UTF_8) : null;
    }

    public static byte[] found(Signer signer, String session, String name, byte[] classFile) {
        return answer(signer, session, name, (byte) 1, classFile);
    }

    public static byte[] notFound(Signer signer, String session, String name, String searched) {
        return answer(signer, session, name, (byte) 0, searched.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] answer(Signer signer, String session, String name, byte status, byte[] payload) {
        byte[] body = new byte[payload.length + 1];
        body[0] = status;
        System.arraycopy(payload, 0, body, 1, payload.length);
        return signed(signer.sign(answerFields(session, name, body)), body);
    }

    /**
     * The class file in an answer, after its MAC is checked.
     *
     * @throws ClassNotFoundException when the driver did not find it (the message says where it
     *         looked) or the answer is not signed with the authkey
     */
    public static byte[] classFile(Signer signer, String session, String name, byte[] answer) throws ClassNotFoundException {
        if (answer == null || answer.length <= Signer.MAC_BYTES) {
            throw new ClassNotFoundException("class " + name + ": an empty answer from the driver");
        }
        byte[] body = Arrays.copyOfRange(answer, Signer.MAC_BYTES, answer.length);
        if (!signer.verify(Arrays.copyOf(answer, Signer.MAC_BYTES), answerFields(session, name, body))) {
            throw new ClassNotFoundException("class " + name + ": the driver's answer is not signed with this cluster's authkey");
        }
        if (body[0] == 1) {
            return Arrays.copyOfRange(body, 1, body.length);
        }
        throw new ClassNotFoundException("class " + name + " was not found by the driver either, which looked in: "
                + new String(body, 1, body.length - 1, StandardCharsets.UTF_8));
    }

    private static Signer.Fields answerFields(String session, String name, byte[] body) {
        return Signer.fields().add("class").add(session).add(name).add(body);
    }

    private static byte[] signed(byte[] mac, byte[] body) {
        byte[] out = Arrays.copyOf(mac, mac.length + body.length);
        System.arraycopy(body, 0, out, mac.length, body.length);
        return out;
    }
}
