package lab.memremap.scenario;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D4_V6;
import lab.memremap.model.ModelNotes;
import org.junit.jupiter.api.Test;

/**
 * The model's own notes are not dmesg (issue 10). Old output this rejects, from S10 on D4:
 * "[    0.000026] BUG: use-after-free: folio->pgmap of pfn 0x100200 touched after the free callback handed
 * the folio back, and another CPU has re-used it since", "[    0.000002] memremap_pages: xe-vram
 * MEMORY_DEVICE_PRIVATE pfn 0x100000-0x1003ff (1024 pages)" and "BUG: percpu_ref_put_many on &pgmap->ref =
 * ..., which lies inside a struct page: ... the update corrupts that page" — none of which a kernel prints.
 */
class NotesChannelTest {

    @Test
    void s10UseAfterFreeIsANoteNotAKernelLine() {
        ScenarioResult r = Scenarios.S10.run(new D4_V6());
        String dmesg = r.log().dmesg();
        assertFalse(dmesg.contains("use-after-free"), dmesg);
        assertFalse(dmesg.contains("memremap_pages:"), dmesg);
        assertFalse(dmesg.contains("corrupts"), dmesg);
        assertTrue(r.notes().has(ModelNotes.Kind.USE_AFTER_FREE), r.notes().toText());
        assertTrue(r.has(Outcome.UAF), "the UAF class comes from the notes channel");
        for (String line : r.notes().toText().split("\n")) assertTrue(line.startsWith(ModelNotes.PREFIX), line);
        assertTrue(r.notes().toHtml().contains("not printed by the kernel"));
        assertTrue(r.toText().contains("workbench notes"), r.toText());
        assertTrue(r.timeline().stringColumn("channel").asList().contains("model note"));
        assertTrue(r.timeline().stringColumn("channel").asList().contains("ref trace"));
        assertTrue(r.traceText().contains(ModelNotes.PREFIX));
    }

    /**
     * A put through folio->pgmap read from a tail's compound_head is undefined behaviour: the note shows what
     * the words hold and says the outcome depends on the layout; the run stops there, so no LEAK is claimed.
     * The old cell for S10 on D4 was LEAK+UAF.
     */
    @Test
    void aPutThroughAStalePgmapPointerStopsAsUndefinedBehaviour() {
        ScenarioResult r = Scenarios.S10.run(new D4_V6());
        String note = r.notes().of(ModelNotes.Kind.USE_AFTER_FREE).stream().map(ModelNotes.Note::text)
                .filter(t -> t.contains("stale pointer")).findFirst().orElseThrow();
        assertTrue(note.contains("percpu_count_ptr would be read"), note);
        assertTrue(note.contains("depends on the layout"), note);
        assertFalse(note.contains("corrupts that page"), note);
        assertTrue(r.stopped().startsWith("undefined behaviour"), r.stopped());
        assertFalse(r.has(Outcome.LEAK), r.cell());
    }
}
