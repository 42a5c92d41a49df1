package lab.memremap.model;

/**
 * Thrown into every simulated CPU when a scenario cannot go on: a hung task was reported (nothing
 * left that could wake it) or another CPU oopsed. Carries the reason for the result table.
 */
public final class ScenarioStopped extends RuntimeException {
    public ScenarioStopped(String reason) {
        super(reason, null, false, false);
    }
}
