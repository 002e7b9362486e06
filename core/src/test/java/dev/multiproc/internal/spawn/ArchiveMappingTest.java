package dev.multiproc.internal.spawn;

import dev.multiproc.ChildProcess;
import dev.multiproc.queue.ProcessQueue;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Children map class-data archives at their base address unless the user decided otherwise. */
class ArchiveMappingTest {

    @Test
    void theUsersOwnArchiveChoiceWins() {
        assertEquals(List.of(), ArchiveMapping.optionsFor(List.of("-XX:ArchiveRelocationMode=1")));
        assertEquals(List.of(), ArchiveMapping.optionsFor(List.of("-XX:+UseSerialGC", "-Xshare:off")));
    }

    @Test
    void anAotCacheDropsTheDefaultShareAutoThatTheJvmRefusesBesideIt() {
        List<String> defaults = List.of("-XX:+UseSerialGC", "-Xshare:auto");
        assertEquals(defaults, ArchiveMapping.compatible(defaults));
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:AOTCache=/c/k.aot"),
                ArchiveMapping.compatible(List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:AOTCache=/c/k.aot")));
        assertEquals(List.of("-XX:AOTCacheOutput=/c/k.aot.1.tmp"),
                ArchiveMapping.compatible(List.of("-Xshare:auto", "-XX:AOTCacheOutput=/c/k.aot.1.tmp")));
    }

    @Test
    void archivesOffMeansNoMappingOption() {
        String before = System.getProperty("multiproc.cds");
        System.setProperty("multiproc.cds", "false");
        try {
            assertEquals(List.of(), ArchiveMapping.optionsFor(List.of()));
        } finally {
            if (before == null) {
                System.clearProperty("multiproc.cds");
            } else {
                System.setProperty("multiproc.cds", before);
            }
        }
    }

    @Test
    void aDefaultChildStartsWithItsArchivesAtTheirBaseAddress() throws Exception {
        assumeTrue(System.getProperty("java.vm.info", "").contains("sharing"), "this JVM maps no class-data archive");
        try (ProcessQueue<List<String>> arguments = new ProcessQueue<>()) {
            ChildProcess child = new ChildProcess(ArchiveMappingTest::reportArguments, arguments);
            child.start();
            List<String> seen = arguments.get(Duration.ofSeconds(60));
            Processes.join(child);
            assertNotNull(seen, "the child reported nothing within 60 s");
            assertTrue(seen.containsAll(ArchiveMapping.AT_BASE_ADDRESS), seen.toString());
        }
    }

    static void reportArguments(ProcessQueue<List<String>> arguments) {
        arguments.put(List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }
}
