package dev.multiproc.internal.codec;

/** Thrown to abandon a tree: the caller sends the value through JDK serialization. Has no stack trace. */
final class NotATree extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotATree INSTANCE = new NotATree();

    private NotATree() {
        super("not a value tree", null, false, false);
    }
}
