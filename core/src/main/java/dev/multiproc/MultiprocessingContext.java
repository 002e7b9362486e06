package dev.multiproc;

import dev.multiproc.internal.spawn.ChildClasspath;
import dev.multiproc.internal.spawn.ContextSettings;
import dev.multiproc.internal.spawn.SpawnedChild;
import dev.multiproc.internal.spawn.StandbyChildren;
import dev.multiproc.internal.warmup.ClassDataArchive;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How child JVMs are started: JVM options, environment, classpath, standby children, output
 * prefixes. Python's {@code get_context()}/{@code set_start_method()}, with the knobs a JVM needs.
 *
 * <pre>{@code
 * try (MultiprocessingContext ctx = MultiprocessingContext.builder()
 *         .jvmOptions("-Xmx256m")
 *         .standby(2)                      // two warm JVMs waiting: start() is near-instant
 *         .trainStandby(true)              // ... whose connections and queues are JIT-compiled
 *         .build()) {
 *     ChildProcess p = ctx.process(() -> System.out.println("hello from a warm JVM"));
 *     p.start();
 *     p.join();
 * }
 * }</pre>
 *
 * <p>A child inherits the context it was started with as its own default, so grandchildren get the
 * same options. Contexts are immutable; {@link #toBuilder()} derives a variant.
 */
public final class MultiprocessingContext implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    /**
     * Options every child gets unless replaced: the serial collector and no perf-data file start a
     * small JVM measurably faster, and class-data sharing is on by default in JDK 17 anyway.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto");

    /** Options of the children's {@code java} command, before the main class. */
    private final List<String> jvmOptions;
    /** Variables added to the environment the children inherit from this JVM. */
    private final Map<String, String> environment;
    /** The classpath set, or null to derive it from where this library's classes are. */
    private final String classpath;
    /** How many child JVMs are kept booted and waiting; not inherited by children. */
    private final int standby;
    /** Whether standby children warm up the transport before they report ready. */
    private final boolean trainStandby;
    /** Whether each line a child prints is prefixed with its name. */
    private final boolean prefixOutput;
    /** Whether the children's output is dropped: only for the child that writes the class-data archive. */
    private final boolean discardOutput;
    private transient volatile StandbyChildren standbyChildren;

    private MultiprocessingContext(Builder b) {
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.environment = Map.copyOf(b.environment);
        this.classpath = b.classpath;
        this.standby = b.standby;
        this.trainStandby = b.trainStandby;
        this.prefixOutput = b.prefixOutput;
        this.discardOutput = b.discardOutput;
        if (standby > 0) {
            standbyChildren = new StandbyChildren(standby, trainStandby, () -> launch(null));
        }
    }

    /**
     * A builder starting from the defaults: {@link #DEFAULT_JVM_OPTIONS}, no added environment, the
     * derived classpath, no standby children, no output prefix.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this context's settings, to derive a variant; this context is not changed.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jvmOptions = new ArrayList<>(jvmOptions);
        b.environment = new LinkedHashMap<>(environment);
        b.classpath = classpath;
        b.standby = standby;
        b.trainStandby = trainStandby;
        b.prefixOutput = prefixOutput;
        b.discardOutput = discardOutput;
        return b;
    }

    /**
     * A new process that will start with this context's settings; Python's {@code ctx.Process}.
     *
     * @param target what the child runs, not {@code null}
     * @return the process, not yet started
     */
    public ChildProcess process(SerializableRunnable target) {
        return new ChildProcess(target).context(this);
    }

    /**
     * The options of the children's {@code java} command.
     *
     * @return an unmodifiable list, e.g. {@code [-XX:+UseSerialGC, -XX:-UsePerfData, -Xshare:auto]}
     */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /**
     * The variables added to the environment the children inherit from this JVM.
     *
     * @return an unmodifiable map of name to value; empty by default
     */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The children's classpath: the one set (with multiproc-core's jar added when it lacks it),
     * else the jar or directory of multiproc-core's classes, the jars of the class loaders that
     * loaded it, {@code java.class.path} and {@code jdk.module.path}. So children start however
     * this program was launched ({@code java -cp}, a fat jar, {@code mvn exec:java}, the module
     * path, a Kotlin script's {@code @file:DependsOn}); classes they lack beyond that, they get
     * from this process.
     *
     * @return the classpath in this platform's syntax, entries separated by {@code File.pathSeparator}
     * @throws ProcessStartException when no classpath was set and multiproc-core's classes are
     *         not in a file a child JVM can read
     */
    public String classpath() {
        return ChildClasspath.forChildren(classpath);
    }

    /**
     * Waits until this context's standby children are all booted and waiting, e.g. before
     * latency-sensitive work. True at once without standby children.
     *
     * @param timeout how long to wait at most, not {@code null}; counted in whole milliseconds
     * @return true when every standby child is ready, false when the time ran out first
     */
    public boolean awaitStandby(Duration timeout) {
        StandbyChildren warm = standbyChildren;
        return warm == null || warm.awaitReady(timeout.toMillis());
    }

    /**
     * How many child JVMs this context keeps booted and waiting.
     *
     * @return the count set with {@link Builder#standby(int)}; 0 by default
     */
    public int standby() {
        return standby;
    }

    /**
     * Whether standby children warm up the transport before they report ready.
     *
     * @return the flag set with {@link Builder#trainStandby(boolean)}; false by default
     */
    public boolean trainStandby() {
        return trainStandby;
    }

    /**
     * Whether each line a child prints is prefixed with {@code [name] }.
     *
     * @return the flag set with {@link Builder#prefixOutput(boolean)}; false by default
     */
    public boolean prefixOutput() {
        return prefixOutput;
    }

    ContextSettings settings() {
        return new ContextSettings(jvmOptions, environment, classpath, prefixOutput);
    }

    /** The context a child inherits from the one that started it (without standby children). */
    static MultiprocessingContext of(ContextSettings settings) {
        return builder().jvmOptions(settings.jvmOptions()).classpath(settings.classpath())
                .environment(settings.environment()).prefixOutput(settings.prefixOutput()).build();
    }

    /** Starts (or takes from standby) a child JVM for a process named {@code name}. */
    SpawnedChild spawn(String name) {
        StandbyChildren warm = standbyChildren;
        SpawnedChild child = warm != null ? warm.take() : null;
        if (child == null) {
            return launch(name);
        }
        child.outputPrefix(prefix(name));
        return child;
    }

    private SpawnedChild launch(String name) {
        List<String> options = new ArrayList<>(jvmOptions);
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("multiproc.")) {
                options.add("-D" + k + "=" + v);
            }
        });
        String childClasspath = classpath();
        options.addAll(ClassDataArchive.options(childClasspath, jvmOptions, this::dumpArchive));
        boolean standby = name == null; // a standby child learns its name with its run request
        return SpawnedChild.launch(options, environment, childClasspath, standby ? null : prefix(name), standby,
                trainStandby, discardOutput);
    }

    /**
     * Starts, in the background, the one child whose exit writes this classpath's class-data archive.
     * Its output is dropped: on JDK 25 the JVM reports writing an AOT cache on stdout and stderr
     * whatever the logging options say, and the user never asked for that child.
     */
    private void dumpArchive(List<String> dumpOptions) {
        Builder builder = toBuilder().standby(0).jvmOptions(dumpOptions.toArray(new String[0]));
        builder.discardOutput = true;
        MultiprocessingContext dumping = builder.build();
        ChildProcess dumper = dumping.process(ClassDataArchive::exerciseChildPaths);
        dumper.setName("cds-archive");
        dumper.setDaemon(true);
        dumper.start();
        dumper.onExit().thenRun(() -> ClassDataArchive.publish(dumpOptions));
    }

    private String prefix(String name) {
        return prefixOutput ? "[" + name + "] " : null;
    }

    /** Dismisses this context's standby children. Processes already started are not affected. */
    @Override
    public void close() {
        StandbyChildren warm = standbyChildren;
        if (warm != null) {
            warm.close();
        }
    }

    /**
     * Standby children are not inherited: each process tree level asks for its own.
     *
     * @return a context with the same settings and no standby children
     */
    private Object readResolve() {
        return toBuilder().standby(0).build();
    }

    @Override
    public String toString() {
        return "MultiprocessingContext[jvmOptions=" + jvmOptions + ", environment=" + environment.keySet()
                + ", standby=" + standby + ", trainStandby=" + trainStandby + ", prefixOutput=" + prefixOutput + "]";
    }

    /** Builds a {@link MultiprocessingContext}. */
    public static final class Builder {
        private List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
        private Map<String, String> environment = new LinkedHashMap<>();
        private String classpath;
        private int standby;
        private boolean trainStandby;
        private boolean prefixOutput;
        private boolean discardOutput;

        private Builder() {
        }

        /**
         * Replaces the JVM options (default {@link #DEFAULT_JVM_OPTIONS}).
         *
         * @param options the complete list of options, not {@code null}; it is copied
         * @return this builder
         */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = new ArrayList<>(Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * Adds JVM options to the current ones, e.g. {@code "-Xmx256m"}.
         *
         * @param options options appended after the current ones, none of them {@code null}
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            this.jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * Adds an environment variable for the children (they inherit this JVM's environment).
         *
         * @param name  the variable's name, not {@code null}; set again, the last value counts
         * @param value its value, not {@code null}
         * @return this builder
         */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds environment variables for the children.
         *
         * @param variables names and values to add, none of them {@code null}
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            variables.forEach(this::environment);
            return this;
        }

        /**
         * The children's classpath (default: this JVM's).
         *
         * @param path a classpath in this platform's syntax (entries separated by {@code File.pathSeparator}),
         *             or {@code null} to derive it as {@link MultiprocessingContext#classpath()} describes
         * @return this builder
         */
        public Builder classpath(String path) {
            this.classpath = path;
            return this;
        }

        /**
         * Keeps {@code count} child JVMs booted and waiting, so that {@code start()} is near-instant.
         *
         * @param count how many, 0 (the default) for none
         * @return this builder
         * @throws IllegalArgumentException when {@code count} is negative
         */
        public Builder standby(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("standby < 0: " + count);
            }
            this.standby = count;
            return this;
        }

        /**
         * Whether standby children run this library's connections and queues (a pipe and a queue
         * within the child, tens of thousands of messages, until the JIT has compiled them) before
         * they report ready, so that a process started on one sends and receives at full speed
         * from its first message, as a forked CPython child does. Costs each standby child 3-4 s
         * of CPU on two cores (1.5-2.5 s of wall time), once, before it is used (default: off).
         * Trained children are replaced once every process started on one has exited, so that
         * training does not compete with the work; a start that finds no trained child ready
         * starts a fresh JVM rather than wait.
         *
         * @param train true to train standby children before they report ready
         * @return this builder
         */
        public Builder trainStandby(boolean train) {
            this.trainStandby = train;
            return this;
        }

        /**
         * Prefixes each line a child prints with {@code [name] }.
         *
         * @param prefix true to prefix the children's stdout and stderr lines with their process's name
         * @return this builder
         */
        public Builder prefixOutput(boolean prefix) {
            this.prefixOutput = prefix;
            return this;
        }

        /**
         * Builds the context; with standby children, they start booting now.
         *
         * @return the new, immutable context; close it to dismiss its standby children
         */
        public MultiprocessingContext build() {
            return new MultiprocessingContext(this);
        }
    }
}
