package dev.multiproc.manager;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * One manager for a whole test class: started before its first test, closed after its last
 * (before the suite's leak check looks for its process).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ManagerFixture MANAGER = new ManagerFixture();
 *
 * @Test
 * void dict() {
 *     ManagedDict<String, Integer> d = MANAGER.get().dict();
 * }
 * }</pre>
 */
final class ManagerFixture implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<Manager> starter;
    private Manager manager;

    /** A fixture of a manager with the built-in types. */
    ManagerFixture() {
        this(Manager::start);
    }

    /** A fixture of the manager {@code starter} starts (registered types, an address...). */
    ManagerFixture(Supplier<Manager> starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /** The running manager. */
    Manager get() {
        if (manager == null) {
            throw new IllegalStateException("the manager runs only between the class's first and last test");
        }
        return manager;
    }
}
