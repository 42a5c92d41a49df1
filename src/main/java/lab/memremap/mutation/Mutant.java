package lab.memremap.mutation;

import java.util.function.Supplier;
import lab.memremap.model.Design;

/**
 * One generated mutant of mainline: its id ({@code function.OPERATOR.n}), the operator, the region
 * it changes (init, reinit loop, free), what changed, and a fresh instance of its design.
 */
public record Mutant(String id, String operator, String region, String change, Supplier<Design> design) {
    /** Why this mutant cannot change behaviour, or null when it can (see {@link Equivalent}). */
    public String equivalentBecause() {
        return Equivalent.WHY.get(id);
    }

    public boolean equivalent() {
        return equivalentBecause() != null;
    }

    @Override public String toString() {
        return id;
    }
}
