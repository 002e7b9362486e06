package dev.multiproc.internal.spawn;

/**
 * A child's question to its parent on the control connection: the bytes of a class it lacks.
 *
 * @param id   matches the answer to the question (a child asks from several threads)
 * @param name the binary name, e.g. {@code Wordfreq_main$count$1}
 */
record ClassRequest(long id, String name) {
}
