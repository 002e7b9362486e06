package dev.multiproc.internal.warmup;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which options a child gets for its class data, per JDK; pure logic. */
class ArchiveFormatTest {

    @Test
    void jdk17To24KeepTheDynamicArchiveAnd25OnUsesTheAotCache() {
        for (int feature : new int[] {17, 21, 24}) {
            assertEquals(ArchiveFormat.DYNAMIC_CDS, ArchiveFormat.forFeature(feature), "JDK " + feature);
        }
        for (int feature : new int[] {25, 26, 30}) {
            assertEquals(ArchiveFormat.AOT_CACHE, ArchiveFormat.forFeature(feature), "JDK " + feature);
        }
    }

    @Test
    void theDynamicArchiveOptionsAreTodays() {
        Path partial = Path.of("/c/k.jsa.7.tmp");
        assertEquals(List.of("-Xlog:cds*=off", "-XX:ArchiveClassesAtExit=/c/k.jsa.7.tmp"),
                ArchiveFormat.DYNAMIC_CDS.dumpOptions(partial));
        assertEquals(List.of("-Xlog:cds*=off", "-XX:SharedArchiveFile=/c/k.jsa"),
                ArchiveFormat.DYNAMIC_CDS.useOptions(Path.of("/c/k.jsa")));
        assertEquals(partial, ArchiveFormat.DYNAMIC_CDS.partialIn(ArchiveFormat.DYNAMIC_CDS.dumpOptions(partial)));
    }

    @Test
    void theAotCacheIsWrittenInOneStepAndMappedQuietly() {
        Path partial = Path.of("/c/k.aot.7.tmp");
        assertEquals(List.of("-Xlog:cds*=off", "-Xlog:aot*=off", "-XX:AOTCacheOutput=/c/k.aot.7.tmp"),
                ArchiveFormat.AOT_CACHE.dumpOptions(partial));
        assertEquals(List.of("-Xlog:cds*=off", "-Xlog:aot*=off", "-XX:AOTCache=/c/k.aot"),
                ArchiveFormat.AOT_CACHE.useOptions(Path.of("/c/k.aot")));
        assertEquals(partial, ArchiveFormat.AOT_CACHE.partialIn(ArchiveFormat.AOT_CACHE.dumpOptions(partial)));
        assertNull(ArchiveFormat.AOT_CACHE.partialIn(ArchiveFormat.DYNAMIC_CDS.dumpOptions(partial)));
    }

    @Test
    void theUsersOwnClassDataOptionsMeanNothingIsAdded() {
        for (String option : List.of("-XX:AOTCache=/x.aot", "-XX:AOTMode=off", "-XX:AOTCacheOutput=/x.aot",
                "-XX:AOTConfiguration=/x.aotconf", "-XX:SharedArchiveFile=/x.jsa", "-XX:ArchiveClassesAtExit=/x.jsa",
                "-Xshare:off")) {
            assertTrue(ArchiveFormat.userDecides(List.of("-Xmx64m", option)), option);
        }
        assertFalse(ArchiveFormat.userDecides(List.of("-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m")));
    }
}
