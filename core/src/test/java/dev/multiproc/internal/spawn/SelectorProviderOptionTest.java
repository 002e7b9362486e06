package dev.multiproc.internal.spawn;

import dev.multiproc.ChildProcess;
import dev.multiproc.queue.ProcessQueue;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;

import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A child is told its parent's selector provider instead of searching its class path's jars for one. */
class SelectorProviderOptionTest {

    @Test
    void theUsersOwnProviderChoiceWins() {
        assertNull(SelectorProviderOption.optionFor(List.of("-XX:+UseSerialGC", "-Djava.nio.channels.spi.SelectorProvider=my.Provider")));
        assertNull(SelectorProviderOption.optionFor(List.of("-Djava.nio.channels.spi.SelectorProvider")));
    }

    @Test
    void theJdksOwnProviderIsNamed() {
        String provider = SelectorProvider.provider().getClass().getName();
        assertEquals("-Djava.nio.channels.spi.SelectorProvider=" + provider, SelectorProviderOption.optionFor(List.of()));
    }

    @Test
    void aChildGetsItsParentsProviderByName() throws Exception {
        try (ProcessQueue<List<String>> seen = new ProcessQueue<>()) {
            ChildProcess child = new ChildProcess(SelectorProviderOptionTest::reportProvider, seen);
            child.start();
            List<String> reported = seen.get(Duration.ofSeconds(60));
            Processes.join(child);
            assertNotNull(reported, "the child reported nothing within 60 s");
            String provider = SelectorProvider.provider().getClass().getName();
            // the property names the provider, and it is the one the parent uses
            assertEquals(List.of(provider, provider), reported);
        }
    }

    static void reportProvider(ProcessQueue<List<String>> seen) {
        seen.put(List.of(String.valueOf(System.getProperty(SelectorProviderOption.PROPERTY)),
                SelectorProvider.provider().getClass().getName()));
    }
}
