package dev.multiproc.internal.spawn;

import java.util.List;

/**
 * Where a child JVM maps its class-data archives: at the archives' own base address, so that
 * their pages stay clean and are shared by every child that maps them.
 *
 * <p>Why: HotSpot maps a CDS archive at a random address by default since JDK 21 (and in 17.0.x
 * updates: {@code ArchiveRelocationMode=1}) and then patches every pointer in it. Each JVM's
 * copy of the archive is then private, dirty memory: 10 MB of an idle pool worker's PSS for the
 * JDK's own archive alone, measured with {@code /proc/PID/smaps} (a worker's PSS went from 26 to
 * 22 MiB with the archive at its base address; docs/benchmarks.md, {@code mem.worker}). Mapped
 * at its base address, as HotSpot did by default before, the archive needs no patching, so a
 * child also starts without that work. What it gives up is the random placement of the archive's
 * class metadata inside a child; Python's {@code fork} children share even more of their
 * parent's layout. JDK 25 still maps at a random address by default, its AOT cache included:
 * there two idle JVMs mapping a 10 MB cache had 6.9 MB of it private and dirty each, 2.9 MB with
 * the cache at its base address.
 *
 * <p>The option is diagnostic, so it is unlocked with it. It is added only when this JVM uses a
 * class-data archive itself ({@code java.vm.info} says "sharing"; the child runs the same
 * {@code java}, so it knows the option), when the user chose nothing about archives in the
 * child's options, and unless {@code -Dmultiproc.cds=false}.
 */
final class ArchiveMapping {
    static final List<String> AT_BASE_ADDRESS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

    private ArchiveMapping() {
    }

    /**
     * The child's options without {@code -Xshare:auto} when they name an AOT cache to use or write:
     * the JVM refuses to start with both, and {@code -Xshare:auto} is its default anyway.
     */
    static List<String> compatible(List<String> jvmOptions) {
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:AOTCache"))) {
            return jvmOptions;
        }
        return jvmOptions.stream().filter(option -> !option.equals("-Xshare:auto")).toList();
    }

    /** The options to add to a child's {@code jvmOptions}; none when they decide themselves or archives are off. */
    static List<String> optionsFor(List<String> jvmOptions) {
        if (!Boolean.parseBoolean(System.getProperty("multiproc.cds", "true"))
                || !System.getProperty("java.vm.info", "").contains("sharing")) {
            return List.of();
        }
        for (String option : jvmOptions) {
            if (option.startsWith("-XX:ArchiveRelocationMode") || option.startsWith("-Xshare:off")) {
                return List.of();
            }
        }
        return AT_BASE_ADDRESS;
    }
}
