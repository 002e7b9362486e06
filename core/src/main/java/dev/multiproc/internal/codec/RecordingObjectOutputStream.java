package dev.multiproc.internal.codec;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * An {@link ObjectOutputStream} that records, in {@link LoaderRegistry}, the loader of every class
 * it writes, so that this process can later serve those classes to a child that lacks them.
 */
final class RecordingObjectOutputStream extends ObjectOutputStream {

    RecordingObjectOutputStream(OutputStream out) throws IOException {
        super(out);
    }

    @Override
    protected void annotateClass(Class<?> type) {
        LoaderRegistry.remember(type);
    }

    @Override
    protected void annotateProxyClass(Class<?> type) {
        for (Class<?> implemented : type.getInterfaces()) {
            LoaderRegistry.remember(implemented);
        }
    }
}
