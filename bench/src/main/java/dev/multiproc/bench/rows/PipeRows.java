package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;

import java.util.List;

/**
 * Connection rows: CPython's section 5, same workloads (an echo child; a sending child). The
 * one-way row's sender is a fresh JVM, what a user gets by default; {@code pipe.1k.trained}
 * reports the same sent by a trained standby child to a trained receiver (see {@link Children}).
 */
public final class PipeRows {
    private PipeRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("pipe.rtt", s -> "Connection ping-pong send/recv small int, " + String.format("%,d", s.n(20_000))
                        + " round trips", "us/RTT", "5.0", Goal.atMost(0.5), PipeRows::roundTrip),
                new SimpleRow("pipe.1k", s -> "Connection one-way sendBytes 1 KiB, " + String.format("%,d", s.n(20_000))
                        + " msgs, sent by a fresh JVM, timed from a ready child", "msgs/s", "5.1", Goal.atLeast(3),
                        s -> oneWay(s, Children.fresh())),
                new SimpleRow("pipe.1k.trained", s -> "Connection one-way sendBytes 1 KiB, " + String.format("%,d", s.n(20_000))
                        + " msgs, sent by a trained standby child to a trained receiver", "msgs/s", "5.1", Goal.reported(),
                        s -> oneWay(s, Children.trained(1))));
    }

    /** In the child: send back whatever arrives until null. */
    static void echo(Connection conn) {
        try (conn) {
            Object x;
            while ((x = conn.recv()) != null) {
                conn.send(x);
            }
        }
    }

    /**
     * In the child: say it is ready, wait for "go", then send {@code n} copies of {@code payload}
     * and an empty message.
     */
    static void send(Connection conn, int n) {
        byte[] payload = new byte[1024];
        try (conn) {
            conn.send("ready");
            conn.recv();
            for (int i = 0; i < n; i++) {
                conn.sendBytes(payload);
            }
            conn.sendBytes(new byte[0]);
        }
    }

    static double roundTrip(Scale scale) throws Exception {
        int n = scale.n(20_000);
        try (Pipe pipe = Pipe.open()) {
            Connection mine = pipe.left();
            Connection theirs = pipe.right();
            ChildProcess child = new ChildProcess(PipeRows::echo, theirs);
            child.start();
            double micros = Measure.median(scale, () -> {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    mine.send(i);
                    mine.recv();
                }
                return (System.nanoTime() - start) / 1e3 / n;
            });
            mine.send(null);
            child.join();
            return micros;
        }
    }

    static double oneWay(Scale scale, Children children) throws Exception {
        int n = scale.n(20_000);
        try (children) {
            return Measure.median(scale, () -> oneWayOnce(children, n));
        }
    }

    private static double oneWayOnce(Children children, int n) {
        children.awaitReady();
        try (Pipe pipe = Pipe.open()) {
            Connection mine = pipe.left();
            Connection theirs = pipe.right();
            ChildProcess child = children.process(() -> send(theirs, n));
            child.start();
            // the clock starts once the child runs: a fresh JVM's start-up is start.cold's
            // business, while a forked CPython child is ready at once
            mine.recv();
            mine.send("go");
            long start = System.nanoTime();
            int count = 0;
            while (mine.recvBytes().length > 0) {
                count++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            child.join();
            if (count != n) {
                throw new IllegalStateException("received " + count + " of " + n + " messages");
            }
            return n / seconds;
        }
    }
}
