package lab.memremap.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lab.memremap.model.Design;
import lab.memremap.model.KernelApi;
import lab.memremap.model.Source;
import org.junit.jupiter.api.Test;

/** Every kernel-named function carries its source (commit, file or Message-ID) as data. */
class CitationsTest {

    private static boolean kernelNamed(String name) {
        return name.indexOf('_') >= 0 || name.matches("(__)?(Page|SetPage|ClearPage)[A-Z]\\w*") || name.matches("[A-Z_]+");
    }

    @Test
    void everyKernelFunctionInterfaceMethodHasASource() {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Class<?> subsystem : KernelApi.class.getInterfaces()) {
            for (Method m : subsystem.getDeclaredMethods()) {
                if (m.isSynthetic() || Modifier.isPrivate(m.getModifiers()) || !kernelNamed(m.getName())) continue;
                checked++;
                Source s = m.getAnnotation(Source.class);
                if (s == null || s.file().isBlank() || s.ref().isBlank()) missing.add(subsystem.getSimpleName() + "." + m.getName());
            }
        }
        assertTrue(checked > 80, "only " + checked + " kernel functions found");
        assertTrue(missing.isEmpty(), "no @Source: " + missing);
    }

    @Test
    void everyKernelNamedMethodOfEveryCatalogueDesignHasASource() throws Exception {
        Path dir = Path.of("target/classes/lab/memremap/design");
        List<String> missing = new ArrayList<>();
        int designs = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = "lab.memremap.design." + p.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(name);
                if (!Design.class.isAssignableFrom(c)) continue;
                designs++;
                if (c.getAnnotation(Source.class) == null) missing.add(c.getSimpleName());
                for (Method m : c.getDeclaredMethods())
                    if (Modifier.isPublic(m.getModifiers()) && kernelNamed(m.getName()) && m.getAnnotation(Source.class) == null)
                        missing.add(c.getSimpleName() + "." + m.getName());
            }
        }
        assertTrue(designs >= 1);
        assertTrue(missing.isEmpty(), "no @Source: " + missing);
    }
}
