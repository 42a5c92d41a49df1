package lab.memremap.matrix;

import java.util.List;
import lab.memremap.model.Design;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioContext;
import lab.memremap.scenario.ScenarioResult;

/**
 * "Where exactly does my variant differ from v6?": runs one scenario on two designs and finds the first
 * operation after which their states or kernel logs differ, and inside it the first kernel primitive at
 * which the two runs part; shows both sides of that operation next to each other.
 */
public final class DesignDiff implements Displayable {
    private final ScenarioResult left;
    private final ScenarioResult right;
    private final int op;
    private final int step;

    private DesignDiff(ScenarioResult left, ScenarioResult right) {
        this.left = left;
        this.right = right;
        List<ScenarioContext.Op> a = left.ops();
        List<ScenarioContext.Op> b = right.ops();
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).stateHash() == b.get(i).stateHash()
                && a.get(i).newLog().equals(b.get(i).newLog()) && a.get(i).label().equals(b.get(i).label())) i++;
        this.op = i < a.size() || i < b.size() ? i : -1;
        int s = -1;
        if (op >= 0 && op < a.size() && op < b.size()) {
            List<String> x = a.get(op).steps();
            List<String> y = b.get(op).steps();
            s = 0;
            while (s < x.size() && s < y.size() && x.get(s).equals(y.get(s))) s++;
        }
        this.step = s;
    }

    /** Runs {@code scenario} on both designs and compares them. */
    public static DesignDiff of(Scenario scenario, Design left, Design right) {
        if (left.name().equals(right.name()) && left.getClass() == right.getClass())
            throw new IllegalArgumentException("DesignDiff.of: both sides are " + left.name());
        return new DesignDiff(scenario.run(left), scenario.run(right));
    }

    public ScenarioResult left() {
        return left;
    }

    public ScenarioResult right() {
        return right;
    }

    /** Index of the first operation after which the runs differ, or -1 if they never do. */
    public int firstDifferentOp() {
        return op;
    }

    /** Index, inside that operation, of the first kernel primitive that differs (-1 if the primitives agree). */
    public int firstDifferentStep() {
        return step;
    }

    public boolean same() {
        return op < 0;
    }

    private static ScenarioContext.Op opOf(ScenarioResult r, int i) {
        return i >= 0 && i < r.ops().size() ? r.ops().get(i) : null;
    }

    @Override public String toText() {
        String l = left.design().name();
        String r = right.design().name();
        StringBuilder sb = new StringBuilder(String.format("%s: %s (%s) vs %s (%s)%n", left.scenario().id(), l, left.cell(), r, right.cell()));
        if (same()) return sb.append("no difference: same states and same kernel log after every operation\n").toString();
        ScenarioContext.Op a = opOf(left, op);
        ScenarioContext.Op b = opOf(right, op);
        sb.append(String.format("first difference after operation %d: %s%n", op, a != null ? a.label() : b.label()));
        if (step >= 0) sb.append(String.format("first different kernel primitive: #%d%n", step));
        int from = Math.max(0, step - 3);
        int to = Math.max(a == null ? 0 : a.steps().size(), b == null ? 0 : b.steps().size());
        sb.append(String.format("%-40s | %s%n", l, r));
        for (int k = from; k < Math.min(to, from + 24); k++) {
            String x = a != null && k < a.steps().size() ? a.steps().get(k) : "";
            String y = b != null && k < b.steps().size() ? b.steps().get(k) : "";
            sb.append(String.format("%s %-38s | %s%n", x.equals(y) ? " " : "*", x, y));
        }
        sb.append(String.format("refs after: %-29s | %s%n", a == null ? "-" : a.refs(), b == null ? "-" : b.refs()));
        int n = Math.max(a == null ? 0 : a.newLog().size(), b == null ? 0 : b.newLog().size());
        for (int k = 0; k < n; k++) {
            String x = a != null && k < a.newLog().size() ? a.newLog().get(k) : "";
            String y = b != null && k < b.newLog().size() ? b.newLog().get(k) : "";
            sb.append(String.format("log: %-35.35s | %s%n", x, y));
        }
        return sb.toString();
    }

    @Override public String toHtml() {
        return "<pre>" + Html.escape(toText()) + "</pre>";
    }

    @Override public String toString() {
        return toText();
    }
}
