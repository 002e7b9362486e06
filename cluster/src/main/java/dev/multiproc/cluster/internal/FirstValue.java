package dev.multiproc.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import java.util.concurrent.CompletableFuture;

/**
 * A map listener on one key that completes a future with the first value written there, added
 * or replaced: how a waiter learns that a class file, or an event's flag, has arrived.
 *
 * <pre>{@code
 * FirstValue<byte[]> arrival = new FirstValue<>();
 * UUID id = map.addEntryListener(arrival, key, true);
 * byte[] value = arrival.future().get(30, TimeUnit.SECONDS);
 * }</pre>
 */
public final class FirstValue<V> implements EntryAddedListener<String, V>, EntryUpdatedListener<String, V> {
    private final CompletableFuture<V> future = new CompletableFuture<>();

    public CompletableFuture<V> future() {
        return future;
    }

    @Override
    public void entryAdded(EntryEvent<String, V> event) {
        future.complete(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, V> event) {
        future.complete(event.getValue());
    }
}
