package lab.memremap.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;
import lab.memremap.design.Designs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The two-CPU scenarios replay identically: same schedule, same kernel log, same trace, same states. */
class RaceDeterminismTest {
    static Stream<Arguments> races() {
        return Stream.of("S3", "S3b", "S10", "S12").flatMap(s -> Stream.of("D0", "D3", "D4", "D8", "D9")
                .map(d -> Arguments.of(s, d)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("races")
    void sameScheduleSameLogAndTrace(String scenario, String design) {
        ScenarioResult a = Scenarios.byId(scenario).run(Designs.byName(design));
        ScenarioResult b = Scenarios.byId(scenario).run(Designs.byName(design));
        assertEquals(a.log().dmesg(), b.log().dmesg());
        assertEquals(a.trace().events(), b.trace().events());
        assertEquals(a.ops().stream().map(ScenarioContext.Op::stateHash).toList(),
                b.ops().stream().map(ScenarioContext.Op::stateHash).toList());
        assertEquals(a.outcomes(), b.outcomes());
    }

    @ParameterizedTest(name = "S10 on {0}: B runs between the callback and the put")
    @MethodSource("designsWithAFreeCallbackRace")
    void s10InterleavesWhereTheScheduleSays(String design) {
        ScenarioResult r = Scenarios.S10.run(Designs.byName(design));
        var race = r.ops().stream().filter(o -> o.label().startsWith("race")).findFirst().orElseThrow();
        int cb = race.steps().indexOf("A:->" + r.design().freeCallbackName() + " returned");
        assertTrue(cb >= 0, race.steps().toString());
        // "A until X" leaves A just before step X: B's steps sit between the callback and the step after it.
        assertTrue(race.steps().get(cb - 1).startsWith("B:"), "B runs before A goes on: " + race.steps());
        int call = race.steps().indexOf("A:->" + r.design().freeCallbackName());
        assertTrue(call >= 0 && race.steps().get(call + 1).startsWith("B:"), "B starts right after the callback: " + race.steps());
    }

    static Stream<String> designsWithAFreeCallbackRace() {
        return Stream.of("D4", "D8", "D9");
    }
}
