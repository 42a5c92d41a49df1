package lab.memremap.mutation;

import java.util.Map;

/**
 * The mutants judged equivalent: no driver, conforming or not, can tell them from mainline in the
 * model, each with the argument. Every other mutant must be caught by the matrix or the explorer
 * (MutationTest).
 */
final class Equivalent {
    private Equivalent() {}

    static final Map<String, String> WHY = Map.ofEntries();
}
