package lab.memremap.scenario;

import lab.memremap.model.Displayable;
import lab.memremap.model.Html;

/**
 * One scenario on one design twice: as the workbench runs it (CONFIG_DEBUG_VM=y, every VM_* check
 * active) and as a production kernel would (CONFIG_DEBUG_VM=n). Made by {@link ScenarioResult#productionView()}.
 */
public final class ProductionView implements Displayable {
    private final ScenarioResult debug;
    private final ScenarioResult production;

    ProductionView(ScenarioResult debug, ScenarioResult production) {
        this.debug = debug;
        this.production = production;
    }

    /** The run with CONFIG_DEBUG_VM=y. */
    public ScenarioResult debug() {
        return debug;
    }

    /** The run with CONFIG_DEBUG_VM=n. */
    public ScenarioResult production() {
        return production;
    }

    /** True when compiling the VM_* checks out changes the outcome classes. */
    public boolean outcomeChanges() {
        return !debug.outcomes().equals(production.outcomes());
    }

    @Override public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(debug.scenario().id()).append(" on ").append(debug.design().name()).append(": ")
                .append(debug.cell()).append(" with CONFIG_DEBUG_VM=y, ").append(production.cell())
                .append(" with CONFIG_DEBUG_VM=n (a production kernel)").append('\n');
        if (production.stopped() != null) sb.append("  production run stopped: ").append(production.stopped()).append('\n');
        sb.append("\nwhat a production kernel prints:\n").append(production.log().dmesg());
        if (!production.notes().isEmpty())
            sb.append("\nworkbench notes (the model's analysis; no kernel prints these):\n").append(production.notes().toText());
        return sb.toString();
    }

    @Override public String toHtml() {
        return "<div><b>" + Html.escape(debug.scenario().id() + " on " + debug.design().name()) + "</b>: <code>"
                + Html.escape(debug.cell()) + "</code> with CONFIG_DEBUG_VM=y, <code>" + Html.escape(production.cell())
                + "</code> with CONFIG_DEBUG_VM=n (a production kernel)<br/>what a production kernel prints:"
                + production.log().toHtml() + (production.notes().isEmpty() ? "" : production.notes().toHtml()) + "</div>";
    }

    @Override public String toString() {
        return debug.scenario().id() + "/" + debug.design().name() + ": " + debug.cell() + " (DEBUG_VM=y) vs "
                + production.cell() + " (DEBUG_VM=n)";
    }
}
