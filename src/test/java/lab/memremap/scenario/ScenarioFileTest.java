package lab.memremap.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import lab.memremap.design.Designs;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {
    @Test
    void theExampleFileRunsAndTheRaceShowsOnD8ButNotD9() throws Exception {
        Scenario s = ScenarioFile.load(Path.of("examples/s10-order0.scn"));
        assertEquals("S10a", s.id());
        assertTrue(s.run(Designs.byName("D8")).has(Outcome.UAF));
        assertEquals(java.util.EnumSet.of(Outcome.OK), s.run(Designs.byName("D9")).outcomes());
    }

    @Test
    void aFileScenarioMatchesTheJavaOne() {
        Scenario file = ScenarioFile.parse("""
                scenario S1f order-1 folio
                buddy vram 1024
                alloc a vram order 1 at 0
                migrated a
                free a
                teardown
                """, "inline");
        for (String d : new String[] {"D3", "D4", "D7", "D9"})
            assertEquals(Scenarios.S1.run(Designs.byName(d)).outcomes(), file.run(Designs.byName(d)).outcomes(), d);
    }

    @Test
    void errorsNameTheLineAndTheCommand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioFile.parse("scenario X y\nfrobnicate a\n", "f.scn"));
        assertTrue(e.getMessage().startsWith("f.scn:2:") && e.getMessage().contains("frobnicate"), e.getMessage());
    }
}
