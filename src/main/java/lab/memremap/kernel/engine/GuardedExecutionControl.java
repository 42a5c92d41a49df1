package lab.memremap.kernel.engine;

import java.util.Arrays;
import jdk.jshell.execution.LocalExecutionControl;

/**
 * JShell's stock in-process execution control, which knows how to stop a running snippet on every JDK,
 * with one addition: each snippet class is passed through {@link SnippetRewriter} before it is loaded.
 */
final class GuardedExecutionControl extends LocalExecutionControl {
    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] rewritten = Arrays.stream(classes)
                .map(c -> new ClassBytecodes(c.name(), SnippetRewriter.rewrite(c.bytecodes())))
                .toArray(ClassBytecodes[]::new);
        super.load(rewritten);
    }
}
