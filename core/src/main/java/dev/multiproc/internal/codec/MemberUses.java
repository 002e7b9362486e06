package dev.multiproc.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which members of a class a method's code uses, read from its class file: the answer to "why
 * did this lambda capture {@code this}?" (it reads a field, calls a method of the instance), for
 * an error message that points at the line to change.
 *
 * <p>Reads the constant pool, finds the method by name and descriptor, and walks its bytecode for
 * the instructions that use an instance: {@code getfield}, {@code putfield},
 * {@code invokevirtual}, {@code invokespecial}, {@code invokeinterface}, and the static
 * {@code access$} accessors Kotlin generates for private members. Best effort: an unreadable
 * class file gives an empty answer, never an exception.
 *
 * <pre>{@code
 * // the body of a lambda that uses this.prefix and this.greet():
 * MemberUses.of(loader, "com/acme/Greeter", "lambda$run$0", "(I)Ljava/lang/String;", Greeter.class)
 *     // -> ["reads prefix", "calls greet()"]
 * }</pre>
 */
final class MemberUses {
    private static final int GETFIELD = 0xb4;
    private static final int PUTFIELD = 0xb5;
    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESPECIAL = 0xb7;
    private static final int INVOKESTATIC = 0xb8;
    private static final int INVOKEINTERFACE = 0xb9;
    private static final int TABLESWITCH = 0xaa;
    private static final int LOOKUPSWITCH = 0xab;
    private static final int WIDE = 0xc4;
    private static final int IINC = 0x84;

    /** Length of each fixed-size instruction, opcode included; 0 for the variable ones. */
    private static final byte[] LENGTH = new byte[256];

    static {
        java.util.Arrays.fill(LENGTH, (byte) 1);
        fill(0x10, 0x10, 2); // bipush
        fill(0x11, 0x11, 3); // sipush
        fill(0x12, 0x12, 2); // ldc
        fill(0x13, 0x14, 3); // ldc_w, ldc2_w
        fill(0x15, 0x19, 2); // loads with an index
        fill(0x36, 0x3a, 2); // stores with an index
        fill(IINC, IINC, 3);
        fill(0x99, 0xa8, 3); // branches, goto, jsr
        fill(0xa9, 0xa9, 2); // ret
        fill(TABLESWITCH, LOOKUPSWITCH, 0);
        fill(0xb2, 0xb8, 3); // field access, invokevirtual/special/static
        fill(0xb9, 0xba, 5); // invokeinterface, invokedynamic
        fill(0xbb, 0xbb, 3); // new
        fill(0xbc, 0xbc, 2); // newarray
        fill(0xbd, 0xbd, 3); // anewarray
        fill(0xc0, 0xc1, 3); // checkcast, instanceof
        fill(WIDE, WIDE, 0);
        fill(0xc5, 0xc5, 4); // multianewarray
        fill(0xc6, 0xc7, 3); // ifnull, ifnonnull
        fill(0xc8, 0xc9, 5); // goto_w, jsr_w
    }

    private MemberUses() {
    }

    private static void fill(int from, int to, int length) {
        for (int op = from; op <= to; op++) {
            LENGTH[op] = (byte) length;
        }
    }

    /**
     * What method {@code name}{@code descriptor} of class {@code holder} (internal name, as in
     * {@code SerializedLambda.getImplClass()}) uses of {@code owner} or its superclasses:
     * "reads f", "calls m()", in the order of the code, without repeats.
     */
    static List<String> of(ClassLoader loader, String holder, String name, String descriptor, Class<?> owner) {
        Set<String> owners = new LinkedHashSet<>();
        for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
            owners.add(c.getName().replace('.', '/'));
        }
        byte[] classFile = read(loader, holder + ".class");
        if (classFile == null) {
            return List.of();
        }
        try {
            return scan(classFile, name, descriptor, owners);
        } catch (IOException | RuntimeException malformed) {
            return List.of();
        }
    }

    private static byte[] read(ClassLoader loader, String resource) {
        ClassLoader source = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try (InputStream in = source.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> scan(byte[] classFile, String method, String descriptor, Set<String> owners)
            throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipBytes(8); // magic, version
        ConstantPool pool = ConstantPool.read(in);
        in.skipBytes(6); // access, this, super
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        skipMembers(in); // fields
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipBytes(2);
            String name = pool.utf8(in.readUnsignedShort());
            String desc = pool.utf8(in.readUnsignedShort());
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = pool.utf8(in.readUnsignedShort());
                int length = in.readInt();
                if (name.equals(method) && desc.equals(descriptor) && attribute.equals("Code")) {
                    in.skipBytes(4); // max_stack, max_locals
                    byte[] code = new byte[in.readInt()];
                    in.readFully(code);
                    return uses(code, pool, owners);
                }
                in.skipBytes(length);
            }
        }
        return List.of();
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.skipBytes(6);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipBytes(2);
                in.skipBytes(in.readInt());
            }
        }
    }

    private static List<String> uses(byte[] code, ConstantPool pool, Set<String> owners) {
        Set<String> found = new LinkedHashSet<>();
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xff;
            if (op == GETFIELD || op == PUTFIELD || op == INVOKEVIRTUAL || op == INVOKESPECIAL
                    || op == INVOKEINTERFACE || op == INVOKESTATIC) {
                String[] ref = pool.memberRef(((code[pc + 1] & 0xff) << 8) | (code[pc + 2] & 0xff));
                String use = describe(op, ref, owners);
                if (use != null) {
                    found.add(use);
                }
            }
            pc += length(code, pc, op);
        }
        return new ArrayList<>(found);
    }

    /** "reads f" or "calls m()" for a use of an instance member of {@code owners}; else null. */
    private static String describe(int op, String[] ref, Set<String> owners) {
        String owner = ref[0];
        String name = ref[1];
        if (!owners.contains(owner) || name.startsWith("<")) {
            return null;
        }
        if (op == GETFIELD || op == PUTFIELD) {
            return (op == GETFIELD ? "reads " : "writes ") + name;
        }
        if (op == INVOKESTATIC) {
            if (!name.startsWith("access$")) {
                return null; // a static method needs no instance
            }
            name = name.substring("access$".length());
        }
        if (name.length() > 3 && name.startsWith("get") && Character.isUpperCase(name.charAt(3))
                && ref[2].startsWith("()")) {
            return "reads " + Character.toLowerCase(name.charAt(3)) + name.substring(4);
        }
        return "calls " + name + "()";
    }

    private static int length(byte[] code, int pc, int op) {
        int fixed = LENGTH[op];
        if (fixed > 0) {
            return fixed;
        }
        if (op == WIDE) {
            return (code[pc + 1] & 0xff) == IINC ? 6 : 4;
        }
        int operands = pc + 1 + ((4 - (pc + 1) % 4) % 4); // switch operands are 4-byte aligned
        if (op == TABLESWITCH) {
            int low = readInt(code, operands + 4);
            int high = readInt(code, operands + 8);
            return operands + 12 + 4 * (high - low + 1) - pc;
        }
        int pairs = readInt(code, operands + 4); // LOOKUPSWITCH
        return operands + 8 + 8 * pairs - pc;
    }

    private static int readInt(byte[] code, int at) {
        return ((code[at] & 0xff) << 24) | ((code[at + 1] & 0xff) << 16) | ((code[at + 2] & 0xff) << 8) | (code[at + 3] & 0xff);
    }

    /** The parts of a class file's constant pool this reading needs: UTF-8 strings and member references. */
    private static final class ConstantPool {
        private final Object[] entries;
        private final int[][] refs;

        private ConstantPool(int size) {
            entries = new Object[size];
            refs = new int[size][];
        }

        static ConstantPool read(DataInputStream in) throws IOException {
            int count = in.readUnsignedShort();
            ConstantPool pool = new ConstantPool(count);
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: pool.entries[i] = in.readUTF(); break;
                    case 7: case 8: case 16: case 19: case 20: pool.refs[i] = new int[] {in.readUnsignedShort()}; break;
                    case 3: case 4: in.skipBytes(4); break;
                    case 5: case 6: in.skipBytes(8); i++; break; // long and double take two slots
                    case 9: case 10: case 11: case 12: case 17: case 18:
                        pool.refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                        break;
                    case 15: in.skipBytes(3); break;
                    default: throw new IOException("unknown constant pool tag " + tag);
                }
            }
            return pool;
        }

        String utf8(int index) {
            return (String) entries[index];
        }

        /** {owner (internal name), name, descriptor} of a field or method reference. */
        String[] memberRef(int index) {
            int[] ref = refs[index];
            String owner = utf8(refs[ref[0]][0]);
            int[] nameAndType = refs[ref[1]];
            return new String[] {owner, utf8(nameAndType[0]), utf8(nameAndType[1])};
        }
    }
}
