package lab.memremap.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model runs in plain tests and from the command line: nothing outside the kernel package imports Jupyter. */
class ModelIsJupyterFreeTest {

    @Test
    void noModelSideSourceImportsTheKernelOrTheJupyterBaseLibrary() throws IOException {
        Path root = Path.of("src/main/java/lab/memremap");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (root.relativize(p).startsWith("kernel")) continue;
                for (String line : Files.readAllLines(p)) {
                    String l = line.trim();
                    if (l.startsWith("import") && (l.contains("lab.memremap.kernel") || l.contains("io.github.spencerpark")))
                        offenders.add(p + ": " + l);
                }
            }
        }
        assertTrue(offenders.isEmpty(), String.join("\n", offenders));
        // The check must have looked at the model at all.
        assertTrue(Files.exists(root.resolve("model/Machine.java")));
    }
}
