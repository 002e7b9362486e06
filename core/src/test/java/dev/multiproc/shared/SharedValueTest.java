package dev.multiproc.shared;

import dev.multiproc.ChildProcess;
import dev.multiproc.sync.ProcessLock;
import dev.multiproc.sync.Processes;
import dev.multiproc.sync.ReentrantProcessLock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestValue}: values of each type, set in a child, locks and raw values. */
class SharedValueTest {

    @Test
    void valuesStartAtZeroOrTheirInitialValueAndAChildSeesAndSetsThem() {
        try (SharedInt i = new SharedInt(25); SharedLong l = new SharedLong(); SharedDouble d = new SharedDouble(1.25)) {
            assertEquals(25, i.get());
            assertEquals(0L, l.get());
            assertEquals(1.25, d.get());
            ChildProcess child = new ChildProcess(() -> {
                Processes.check(i.get() == 25 && l.get() == 0 && d.get() == 1.25, "child saw other values");
                i.set(-1);
                l.set(1L << 40);
                d.set(-0.5);
            });
            child.start();
            Processes.join(child);
            assertEquals(-1, i.get());
            assertEquals(1L << 40, l.get());
            assertEquals(-0.5, d.get());
        }
    }

    @Test
    void atomicOperationsBehaveLikeTheirJavaUtilConcurrentNamesakes() {
        try (SharedLong l = SharedLong.raw(10); SharedInt i = SharedInt.raw(); SharedDouble d = SharedDouble.raw()) {
            assertEquals(11, l.incrementAndGet());
            assertEquals(10, l.decrementAndGet());
            assertEquals(15, l.addAndGet(5));
            assertEquals(15, l.getAndAdd(1));
            assertTrue(l.compareAndSet(16, 100));
            assertFalse(l.compareAndSet(16, 200));
            assertEquals(100, l.getAndSet(7));
            assertEquals(14, l.updateAndGet(v -> v * 2));
            assertEquals(3, i.addAndGet(3));
            assertTrue(i.compareAndSet(3, 4));
            assertEquals(2.5, d.addAndGet(2.5));
            assertEquals(2.5, d.getAndAdd(1.0));
            assertTrue(d.compareAndSet(3.5, 0.0));
            assertEquals(0.0, d.get());
        }
    }

    @Test
    void atomicIncrementsFromSeveralProcessesAreExact() {
        try (SharedLong counter = SharedLong.raw(); SharedDouble sum = SharedDouble.raw()) {
            int perProcess = 50_000;
            List<ChildProcess> children = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                ChildProcess p = new ChildProcess(() -> {
                    for (int n = 0; n < perProcess; n++) {
                        counter.incrementAndGet();
                    }
                    for (int n = 0; n < 1000; n++) {
                        sum.addAndGet(0.5);
                    }
                });
                p.start();
                children.add(p);
            }
            for (int n = 0; n < perProcess; n++) {
                counter.incrementAndGet();
            }
            Processes.joinAll(children);
            assertEquals(3L * perProcess, counter.get());
            assertEquals(1000.0, sum.get());
        }
    }

    @Test
    void compoundUpdatesUnderTheValuesLockAreExact() {
        try (SharedInt counter = new SharedInt()) {
            assertInstanceOf(ReentrantProcessLock.class, counter.getLock(), "Python's default lock is an RLock");
            ChildProcess child = new ChildProcess(() -> {
                for (int n = 0; n < 10_000; n++) {
                    Lock lock = counter.getLock();
                    lock.lock();
                    try {
                        counter.set(counter.get() + 1);
                    } finally {
                        lock.unlock();
                    }
                }
            });
            child.start();
            for (int n = 0; n < 10_000; n++) {
                counter.getLock().lock();
                try {
                    counter.set(counter.get() + 1);
                } finally {
                    counter.getLock().unlock();
                }
            }
            Processes.join(child);
            assertEquals(20_000, counter.get());
        }
    }

    @Test
    void aGivenLockIsUsedAndSharedAndRawValuesHaveNone() {
        try (ProcessLock lock = new ProcessLock();
             SharedLong a = new SharedLong(0, lock);
             SharedDouble b = new SharedDouble(0, lock);
             SharedInt raw = SharedInt.raw()) {
            assertSame(lock, a.getLock());
            assertSame(lock, b.getLock());
            assertTrue(a.hasLock());
            assertFalse(raw.hasLock());
            assertThrows(UnsupportedOperationException.class, raw::getLock);
            assertThrows(IllegalArgumentException.class, () -> new SharedLong(0, new ReentrantLock()),
                    "an in-JVM lock cannot guard a value shared between processes");
        }
    }
}
