package dev.multiproc.cluster;

import dev.multiproc.SerializableFunction;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Doubler} whose class is renamed in its class file and defined by a loader that serves
 * no class files: a class that exists in the driver, but whose bytes no one can find.
 */
final class RenamedClasses extends ClassLoader {
    static final String NAME = "dev.multiproc.cluster.Doublxr";

    private RenamedClasses() {
        super(RenamedClasses.class.getClassLoader());
    }

    @SuppressWarnings("unchecked")
    static SerializableFunction<Integer, Integer> unservableDoubler() throws Exception {
        byte[] bytes;
        try (InputStream in = Doubler.class.getResourceAsStream("Doubler.class")) {
            bytes = in.readAllBytes();
        }
        byte[] from = "multiproc/cluster/Doubler".getBytes(StandardCharsets.UTF_8);
        byte[] to = "multiproc/cluster/Doublxr".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
        Class<?> renamed = new RenamedClasses().defineClass(NAME, bytes, 0, bytes.length);
        return (SerializableFunction<Integer, Integer>) renamed.getDeclaredConstructor().newInstance();
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        return name.contains("Doublxr") ? null : super.getResourceAsStream(name);
    }
}
