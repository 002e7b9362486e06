package dev.multiproc.internal.spawn;

/**
 * How the internal child main reaches into the public API without making that API wider:
 * {@code dev.multiproc.ChildProcess} installs the implementation in its static initializer
 * (the JDK's "shared secrets" pattern).
 */
public interface ChildBridge {

    /** Who this child is, as its parent described it in the {@link RunRequest}. */
    record Identity(String name, int[] identity, boolean daemon, String parentName, long parentPid,
                    ContextSettings settings) {
    }

    /**
     * Makes {@code process} this JVM's current process and runs it; returns nothing, throws what
     * it throws. {@code process} is the decoded process object, or the target alone of a plain one.
     */
    void runAsCurrent(Object process, Identity identity) throws Throwable;

    /** Called when the process could not be decoded, so that currentProcess() still names it. */
    void installIdentity(Identity identity);

    static void install(ChildBridge bridge) {
        Holder.bridge = bridge;
    }

    static ChildBridge get() {
        if (Holder.bridge == null) {
            try {
                Class.forName("dev.multiproc.ChildProcess", true, ChildBridge.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("multiproc's API classes are missing from the child's classpath", e);
            }
        }
        return Holder.bridge;
    }

    /** Static state of an interface lives in a nested class. */
    final class Holder {
        static volatile ChildBridge bridge;

        private Holder() {
        }
    }
}
