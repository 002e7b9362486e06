package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;

/** Adds a delta to a counter on the member that owns its key, atomically; answers the new value. */
public final class CounterAdd implements EntryProcessor<String, Long, Long>, DataSerializable {
    private long delta;

    /** For Hazelcast, which creates the instance before {@link #readData}. */
    public CounterAdd() {
    }

    public CounterAdd(long delta) {
        this.delta = delta;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        long value = (entry.getValue() == null ? 0 : entry.getValue()) + delta;
        entry.setValue(value);
        return value;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = in.readLong();
    }
}
