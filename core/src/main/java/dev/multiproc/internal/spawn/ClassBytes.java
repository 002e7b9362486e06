package dev.multiproc.internal.spawn;

/**
 * The parent's answer to a {@link ClassRequest}.
 *
 * @param id       the id of the request answered
 * @param name     the class asked for
 * @param bytes    its class file, or null when no loader of the parent (or of its own parents) has it
 * @param searched where the parent looked, for the error message when {@code bytes} is null, e.g.
 *                 "process 4121: the loader that serialized it (none recorded), the system loader (app)"
 */
record ClassBytes(long id, String name, byte[] bytes, String searched) {
}
