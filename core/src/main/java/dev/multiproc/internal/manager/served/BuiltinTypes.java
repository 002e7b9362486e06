package dev.multiproc.internal.manager.served;

import dev.multiproc.SerializableFunction;
import dev.multiproc.internal.manager.TypeSpec;
import dev.multiproc.manager.ManagedBarrier;
import dev.multiproc.manager.ManagedCondition;
import dev.multiproc.manager.ManagedEvent;
import dev.multiproc.manager.ManagedJoinableQueue;
import dev.multiproc.manager.ManagedSemaphore;
import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.Namespace;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** The types every manager serves, by typeid: Python's {@code SyncManager} registrations. */
public final class BuiltinTypes {
    public static final String DICT = "dict";
    public static final String LIST = "list";
    public static final String ARRAY = "array";
    public static final String NAMESPACE = "namespace";
    public static final String QUEUE = "queue";
    public static final String JOINABLE_QUEUE = "joinableQueue";
    public static final String LOCK = "lock";
    public static final String RLOCK = "rLock";
    public static final String SEMAPHORE = "semaphore";
    public static final String BOUNDED_SEMAPHORE = "boundedSemaphore";
    public static final String CONDITION = "condition";
    public static final String EVENT = "event";
    public static final String BARRIER = "barrier";
    public static final String VALUE = "value";

    private BuiltinTypes() {
    }

    /** Every built-in type; creation arguments as {@code Manager} passes them. */
    public static Map<String, TypeSpec> all() {
        Map<String, TypeSpec> types = new LinkedHashMap<>();
        add(types, DICT, args -> dict((Map<?, ?>) args[0]), DictOps.class, true);
        add(types, LIST, args -> new ListObject<>((Collection<?>) args[0]), ListOps.class, true);
        add(types, ARRAY, args -> new ArrayObject<>((Object[]) args[0]), ListOps.class, true);
        add(types, NAMESPACE, args -> new NamespaceObject(), Namespace.class, true);
        add(types, VALUE, args -> new ValueObject<>(args[0]), ManagedValue.class, true);
        add(types, QUEUE, args -> new LinkedBlockingQueue<>(capacity(args)), BlockingQueue.class, false);
        add(types, JOINABLE_QUEUE, args -> new JoinableQueueObject<>(capacity(args)), ManagedJoinableQueue.class, false);
        add(types, LOCK, args -> new LockObject(), Lock.class, false);
        add(types, RLOCK, args -> new ReentrantLock(), Lock.class, false);
        add(types, SEMAPHORE, args -> new SemaphoreObject((Integer) args[0], false), ManagedSemaphore.class, false);
        add(types, BOUNDED_SEMAPHORE, args -> new SemaphoreObject((Integer) args[0], true), ManagedSemaphore.class, false);
        add(types, CONDITION, args -> new ConditionObject(), ManagedCondition.class, false);
        add(types, EVENT, args -> new EventObject(), ManagedEvent.class, false);
        add(types, BARRIER, args -> new BarrierObject((Integer) args[0]), ManagedBarrier.class, false);
        return types;
    }

    private static void add(Map<String, TypeSpec> types, String typeid,
                            SerializableFunction<Object[], Object> factory, Class<?> exposed, boolean exclusive) {
        types.put(typeid, new TypeSpec(typeid, factory, exposed, exclusive));
    }

    private static DictObject<Object, Object> dict(Map<?, ?> initial) {
        DictObject<Object, Object> dict = new DictObject<>();
        dict.putAll(initial);
        return dict;
    }

    private static int capacity(Object[] args) {
        int capacity = (Integer) args[0];
        return capacity <= 0 ? Integer.MAX_VALUE : capacity;
    }
}
