package lab.memremap.matrix;

import java.util.EnumSet;
import java.util.List;
import lab.memremap.model.Design;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioResult;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The result of a {@link Matrix} run: one cell per scenario and design, each the set of outcome
 * classes with its notes. {@link #table()} is the wide view (a row per scenario, a column per design),
 * {@link #cells()} the long view (a row per cell with observation, log lines, final refs, invariants).
 */
public final class MatrixResult implements Displayable {
    private final List<Design> designs;
    private final List<Scenario> scenarios;
    private final ScenarioResult[][] cells;

    MatrixResult(List<Design> designs, List<Scenario> scenarios, ScenarioResult[][] cells) {
        this.designs = designs;
        this.scenarios = scenarios;
        this.cells = cells;
    }

    public List<Design> designs() {
        return designs;
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** The cell of scenario {@code scenarioId} and design {@code designName}. */
    public ScenarioResult get(String scenarioId, String designName) {
        int s = -1, d = -1;
        for (int i = 0; i < scenarios.size(); i++) if (scenarios.get(i).id().equalsIgnoreCase(scenarioId)) s = i;
        for (int i = 0; i < designs.size(); i++) if (designs.get(i).name().equalsIgnoreCase(designName)) d = i;
        if (s < 0) throw new IllegalArgumentException("MatrixResult.get: no scenario \"" + scenarioId + "\"; valid: "
                + scenarios.stream().map(Scenario::id).toList());
        if (d < 0) throw new IllegalArgumentException("MatrixResult.get: no design \"" + designName + "\"; valid: "
                + designs.stream().map(Design::name).toList());
        return cells[s][d];
    }

    public EnumSet<Outcome> outcomes(String scenarioId, String designName) {
        return get(scenarioId, designName).outcomes();
    }

    /** Wide table: scenario, purpose, then one column per design holding e.g. "WARN+LEAK". */
    public Table table() {
        Table t = Table.create("design x scenario matrix");
        t.addColumns(StringColumn.create("scenario"), StringColumn.create("purpose"));
        for (Design d : designs) t.addColumns(StringColumn.create(d.name()));
        for (int s = 0; s < scenarios.size(); s++) {
            t.stringColumn("scenario").append(scenarios.get(s).id());
            t.stringColumn("purpose").append(scenarios.get(s).purpose());
            for (int d = 0; d < designs.size(); d++) t.stringColumn(designs.get(d).name()).append(cells[s][d].cell());
        }
        return t;
    }

    /** Long table: a row per cell with outcomes, observation, log lines, final pgmap refs and invariant violations. */
    public Table cells() {
        Table t = Table.create("matrix cells", StringColumn.create("scenario"), StringColumn.create("design"),
                StringColumn.create("outcomes"), StringColumn.create("observation"), StringColumn.create("log"),
                StringColumn.create("final_refs"), StringColumn.create("invariants"));
        for (int s = 0; s < scenarios.size(); s++)
            for (int d = 0; d < designs.size(); d++) {
                ScenarioResult r = cells[s][d];
                t.stringColumn("scenario").append(scenarios.get(s).id());
                t.stringColumn("design").append(designs.get(d).name());
                t.stringColumn("outcomes").append(r.cell());
                StringBuilder obs = new StringBuilder(String.join("; ", r.observations()));
                for (String x : r.staleNotes()) obs.append(obs.length() > 0 ? "; " : "").append("stale: ").append(x);
                if (r.notApplicable() != null) obs.append(obs.length() > 0 ? "; " : "").append(r.notApplicable());
                t.stringColumn("observation").append(obs.toString());
                t.stringColumn("log").append(String.join(" | ", r.log().entries().stream()
                        .filter(e -> e.kind() != lab.memremap.model.KernelLog.Kind.INFO)
                        .map(e -> e.kind() + " " + e.function()).toList()));
                t.stringColumn("final_refs").append(r.finalRefs().toString());
                t.stringColumn("invariants").append(String.join("; ", r.invariantViolations()));
            }
        return t;
    }

    /** Its size and how often each outcome occurs, most frequent first: "matrix 16x12: 120 OK, 9 WARN, ...". */
    @Override public String summary() {
        java.util.Map<String, Integer> count = new java.util.TreeMap<>();
        for (ScenarioResult[] row : cells) for (ScenarioResult r : row) count.merge(r.cell(), 1, Integer::sum);
        StringBuilder sb = new StringBuilder("matrix " + scenarios.size() + "x" + designs.size() + " (scenarios x designs):");
        String sep = " ";
        for (var e : count.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(java.util.Map.Entry.comparingByKey()))
                .toList()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return sb.toString();
    }

    /** The wide view as aligned text (what `./workbook matrix` prints). */
    @Override public String toText() {
        int[] w = new int[designs.size() + 1];
        w[0] = 5;
        for (Scenario s : scenarios) w[0] = Math.max(w[0], s.id().length());
        for (int d = 0; d < designs.size(); d++) {
            w[d + 1] = designs.get(d).name().length();
            for (int s = 0; s < scenarios.size(); s++) w[d + 1] = Math.max(w[d + 1], cells[s][d].cell().length());
        }
        StringBuilder sb = new StringBuilder(String.format("%-" + w[0] + "s", "scen."));
        for (int d = 0; d < designs.size(); d++) sb.append("  ").append(String.format("%-" + w[d + 1] + "s", designs.get(d).name()));
        sb.append('\n');
        for (int s = 0; s < scenarios.size(); s++) {
            sb.append(String.format("%-" + w[0] + "s", scenarios.get(s).id()));
            for (int d = 0; d < designs.size(); d++) sb.append("  ").append(String.format("%-" + w[d + 1] + "s", cells[s][d].cell()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The wide view as CSV (scenario, then one column per design). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("scenario");
        for (Design d : designs) sb.append(',').append(d.name());
        sb.append('\n');
        for (int s = 0; s < scenarios.size(); s++) {
            sb.append(scenarios.get(s).id());
            for (int d = 0; d < designs.size(); d++) sb.append(',').append(cells[s][d].cell());
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override public String toHtml() {
        StringBuilder sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:85%\"><tr><th>scenario</th>");
        for (Design d : designs) sb.append("<th title=\"").append(Html.escape(d.title())).append("\">").append(Html.escape(d.name())).append("</th>");
        sb.append("</tr>");
        for (int s = 0; s < scenarios.size(); s++) {
            sb.append("<tr><td title=\"").append(Html.escape(scenarios.get(s).purpose())).append("\">")
                    .append(Html.escape(scenarios.get(s).id())).append("</td>");
            for (int d = 0; d < designs.size(); d++) {
                ScenarioResult r = cells[s][d];
                sb.append("<td style=\"border:1px solid #ccc;padding:2px 4px;background:").append(Palette.hex(Palette.colorOf(r.outcomes())))
                        .append("\" title=\"").append(Html.escape(String.join("; ", r.observations()))).append("\">")
                        .append(Html.escape(r.cell())).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    @Override public String toString() {
        return toText();
    }
}
