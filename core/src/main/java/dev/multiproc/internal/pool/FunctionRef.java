package dev.multiproc.internal.pool;

import dev.multiproc.SerializationException;
import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.spi.PreEncodedFunction;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function encoded once, with the id workers cache it under. Encoding happens in the caller, so
 * an unserializable function fails there before any worker is involved. The same bytes get the
 * same id, so that a loop of {@code apply(f, x)} ships {@code f} to each worker only once; a
 * function that changed (a mutated captured object) encodes differently and is shipped again.
 */
final class FunctionRef {
    private static final int CACHE_SIZE = 256;
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<ByteBuffer, FunctionRef> BY_CONTENT = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, FunctionRef> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private static final Pattern NOT_SERIALIZABLE = Pattern.compile("([\\w.$]+) is not Serializable");

    final long id;
    final byte[] bytes;

    private FunctionRef(long id, byte[] bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    /** What to do about the class the codec's message names, unless the message already says it. */
    static String captureHint(String message) {
        Matcher named = NOT_SERIALIZABLE.matcher(message == null ? "" : message);
        if (!named.find() || message.contains("captures 'this'") || message.contains("a lambda is serializable only")) {
            return "";
        }
        return ". Capture only serializable values (effectively final locals of serializable types), or make "
                + named.group(1) + " java.io.Serializable";
    }

    static FunctionRef encode(Object function, String call) {
        byte[] bytes;
        if (function instanceof PreEncodedFunction) {
            bytes = ((PreEncodedFunction<?, ?>) function).encoded();
        } else {
            try {
                // a lambda of values goes as the lambda alone, which a fresh worker decodes
                // without setting up JDK serialization (see LambdaCodec); others as before
                byte[] lambda = StandardCodec.INSTANCE.encodeLambda(function);
                bytes = lambda != null ? lambda : StandardCodec.INSTANCE.encode(function);
            } catch (SerializationException e) {
                throw new SerializationException("cannot send the function of " + call + ": " + e.getMessage()
                        + captureHint(e.getMessage()), e.getCause());
            }
        }
        ByteBuffer key = ByteBuffer.wrap(bytes);
        synchronized (BY_CONTENT) {
            return BY_CONTENT.computeIfAbsent(key, k -> new FunctionRef(IDS.incrementAndGet(), bytes));
        }
    }
}
