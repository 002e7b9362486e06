package dev.multiproc.internal.spawn;

import java.util.List;
import java.util.Map;

/**
 * The spawning context's settings, sent to each child so that it becomes the child's default
 * context (grandchildren start like children).
 *
 * @param classpath null for "the JVM's own classpath"
 */
public record ContextSettings(List<String> jvmOptions, Map<String, String> environment, String classpath,
                              boolean prefixOutput) {
}
