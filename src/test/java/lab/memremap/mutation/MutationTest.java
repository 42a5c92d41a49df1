package lab.memremap.mutation;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mutation benchmark's claims, without timing: the list is generated, every non-equivalent mutant is
 * caught, and every mutant argued equivalent is still caught by nobody (a model change that makes one
 * catchable must re-open its argument).
 */
class MutationTest {
    private static MutationRun judge;

    @BeforeAll
    static void baselines() {
        judge = MutationRun.againstMainline();
    }

    @Test
    void theCommittedListIsWhatTheGeneratorWritesFromTheDesignSources() throws Exception {
        String committed = Files.readString(Path.of("src/main/java/lab/memremap/mutation/D9Mutants.java"));
        assertEquals(MutantGenerator.render(MutantGenerator.generate(Path.of("."))), committed,
                "regenerate: java -cp target/classes lab.memremap.mutation.MutantGenerator");
    }

    @Test
    void everyOperatorProducedMutantsAndEveryEquivalenceNamesOne() {
        Set<String> ops = D9Mutants.all().stream().map(Mutant::operator).collect(Collectors.toSet());
        assertEquals(Set.of("DEL", "SWAP", "CONST", "NEG", "REREAD"), ops);
        Set<String> ids = D9Mutants.all().stream().map(Mutant::id).collect(Collectors.toSet());
        for (String id : Equivalent.WHY.keySet()) assertTrue(ids.contains(id), "Equivalent names no mutant " + id);
    }

    @Test
    void mainlinesOnlyExplorerFindingIsS16() {
        assertEquals(Set.of("WARN @ uncharge_folio"), judge.explorerBaseline());
    }

    static Stream<Mutant> nonEquivalent() {
        return D9Mutants.all().stream().filter(m -> !m.equivalent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonEquivalent")
    void everyNonEquivalentMutantIsCaught(Mutant m) {
        MutationRun.Verdict v = judge.judge(m);
        assertTrue(v.caught(), m.id() + " survived: " + m.change());
    }

    static Stream<Mutant> equivalent() {
        return D9Mutants.all().stream().filter(Mutant::equivalent);
    }

    /** The arguments in Equivalent hold for the model as it is now: neither the matrix nor the explorer (conforming or buggy driver) tells these from mainline. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("equivalent")
    void everyMutantArguedEquivalentIsCaughtByNeither(Mutant m) {
        MutationRun.Verdict v = judge.judge(m);
        assertFalse(v.caught(), m.id() + " is argued equivalent in Equivalent.WHY (\"" + m.equivalentBecause()
                + "\") but is now caught by " + v.caughtBy() + ": the model changed; re-argue it, or drop it from"
                + " Equivalent.WHY if the catch is real");
    }
}
