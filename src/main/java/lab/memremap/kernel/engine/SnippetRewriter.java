package lab.memremap.kernel.engine;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the bytecode of each snippet class before it is loaded:
 * <ul>
 *   <li>calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} go to {@link ExitTrap},
 *       so a cell cannot take the kernel down;</li>
 *   <li>every value returned by JShell's {@code do_it$} wrapper passes through {@link ResultCapture#keep},
 *       so the kernel sees the object, not just its string;</li>
 *   <li>the receiver of every {@code start()} call is shown to {@link ThreadWatch} first, so a thread the
 *       cell starts reports its uncaught exceptions into the cell.</li>
 * </ul>
 * Interrupt checks are left to JShell's own local engine ({@code Thread.stop} on JDK 17, its stop-check
 * instrumentation from JDK 20 on), which runs after this rewrite.
 */
public final class SnippetRewriter {
    static final String DO_IT = "do_it$";
    private static final String TRAP = Type.getInternalName(ExitTrap.class);
    private static final String CAPTURE = Type.getInternalName(ResultCapture.class);
    private static final String WATCH = Type.getInternalName(ThreadWatch.class);

    private SnippetRewriter() {}

    /** The newest class-file major version ASM 9.7.1 reads (Java 24). */
    private static final int ASM_MAX_MAJOR = 68;

    public static byte[] rewrite(byte[] classFile) {
        // JShell on a newer JDK (Java 25 writes major version 69) emits class files this ASM refuses to
        // read although they use nothing it does not know: present them as Java 24, restore the version after.
        int major = ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
        if (major <= ASM_MAX_MAJOR) return rewriteSupported(classFile);
        byte[] lowered = classFile.clone();
        setMajor(lowered, ASM_MAX_MAJOR);
        byte[] rewritten = rewriteSupported(lowered);
        setMajor(rewritten, major);
        return rewritten;
    }

    private static void setMajor(byte[] classFile, int major) {
        classFile[6] = (byte) (major >> 8);
        classFile[7] = (byte) major;
    }

    private static byte[] rewriteSupported(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // COMPUTE_MAXS only: the rewrite keeps stack shapes compatible, so existing frames stay valid.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new SnippetMethodRewriter(next, DO_IT.equals(name));
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class SnippetMethodRewriter extends MethodVisitor {
        private final boolean captureReturns;

        SnippetMethodRewriter(MethodVisitor next, boolean captureReturns) {
            super(Opcodes.ASM9, next);
            this.captureReturns = captureReturns;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit")
                    && descriptor.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TRAP, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && descriptor.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TRAP, "exit", "(Ljava/lang/Runtime;I)V", false);
            } else {
                if (opcode == Opcodes.INVOKEVIRTUAL && name.equals("start") && descriptor.equals("()V")) {
                    // Possibly Thread.start (or a subclass's): let ThreadWatch see the receiver first.
                    super.visitInsn(Opcodes.DUP);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, WATCH, "watch", "(Ljava/lang/Object;)V", false);
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (captureReturns && opcode == Opcodes.ARETURN) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CAPTURE, "keep",
                        "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            }
            super.visitInsn(opcode);
        }
    }
}
