package dev.multiproc.internal.warmup;

import java.nio.file.Path;
import java.util.List;

/**
 * Which of the JVM's own mechanisms holds a {@link ClassDataArchive}: a dynamic CDS archive up to
 * JDK 24, the ahead-of-time cache from JDK 25 on.
 *
 * <p>Why the AOT cache where there is one: besides the pre-parsed classes of a CDS archive it keeps
 * them loaded and linked (JEP 483) and the method profiles of the run that made it (JEP 515), and
 * JDK 25 writes it in one step as the training JVM exits ({@code -XX:AOTCacheOutput}, JEP 514),
 * just as {@code -XX:ArchiveClassesAtExit} writes a dynamic archive. The two cannot be mixed: a JVM
 * started with {@code -XX:AOTCache} takes no {@code -XX:SharedArchiveFile}. JDK 24 has the cache
 * too, but only in two steps (a configuration run, then a separate assembly), so it keeps the
 * dynamic archive here.
 */
enum ArchiveFormat {
    /** {@code -XX:ArchiveClassesAtExit} / {@code -XX:SharedArchiveFile}, JDK 13 on. */
    DYNAMIC_CDS(".jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", List.of("-Xlog:cds*=off")),
    /** {@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}, JDK 25 on. */
    AOT_CACHE(".aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", List.of("-Xlog:cds*=off", "-Xlog:aot*=off"));

    /** The first JDK whose JVM writes an AOT cache as the training run exits (JEP 514). */
    static final int AOT_CACHE_SINCE = 25;

    private final String extension;
    private final String dumpOption;
    private final String useOption;
    /** Keeps the JVM's warnings (an archive from another build, say) out of the child's output. */
    private final List<String> quiet;

    ArchiveFormat(String extension, String dumpOption, String useOption, List<String> quiet) {
        this.extension = extension;
        this.dumpOption = dumpOption;
        this.useOption = useOption;
        this.quiet = quiet;
    }

    /** The format children of a JVM of this feature release use. */
    static ArchiveFormat forFeature(int feature) {
        return feature >= AOT_CACHE_SINCE ? AOT_CACHE : DYNAMIC_CDS;
    }

    /** The format for children of this JVM (they run its {@code java}). */
    static ArchiveFormat current() {
        return forFeature(Runtime.version().feature());
    }

    /** How an archive's file name ends, e.g. {@code .jsa}. */
    String extension() {
        return extension;
    }

    /** The options of the child that writes {@code partial} as it exits. */
    List<String> dumpOptions(Path partial) {
        return concat(quiet, dumpOption + partial);
    }

    /** The options of a child that maps {@code archive}. */
    List<String> useOptions(Path archive) {
        return concat(quiet, useOption + archive);
    }

    /** The file a dumping child with these options writes, or null when they are not a dump's. */
    Path partialIn(List<String> dumpOptions) {
        for (String option : dumpOptions) {
            if (option.startsWith(dumpOption)) {
                return Path.of(option.substring(dumpOption.length()));
            }
        }
        return null;
    }

    /**
     * Whether the user's child options already decide about class data, for any format: then
     * children get nothing from here. An option this JVM does not know would fail the child anyway.
     */
    static boolean userDecides(List<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:ArchiveClassesAtExit")
                    || option.equals("-Xshare:off") || option.startsWith("-XX:SharedClassListFile")
                    || option.startsWith("-XX:AOTCache") || option.startsWith("-XX:AOTMode")
                    || option.startsWith("-XX:AOTConfiguration")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> concat(List<String> first, String last) {
        String[] all = first.toArray(new String[first.size() + 1]);
        all[first.size()] = last;
        return List.of(all);
    }
}
