package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Adds one to a count held in a map entry (a semaphore's permits, a joinable queue's unfinished
 * items), on the member that owns the key; a bounded semaphore already at its bound refuses
 * (answers false), so the caller can fail.
 */
public final class PermitGive implements EntryProcessor<String, Integer, Boolean>, DataSerializable {
    /** The most permits the semaphore may hold; 0 for no bound. */
    private int bound;

    /** For Hazelcast, which creates the instance before {@link #readData}. */
    public PermitGive() {
    }

    public PermitGive(int bound) {
        this.bound = bound;
    }

    @Override
    public Boolean process(Map.Entry<String, Integer> entry) {
        int permits = entry.getValue() == null ? 0 : entry.getValue();
        if (bound > 0 && permits >= bound) {
            return false;
        }
        entry.setValue(permits + 1);
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(bound);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        bound = in.readInt();
    }
}
