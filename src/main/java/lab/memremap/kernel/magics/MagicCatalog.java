package lab.memremap.kernel.magics;

import io.github.spencerpark.jupyter.kernel.magic.registry.CellMagicFunction;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The base library's magics registry (what IJava's {@code getMagics()} returns), plus what it lacks:
 * the list of names for completion and a one-line description of each for {@code %help}.
 */
public final class MagicCatalog {
    private final Magics registry = new Magics();
    private final Map<String, String> help = new TreeMap<>();

    public Magics registry() {
        return registry;
    }

    public void line(String name, String description, LineMagicFunction<?> function, String... aliases) {
        registry.registerLineMagic(name, function);
        help.put("%" + name, description);
        for (String alias : aliases) {
            registry.registerLineMagic(alias, function);
            help.put("%" + alias, "alias of %" + name);
        }
    }

    public void cell(String name, String description, CellMagicFunction<?> function) {
        registry.registerCellMagic(name, function);
        help.put("%%" + name, description);
    }

    /** Magic names without their % signs, for completion. */
    public Set<String> names() {
        Set<String> names = new java.util.TreeSet<>();
        for (String key : help.keySet()) names.add(key.replace("%", ""));
        return names;
    }

    public Map<String, String> help() {
        return Map.copyOf(help);
    }
}
