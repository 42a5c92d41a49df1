package lab.memremap.matrix;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import lab.memremap.design.Designs;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The design x scenario matrix, cell by cell. Columns: D0, D0-pre6.15, D1, D2, D3, D4, D5, D6, D7, D7b,
 * D8, D9. "§5" rows check kernel-history.md §5 as written (its classes must all be present; extra
 * classes the code also produces are listed and explained); "derived" rows are cells §5 leaves out or
 * marks "?", derived from §4 and the patch texts, with the reason next to them. Where §5 is wrong the
 * comment says so and cites the source.
 */
class MatrixExpectationsTest {
    static MatrixResult result;

    @BeforeAll
    static void runMatrix() {
        result = Matrix.full().run();
    }

    private static final String[] COLS = {"D0", "D0-pre6.15", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D7b", "D8", "D9"};

    /** One row: the exact set expected in each column, e.g. "WARN+LEAK"; "NA" for not reachable. */
    static Stream<Arguments> rows() {
        return Stream.of(
                // S1 §5: D1/D2 W+LEAK, D3/D4 LEAK, D7-D9 OK. Corrected: D5 is W+LEAK, not "W, OK refs": Zi Yan's
                // mail keeps `if (order > 1)` (seed thread, 18 Sep 2025), so order 1 warns and still leaks one ref.
                // Derived: D6 LEAK (David's mails do not touch `order > 1`); D7b OK (v7 init, `if (order)`).
                row("S1", "NA NA WARN+LEAK WARN+LEAK LEAK LEAK WARN+LEAK LEAK OK OK OK OK"),
                // S2 §5: OK* everywhere, D6 W only above MAX_FOLIO_ORDER (22 here, so order 11 is OK).
                // Corrected: D1/D2 WARN — their `WARN_ON_ONCE(order && order != HPAGE_PMD_ORDER)` fires for 11.
                row("S2", "NA NA WARN WARN OK OK OK OK OK OK OK OK"),
                // S3 §5: D0 W+OVER; D1-D9 silent (tryget_many ignores DEAD). D7b derived: v7's init.
                row("S3", "WARN+OVER_PUT WARN+OVER_PUT OK OK OK OK OK OK OK OK OK OK"),
                // S3' §5: W+OVER for all. D7b derived: same tryget_many path.
                row("S3b", "WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT WARN+OVER_PUT"),
                // S4 §5: D0 BUG (VM_BUG_ON_FOLIO on a large anon folio), D1-D9 OK. D7b derived OK.
                row("S4", "BUG BUG OK OK OK OK OK OK OK OK OK OK"),
                // S5 §5: D0 OK, D1-D7 W, D8/D9 OK. Derived: D6 W (D4's free keeps the else-VM_WARN), D7b W (D7's free).
                // Changed (issue 10): D0-pre6.15 is its own baseline (6.12.117 mm/memremap.c:459-500): its free
                // path WARNs unless page->pgmap->ops->page_free exists, for every type, and a pmem FS_DAX pgmap has
                // none. (In <= 6.14 put_page() catches FS_DAX's 2 -> 1 and such a page never gets here; the
                // scenario forces the last put.) Old cell: OK.
                row("S5", "OK WARN WARN WARN WARN WARN WARN WARN WARN WARN OK OK"),
                // S6 §5: queued (D1/D2) / skipped (D3+), an observation (asserted below). Changed (Errata 14):
                // with CONFIG_MEMCG the folio was charged when data migrated into it (migrate_vma_insert_page(),
                // mm/migrate_device.c:1021 in 7.2.13), and RFC-v2 call mem_cgroup_uncharge() before they unqueue:
                // uncharge_folio()'s WARN_ON_ONCE(folio_unqueue_deferred_split(folio)) (mm/memcontrol.c:4716 in
                // 6.12.117) fires on D1/D2. The old cell was OK (memcg was not modelled).
                row("S6", "NA NA WARN WARN OK OK OK OK OK OK OK OK"),
                // S7 §5: D1-D4 STALE; the wrapper re-inits the old head H, and the later put of x frees H as a
                // 512-page folio for the 1 ref taken, hence also OVER_PUT. Corrected: D5 is not "W (wrapper
                // check)": in Zi's inversion order-0 callers call zone_device_page_init(page, 0) and there is
                // no page_folio() wrapper left to check; it behaves like D7: lock on the old head (STALE), and
                // the put of x reaches H's zero refcount: VM_BUG_ON_FOLIO (BUG). Derived: D6 the same (its
                // init takes the page). D7b OK: free_zone_device_folio_prepare() cleaned H's tails at free.
                row("S7", "NA NA OVER_PUT+STALE OVER_PUT+STALE OVER_PUT+STALE OVER_PUT+STALE BUG+STALE BUG+STALE BUG+STALE OK OK OK"),
                // S8 §5: D1-D3 LEAK (COHERENT puts 1 of 512), D4+ OK. D7b derived OK.
                row("S8", "NA NA LEAK LEAK LEAK OK OK OK OK OK OK OK"),
                // S9 §5: D1-D6 STALE, D7 STALE/OVER/hang, D8/D9 OK. The code also gives: (b) order 0 at P keeps
                // PG_head, so free puts 512 refs for 1 (OVER_PUT); (c) P+16's own word 1 still points at P, so
                // the put reaches P's zero refcount: VM_BUG_ON_FOLIO (BUG). The "hang" belongs to the
                // intermediate fix Brost described (compound_head repaired, flags byte not), not to D7 — see
                // UserDesignMatrixTest. D1/D2 also WARN (order 4 is neither 0 nor 9). D7b derived OK (§4: "works").
                row("S9", "NA NA WARN+BUG+OVER_PUT+STALE WARN+BUG+OVER_PUT+STALE BUG+OVER_PUT+STALE BUG+OVER_PUT+STALE BUG+OVER_PUT+STALE BUG+OVER_PUT+STALE BUG+OVER_PUT+STALE OK OK OK"),
                // S10 §5: D0 OK, D4/D7/D8 "STALE read" (= UAF), D9 OK; with x's head now a tail of y, the
                // re-read folio->pgmap is a pointer into a struct page: the 512 refs never reach the real
                // pgmap (LEAK). Corrected: D3 is not n/a: v3 writes folio->page.mapping = NULL after
                // page_free (<20250812024036.690064-2-balbirs@nvidia.com>), a UAF store. "?" derived: D1 UAF
                // (RFC also stores page->mapping after page_free, but puts through the local pgmap: no leak;
                // WARN for order 10), D2 WARN+LEAK+UAF (v2 re-reads &folio->pgmap->ref after the callback),
                // D5/D6/D7b LEAK+UAF (D4's / D7's free).
                // Changed (issue 10): the put through the re-read folio->pgmap, now a compound_head, is undefined
                // behaviour (what it does depends on the bytes under &pgmap->ref, shown in the note): the model
                // stops there and derives no LEAK from a hang that follows only if the put went nowhere. The
                // old cells were D2 WARN+LEAK+UAF and D4-D8 LEAK+UAF.
                row("S10", "OK OK WARN+UAF WARN+UAF UAF UAF UAF UAF UAF UAF UAF OK"),
                // S11 derived (§5 has no row): one folio->pgmap for all 8 sections; D1/D2 WARN (order 18 not 0/9).
                row("S11", "NA NA WARN WARN OK OK OK OK OK OK OK OK"),
                // S12 §5: D3 UAF risk, D4+ OK, D1/D2 "mixed" (nr-1 before, 1 after: the last put is after the
                // callback, so OK). D3 also oopses: the driver reads the struct page memunmap_pages removed.
                // Changed (issue 10, Errata 6): statements of a design's own functions are scheduling points,
                // stores included. RFC/v1 (<20250306044239.3874247-2-balbirs@nvidia.com>) and v2
                // (<20250730092139.3890844-2-balbirs@nvidia.com>) store page->mapping = NULL after their last
                // put: that put releases the killed ref, memunmap_pages() removes the memmap, and the store
                // faults (write access). Old cells: D1 OK, D2 OK.
                row("S12", "NA NA BUG+UAF BUG+UAF BUG+UAF OK OK OK OK OK OK OK"),
                // S13 derived: D0, D4+ WARN_ON_ONCE(!ops) and skip the put: LEAK. Corrected §4: not only D3 —
                // RFC/v1 and v2 also call pgmap->ops->page_free without a NULL check: BUG (NULL dereference);
                // they have put nr-1 (D1/D2) or nr (D3) refs before it: OVER_PUT against the pages still out.
                // Changed (issue 10): the oops froze the task half way through free_zone_device_folio(), after it
                // had put nr - 1 (D1/D2) or nr (D3) refs but before the driver's callback updated its books, so
                // the count below the driver's bookkeeping is no over-put: nothing else puts those pages. The
                // NULL read is a modelled dereference (Pointers.deref), so it stays a kernel oops. Old: BUG+OVER_PUT.
                row("S13", "WARN+LEAK WARN+LEAK BUG BUG BUG WARN+LEAK WARN+LEAK WARN+LEAK WARN+LEAK WARN+LEAK WARN+LEAK WARN+LEAK"),
                // S14 derived: the GENERIC/FS_DAX/P2PDMA branches are the same in every version.
                // Changed (issue 10): D0-pre6.15 WARNs for the same reason as in S5 (GENERIC and FS_DAX pgmaps
                // have no page_free); the pre-taken refs are pfn_len() (pages >> vmemmap_shift). Old cell: OK.
                row("S14", "OK WARN OK OK OK OK OK OK OK OK OK OK"),
                // S15 derived: the split path is the same for every design with large folios.
                row("S15", "NA NA OK OK OK OK OK OK OK OK OK OK"),
                // S16 (issue 12, from 7.2.13): only device-private folios are kept off the deferred split queue,
                // so a partly unmapped COHERENT folio is queued; no free path unqueues it, and with memcg the
                // uncharge does, under uncharge_folio()'s WARN_ON_ONCE. D1-D3 also leak the COHERENT refs (S8).
                row("S16", "NA NA WARN+LEAK WARN+LEAK WARN+LEAK WARN WARN WARN WARN WARN WARN WARN"));
    }

    private static Arguments row(String scenario, String cells) {
        return Arguments.of(scenario, cells);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyCell(String scenario, String cells) {
        String[] want = cells.split(" ");
        assertEquals(COLS.length, want.length, "row " + scenario + " has " + want.length + " cells");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < COLS.length; i++) {
            EnumSet<Outcome> expected = EnumSet.noneOf(Outcome.class);
            for (String o : want[i].split("\\+")) expected.add(Outcome.valueOf(o));
            EnumSet<Outcome> got = result.outcomes(scenario, COLS[i]);
            if (!expected.equals(got)) wrong.add(COLS[i] + ": expected " + want[i] + ", got " + result.get(scenario, COLS[i]).cell());
        }
        assertTrue(wrong.isEmpty(), scenario + ": " + wrong);
    }

    @Test
    void s16WithoutMemcgHandsTheFolioBackStillQueued() {
        var noMemcg = Scenarios.S16.withConfig(lab.memremap.model.Config.defaults().withMemcg(false));
        var r = noMemcg.run(new lab.memremap.design.D9_Mainline());
        assertEquals(EnumSet.of(Outcome.STALE), r.outcomes(), r.toString());
        assertTrue(r.staleNotes().get(0).contains("still on the deferred split queue"), r.staleNotes().toString());
        assertTrue(result.get("S16", "D9").log().dmesg().contains("uncharge_folio"), result.get("S16", "D9").log().dmesg());
    }

    @Test
    void s6ObservesQueuedBeforeV3AndSkippedAfter() {
        for (String d : List.of("D1", "D2"))
            assertTrue(result.get("S6", d).observations().get(0).startsWith("queued"), d);
        for (String d : List.of("D3", "D4", "D5", "D6", "D7", "D7b", "D8", "D9"))
            assertTrue(result.get("S6", d).observations().get(0).startsWith("skipped"), d);
    }

    @Test
    void leaksShowInTheFinalRefCountAndTheHungTeardown() {
        var r = result.get("S1", "D4");
        assertEquals(1L, r.finalRefs().get("xe-vram"), "kill dropped the initial ref; the one leaked by order 1 remains");
        assertTrue(r.log().dmesg().contains("blocked for more than 120 seconds"), r.log().dmesg());
        assertTrue(r.log().dmesg().contains("memunmap_pages"));
        assertEquals(0L, result.get("S1", "D7").finalRefs().get("xe-vram"));
    }

    @Test
    void s3ObservesTheSilentAllocationAfterKill() {
        assertTrue(result.get("S3", "D9").observations().get(0).contains("tryget_many ignores DEAD"));
        assertTrue(result.get("S3", "D0").log().dmesg().contains("zone_device_page_init"));
    }

    @Test
    void theWideTableHasAColumnPerDesign() {
        var t = result.table();
        assertEquals(2 + COLS.length, t.columnCount());
        assertEquals(Scenarios.all().size(), t.rowCount());
        assertEquals(Designs.all().size() * Scenarios.all().size(), result.cells().rowCount());
        assertTrue(result.toCsv().startsWith("scenario,D0,D0-pre6.15,D1"));
    }
}
