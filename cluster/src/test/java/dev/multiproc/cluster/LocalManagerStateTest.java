package dev.multiproc.cluster;

import dev.multiproc.manager.Manager;
import dev.multiproc.manager.SharedState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

/** {@link SharedStateContract} on a local {@link Manager}: the reference the cluster's must match. */
@ExtendWith(ChildLeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalManagerStateTest extends SharedStateContract {
    private static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.start();
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @Override
    SharedState state() {
        return manager;
    }
}
