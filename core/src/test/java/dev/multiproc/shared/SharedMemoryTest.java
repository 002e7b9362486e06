package dev.multiproc.shared;

import dev.multiproc.ChildProcess;
import dev.multiproc.internal.shm.SegmentFiles;
import dev.multiproc.sync.ProcessEvent;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's {@code _TestSharedMemory}: create, attach by name, pass to a child, close, unlink, errors. */
class SharedMemoryTest {

    @Test
    void createAttachByNameWriteReadAndUnlink() throws Exception {
        SharedMemory block = SharedMemory.create("test01_tsmb", 512);
        try {
            assertEquals("test01_tsmb", block.name());
            assertEquals(512, block.size());
            assertTrue(block.isCreator());
            Path file = SegmentFiles.directory().resolve(block.fileName());
            assertTrue(block.fileName().startsWith(SegmentFiles.prefix()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

            ByteBuffer buffer = block.buffer();
            assertEquals(512, buffer.remaining());
            buffer.put(0, new byte[] {'h', 'o', 'w', 'd', 'y'});

            try (SharedMemory same = SharedMemory.attach("test01_tsmb")) {
                assertFalse(same.isCreator());
                assertEquals(512, same.size());
                byte[] read = new byte[5];
                same.buffer().get(0, read);
                assertEquals("howdy", new String(read, "US-ASCII"));
                assertThrows(IllegalStateException.class, same::unlink, "only the creator unlinks");
            }

            assertThrows(SharedMemoryExistsException.class, () -> SharedMemory.create("test01_tsmb", 512));
        } finally {
            block.close();
            assertThrows(IllegalStateException.class, block::buffer, "closed in this process");
            block.unlink();
        }
        assertThrows(NoSuchSharedMemoryException.class, block::unlink, "a second unlink throws");
        assertThrows(NoSuchSharedMemoryException.class, () -> SharedMemory.attach("test01_tsmb"));
    }

    @Test
    void badSizesAndNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("negative", -1));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("zero", 0));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("../escape", 10));
        assertThrows(NoSuchSharedMemoryException.class, () -> SharedMemory.attach("never_created"));
    }

    @Test
    void aChildWritesThroughABlockPassedAsArgumentAndAnotherAttachesByName() {
        SharedMemory block = SharedMemory.create(4096);
        try {
            assertTrue(block.name().startsWith("psm_"));
            ChildProcess byArgument = new ChildProcess((SharedMemory shm) -> {
                shm.buffer().putLong(8, 0x1234_5678_9abcL);
                shm.close();
            }, block);
            byArgument.start();
            Processes.join(byArgument);
            assertEquals(0x1234_5678_9abcL, block.buffer().getLong(8));

            String name = block.name();
            ChildProcess byName = new ChildProcess(() -> {
                try (SharedMemory shm = SharedMemory.attach(name)) {
                    shm.buffer().putInt(0, shm.buffer().getInt(0) + 41);
                }
            });
            byName.start();
            Processes.join(byName);
            assertEquals(41, block.buffer().getInt(0));
        } finally {
            block.close();
            block.unlink();
        }
    }

    /** In a child: creates {@code name}, writes {@code marker}, and unlinks it once the parent has attached. */
    static void createUntilAttached(String name, int size, int marker, ProcessEvent created, ProcessEvent attached) {
        SharedMemory block = SharedMemory.create(name, size);
        block.buffer().putInt(0, marker);
        created.set();
        Processes.check(attached.await(Processes.JOIN), "the parent did not attach");
        block.close();
        block.unlink();
    }

    /** Attaches {@code name} while a child holds it, checks the marker, closes it; the child then unlinks it. */
    private static SharedMemory attachWhileAChildHoldsIt(String name, int size, int marker) throws Exception {
        try (ProcessEvent created = new ProcessEvent(); ProcessEvent attached = new ProcessEvent()) {
            ChildProcess creator = new ChildProcess(() -> createUntilAttached(name, size, marker, created, attached));
            creator.start();
            assertTrue(created.await(Processes.JOIN), "the child did not create " + name);
            SharedMemory seen = SharedMemory.attach(name);
            assertEquals(size, seen.size());
            assertEquals(marker, seen.buffer().getInt(0));
            seen.close();
            attached.set();
            Processes.join(creator);
            return seen;
        }
    }

    @Test
    void aBlockUnlinkedElsewhereCannotBeAttachedAgainAndANewOneOfTheSameNameIsMappedAfresh() throws Exception {
        SharedMemory first = attachWhileAChildHoldsIt("test_reattach", 4096, 1);
        assertThrows(NoSuchSharedMemoryException.class, () -> SharedMemory.attach("test_reattach"),
                "attached a block its creator had unlinked");
        SharedMemory second = attachWhileAChildHoldsIt("test_reattach", 8192, 2);
        assertThrows(IllegalStateException.class, first::buffer, "closed in this process");
        assertEquals(8192, second.size());
    }

    @Test
    void closeReleasesTheMapping() throws Exception {
        SharedMemory closed = attachWhileAChildHoldsIt("test_close_unmaps", 4096, 3);
        String file = closed.fileName();
        for (int round = 0; round < 50 && mapped(file); round++) {
            System.gc();
            Thread.onSpinWait();
        }
        assertFalse(mapped(file), "a closed block is still mapped in this process");
        assertEquals(4096, closed.size(), "a closed block still knows its size");
    }

    private static boolean mapped(String file) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> line.contains(file));
    }

    @Test
    void windowsReachAnyPartOfTheBlock() {
        SharedMemory block = SharedMemory.create(1 << 20);
        try {
            block.buffer(1000, 24).putLong(16, 99);
            assertEquals(99, block.buffer().getLong(1016));
            assertThrows(IndexOutOfBoundsException.class, () -> block.buffer((1 << 20) - 8, 16));
        } finally {
            block.unlink();
        }
    }
}
