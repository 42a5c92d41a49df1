package lab.memremap.kernel.magics;

import io.github.spencerpark.jupyter.kernel.magic.common.Load;
import java.util.List;

/**
 * {@code %load}: runs a script or the code cells of a notebook, trying IJava's extensions when the path
 * has none ({@code %load ../utils/djl-imports} finds {@code djl-imports.ipynb}). The base library's
 * {@link Load} does the reading; the code runs inside the current cell.
 */
public final class LoadMagic {
    private final Load load;

    public LoadMagic(MagicHost host) {
        this.load = new Load(List.of(".jsh", ".jshell", ".java", ".ijava"), code -> host.evalNested(code));
    }

    public void register(MagicCatalog catalog) {
        catalog.line("load", "run a .jsh/.jshell/.java/.ijava script or an .ipynb notebook's code cells", args -> {
            if (args.isEmpty()) throw new IllegalArgumentException("%load: give the path of a script or notebook");
            load.load(args);
            return null;
        });
    }
}
