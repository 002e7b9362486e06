package dev.multiproc.internal.spawn;

import dev.multiproc.SerializableFunction;
import dev.multiproc.pool.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tasks whose classes exist only in the test's classpath, for children started without it: they
 * must be served by the parent. Lambdas are created here, not in the test class, so that their
 * capturing class (which the child then loads too) is this small class.
 */
final class ShippedTasks {
    private ShippedTasks() {
    }

    /** x squared, tagged with the name of the loader that defined this class in the worker. */
    static SerializableFunction<Integer, String> squareWithLoader() {
        return x -> ShippedTasks.class.getClassLoader().getName() + ":" + new Squared(x).value();
    }

    /** In a worker: a pool of one more worker (a grandchild), which runs {@link #squareWithLoader()}. */
    static SerializableFunction<Integer, String> squareInGrandchild() {
        return x -> {
            try (Pool pool = new Pool(1)) {
                long grandchild = pool.workerPids().get(0);
                String answer = pool.apply(squareWithLoader(), x);
                return answer + " in " + (grandchild != ProcessHandle.current().pid() ? "a grandchild" : "the child");
            }
        };
    }

    /** In a worker: loads the nested classes from several threads at once; their names, in order. */
    static SerializableFunction<Integer, List<String>> loadConcurrently() {
        return threads -> {
            String[] names = {"Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta"};
            List<String> loaded = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            Thread[] workers = new Thread[threads];
            String[] results = new String[threads];
            for (int i = 0; i < threads; i++) {
                int index = i;
                workers[i] = new Thread(() -> {
                    try {
                        start.await();
                        Class<?> type = Class.forName(ShippedTasks.class.getName() + "$" + names[index], true,
                                ShippedTasks.class.getClassLoader());
                        results[index] = type.getSimpleName() + "@" + type.getClassLoader().getName();
                    } catch (Exception e) {
                        results[index] = e.toString();
                    }
                });
                workers[i].start();
            }
            start.countDown();
            for (Thread worker : workers) {
                try {
                    worker.join(TimeUnit.SECONDS.toMillis(60));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (String result : results) {
                loaded.add(result);
            }
            return loaded;
        };
    }

    record Squared(int x) implements java.io.Serializable {
        int value() {
            return x * x;
        }
    }

    static final class Alpha { }
    static final class Beta { }
    static final class Gamma { }
    static final class Delta { }
    static final class Epsilon { }
    static final class Zeta { }
    static final class Eta { }
    static final class Theta { }
}
