package dev.multiproc.internal.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exit statuses in messages say which signal ended a process rather than showing 128 + n. */
class SignalsTest {

    @Test
    void aStatusAbove128NamesTheSignal() {
        assertEquals("was killed by SIGKILL", Signals.describeExit(137));
        assertEquals("was killed by SIGTERM", Signals.describeExit(143));
        assertEquals("exited with status 3", Signals.describeExit(3));
        assertEquals("exited with status 1", Signals.describeExit(1));
    }
}
