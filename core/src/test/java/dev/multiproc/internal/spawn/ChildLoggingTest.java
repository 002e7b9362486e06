package dev.multiproc.internal.spawn;

import dev.multiproc.ChildProcess;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.WorkerDiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's lifecycle records, and a child's own records, reach this process's loggers (the
 * JDK's default back-end here, java.util.logging, as an application's would).
 */
class ChildLoggingTest {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger childLogger = Logger.getLogger("dev.multiproc.test.child");
    private final Logger processLogger = Logger.getLogger("dev.multiproc.process");
    private final Logger poolLogger = Logger.getLogger("dev.multiproc.pool");

    @BeforeEach
    void listen() {
        for (Logger logger : List.of(childLogger, processLogger, poolLogger)) {
            logger.addHandler(capture);
        }
    }

    @AfterEach
    void stopListening() {
        for (Logger logger : List.of(childLogger, processLogger, poolLogger)) {
            logger.removeHandler(capture);
            logger.setLevel(null);
        }
    }

    static void logTwoRecords() {
        System.Logger log = System.getLogger("dev.multiproc.test.child");
        log.log(System.Logger.Level.INFO, "hello {0}\nsecond line", "parent");
        log.log(System.Logger.Level.WARNING, "failed", new IllegalStateException("boom"));
        log.log(System.Logger.Level.DEBUG, "not at INFO");
        System.err.println("plain stderr stays output");
    }

    static void parkForever() {
        while (true) {
            LockSupport.park();
        }
    }

    @Test
    void aChildsRecordsReachTheParentsLoggerTaggedWithNameAndPid() {
        ChildProcess child = new ChildProcess("logger", ChildLoggingTest::logTwoRecords);
        child.start();
        child.join();
        assertEquals(0, child.exitCode());
        String tag = "[logger pid " + child.pid() + "] ";
        List<LogRecord> forwarded = records.stream().filter(r -> r.getLoggerName().equals("dev.multiproc.test.child")).toList();
        assertEquals(2, forwarded.size(), forwarded.toString());
        assertEquals(Level.INFO, forwarded.get(0).getLevel());
        assertEquals(tag + "hello parent\nsecond line", forwarded.get(0).getMessage());
        assertEquals(Level.WARNING, forwarded.get(1).getLevel());
        assertTrue(forwarded.get(1).getMessage().startsWith(tag + "failed\njava.lang.IllegalStateException: boom\n\tat "),
                forwarded.get(1).getMessage());
    }

    @Test
    void debugShowsTheSpawnCommandLineAndTheExit() {
        processLogger.setLevel(Level.FINE);
        ChildProcess child = new ChildProcess("quiet", () -> { });
        child.start();
        child.join();
        String pid = String.valueOf(child.pid());
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.FINE
                        && r.getMessage().startsWith("started a child JVM, pid " + pid + ": ")
                        && r.getMessage().contains(ChildMain.class.getName())), records::toString);
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.FINE
                && r.getMessage().startsWith("child quiet (pid " + pid + ") exited with code 0, ")), records::toString);
    }

    @Test
    void normalOperationLogsNothingAtInfo() {
        try (Pool pool = new Pool(1)) {
            assertEquals(List.of(2), pool.map(x -> x + 1, List.of(1)));
        }
        ChildProcess child = new ChildProcess("quiet", () -> { });
        child.start();
        child.join();
        ChildProcess stopped = new ChildProcess("stopped", ChildLoggingTest::parkForever);
        stopped.start();
        stopped.terminate();
        stopped.join();
        assertEquals(-15, stopped.exitCode());
        assertEquals(List.of(), records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(LogRecord::getMessage).toList());
    }

    @Test
    void aWorkerThatDiesIsLoggedWithItsPidAndReplaced() {
        try (Pool pool = new Pool(1)) {
            long pid = pool.workerPids().get(0);
            WorkerDiedException died = assertThrows(WorkerDiedException.class,
                    () -> pool.apply(x -> { Runtime.getRuntime().halt(3); return x; }, 1));
            assertEquals(2, (int) pool.apply(x -> x + 1, 1));
            assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                    && r.getMessage().equals(died.getMessage() + "; starting a worker in its place")
                    && r.getMessage().contains(String.valueOf(pid))), records::toString);
        }
    }

    @Test
    void aTimedOutTaskIsLoggedWithTheWorkerKilled() {
        try (Pool pool = Pool.builder().processes(1).taskTimeout(Duration.ofMillis(300)).build()) {
            assertThrows(RuntimeException.class, () -> pool.apply(() -> {
                Thread.sleep(60_000); // the task that overruns its timeout
                return 1;
            }));
            assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                    && r.getMessage().contains("timed out after 300 ms") && r.getMessage().contains("killed")),
                    records::toString);
        }
    }
}
