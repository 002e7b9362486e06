package dev.multiproc.internal.spawn;

/**
 * The parent's instruction to a connected child: the serialized process object and who it is.
 *
 * @param process    the serialized {@code ChildProcess} (encoded separately, so that a failure to
 *                   decode it is reported as the child's failure rather than a protocol error)
 * @param identity   Python's {@code _identity}, e.g. {@code [1, 2]} for {@code Process-1:2}
 * @param parentName the parent's process name, for {@code parentProcess()}
 * @param settings   the spawning context's settings, inherited as the child's default context
 */
public record RunRequest(byte[] process, String name, int[] identity, boolean daemon, String parentName,
                         ContextSettings settings) {
}
