package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.util.Map;

/**
 * Takes one permit of a semaphore held in a map entry, on the member that owns the key, if one is
 * free; answers whether it did. A missing entry holds no permit.
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
