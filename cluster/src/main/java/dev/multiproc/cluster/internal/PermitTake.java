package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.util.Map;

/**
 * Takes one from a count held in a map entry (a semaphore's permits, a joinable queue's unfinished
 * items), on the member that owns the key, if it is above zero; answers whether it did. A missing
 * entry holds zero.
 */
public final class PermitTake implements EntryProcessor<String, Integer, Boolean>, DataSerializable {

    @Override
    public Boolean process(Map.Entry<String, Integer> entry) {
        Integer permits = entry.getValue();
        if (permits == null || permits < 1) {
            return false;
        }
        entry.setValue(permits - 1);
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state: the entry is all it needs
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
