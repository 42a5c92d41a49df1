package lab.memremap.kernel.engine;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell a {@link GuardedExecutionControl}; passed to the builder directly, not looked up by name. */
final class GuardedExecutionControlProvider implements ExecutionControlProvider {
    @Override
    public String name() {
        return "memremap-guarded-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new GuardedExecutionControl();
    }
}
