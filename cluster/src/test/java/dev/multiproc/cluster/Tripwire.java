package dev.multiproc.cluster;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/** An argument whose deserialization leaves a file behind: shows whether anyone deserialized it. */
final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String path;

    Tripwire(Path path) {
        this.path = path.toString();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Files.writeString(Path.of(path), "deserialized in process " + ProcessHandle.current().pid());
    }
}
