package lab.memremap.kernel.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagicTranspilerTest {
    private static final String R = "lab.memremap.kernel.runtime.NotebookMagics";

    @Test
    void lineMagicAtLineStart() {
        assertEquals(R + ".lineMagic(\"jars\", java.util.List.of(\"a.jar\", \"b c.jar\"));",
                MagicTranspiler.transpile("%jars a.jar \"b c.jar\""));
    }

    @Test
    void lineMagicAfterAssignmentKeepsTheDeclaration() {
        assertEquals("List<String> x = " + R + ".lineMagic(\"jars\", java.util.List.of(\"*.jar\"));",
                MagicTranspiler.transpile("List<String> x = %jars *.jar"));
    }

    @Test
    void percentInsideAStringOrModuloIsLeftAlone() {
        String code = "String s = \"=%d\";\nint r = a % b;\nString t = \"x = %jars\";";
        assertEquals(code, MagicTranspiler.transpile(code));
    }

    @Test
    void cellMagicTakesTheWholeBodyAndLinesStayNumbered() {
        assertEquals(R + ".cellMagic(\"time\", java.util.List.of(), \"int a = 1;\\nString q = \\\"\\\\\\\"\\\"\");",
                MagicTranspiler.transpile("%%time\nint a = 1;\nString q = \"\\\"\""));
        String multi = MagicTranspiler.transpile("int a = 1;\n%maven g:a:1\nint b = 2;");
        assertEquals(3, multi.split("\n").length);
        assertTrue(multi.split("\n")[1].contains("lineMagic(\"maven\""));
    }

    @Test
    void argumentsSplitLikeAShell() {
        assertEquals(List.of("a", "b c", "d\"e", "it's"), MagicArgs.split("a 'b c' d\\\"e \"it's\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MagicArgs.split("a 'b"));
        assertTrue(e.getMessage().contains("MagicArgs.split") && e.getMessage().contains("a 'b"));
    }

    @Test
    void pomFragmentsBecomeWholePoms() {
        String pom = MavenMagics.completePom("<dependency><groupId>g</groupId></dependency>");
        assertTrue(pom.startsWith("<project>") && pom.contains("<dependencies><dependency>"));
    }

    @Test
    void ivyCoordinatesAreAccepted() {
        assertEquals("org.x:y:jar:1.0", MavenResolver.artifact("org.x#y;1.0").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenResolver.artifact("nonsense"));
        assertTrue(e.getMessage().contains("%maven") && e.getMessage().contains("nonsense"));
    }
}
