package lab.memremap.explore;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D9_Mainline;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelLog;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Page;
import org.junit.jupiter.api.Test;

/** The model's own invariants at a folio's init and hand-back: each fails on a design that breaks it and passes on D9. */
class FolioLifeTest {

    private static List<String> notes(Driver d) {
        return d.machine().notes().of(ModelNotes.Kind.INVARIANT).stream().map(ModelNotes.Note::text).toList();
    }

    /** Mainline without the loop that clears PG_anon_exclusive in the free path. */
    static final class KeepsAnonExclusive extends D9_Mainline {
        @Override public void free_zone_device_folio(Folio folio) {
            folio.set_mapping(lab.memremap.model.Memmap.MAPPING_NULL);   // as if not anon: the loop is skipped
            super.free_zone_device_folio(folio);
        }
    }

    @Test
    void aNewFolioMustNotCarryPgAnonExclusiveFromItsLastLife() {
        for (boolean broken : new boolean[] {false, true}) {
            Driver d = Driver.boot(broken ? new KeepsAnonExclusive() : new D9_Mainline(), Setup.devicePrivate());
            d.alloc(0, 0, 2);
            d.map(0, 0);
            d.free(0, 0);
            d.alloc(0, 0, 2);
            List<String> n = notes(d);
            if (broken) assertTrue(n.stream().anyMatch(s -> s.contains("PG_anon_exclusive left on page 0")), n.toString());
            else assertTrue(n.isEmpty(), n.toString());
            assertTrue(d.machine().log().entries().stream().noneMatch(e -> e.kind() == KernelLog.Kind.WARN), "the kernel says nothing");
        }
    }

    /** Mainline's re-initialisation loop without the _nr_pages clear: page[1]'s _nr_pages becomes the new head's memcg_data. */
    static final class KeepsNrPages extends D9_Mainline {
        @Override public void zone_device_page_init(Page page, DevPagemap pgmap, int order) {
            for (int i = 0; i < (1 << order); i++) {
                Page p = page.add(i);
                p.set_flags(p.flags() & ~0xff);
                p.as_folio().set_mapping(lab.memremap.model.Memmap.MAPPING_NULL);
                p.as_folio().set_pgmap(pgmap);
                p.as_folio().set_share(0);
            }
            WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
            set_page_count(page, 1);
            lock_page(page);
            if (order != 0) prep_compound_page(page, order);
        }
    }

    @Test
    void aNewFolioMustNotReadAStaleNrPagesAsACharge() {
        Driver broken = Driver.boot(new KeepsNrPages(), Setup.devicePrivate());
        broken.alloc(0, 0, 9);
        broken.free(0, 0);
        broken.alloc(0, 1, 0);
        assertTrue(notes(broken).stream().anyMatch(s -> s.contains("memcg_data 512 before any charge")), notes(broken).toString());
        Driver mainline = Driver.boot(new D9_Mainline(), Setup.devicePrivate());
        mainline.alloc(0, 0, 9);
        mainline.free(0, 0);
        mainline.alloc(0, 1, 0);
        assertTrue(notes(mainline).isEmpty(), notes(mainline).toString());
    }

    @Test
    void aFolioHandedBackStillQueuedIsANoteWithoutMemcgAndAWarnWithIt() {
        Setup noMemcg = Setup.of(Setup.debugKernel().withMemcg(false), Setup.deviceCoherent().pgmaps().get(0));
        Driver d = Driver.boot(new D9_Mainline(), noMemcg);
        d.alloc(0, 0, 9);
        d.map(0, 0);
        d.unmapHalf(0, 0);
        d.free(0, 0);
        assertTrue(notes(d).stream().anyMatch(s -> s.contains("still on the deferred split queue")), notes(d).toString());
        Driver withMemcg = Driver.boot(new D9_Mainline(), Setup.deviceCoherent());
        withMemcg.alloc(0, 0, 9);
        withMemcg.map(0, 0);
        withMemcg.unmapHalf(0, 0);
        withMemcg.free(0, 0);
        assertTrue(notes(withMemcg).isEmpty(), "uncharge_folio() took it off, warning: " + notes(withMemcg));
        assertTrue(withMemcg.machine().log().dmesg().contains("uncharge_folio"), withMemcg.machine().log().dmesg());
    }

    /** Mainline without the mapping clear of the free path. */
    static final class KeepsMapping extends D9_Mainline {
        @Override public void free_zone_device_folio(Folio folio) {
            DevPagemap pgmap = folio.pgmap();
            long nr = folio_nr_pages(folio);
            mem_cgroup_uncharge(folio);
            if (folio_test_anon(folio)) for (int i = 0; i < nr; i++) __ClearPageAnonExclusive(folio_page(folio, i));
            pgmap.ops.folio_free.call(folio);
            percpu_ref_put_many(pgmap.ref, nr);
        }
    }

    @Test
    void aFolioHandedBackWithAStaleAnonMappingIsANote() {
        Driver d = Driver.boot(new KeepsMapping(), Setup.devicePrivate());
        d.alloc(0, 0, 0);
        d.map(0, 0);
        d.free(0, 0);
        assertTrue(notes(d).stream().anyMatch(s -> s.contains("handed back with a stale mapping")), notes(d).toString());
        assertTrue(d.machine().log().dmesg().lines().noneMatch(l -> l.startsWith(ModelNotes.PREFIX)), "notes never go to the kernel log");
    }

    @Test
    void theExplorerCountsNotesAsFailuresAndKeepsGoing() {
        ExplorationReport r = Explorer.of(new KeepsAnonExclusive()).setup(Setup.devicePrivate()).maxOps(4).pairDepth(-1).random(0, 1).run();
        assertFalse(r.notes().isEmpty(), r.toText());
        assertEquals(FailureClass.NOTE, r.notes().get(0).failure().kind());
        assertFalse(FailureClass.NOTE.hard());
    }
}
