package lab.memremap.scenario;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D1_Rfc;
import lab.memremap.design.D2_V2;
import lab.memremap.design.D4_V6;
import lab.memremap.model.KernelLog;
import lab.memremap.model.ModelNotes;
import org.junit.jupiter.api.Test;

/**
 * A store after the last put is a window (kernel-history.md Errata 6; RFC/v1
 * &lt;20250306044239.3874247-2-balbirs@nvidia.com&gt; and v2 &lt;20250730092139.3890844-2-balbirs@nvidia.com&gt;
 * write page->mapping = NULL after put_dev_pagemap()/percpu_ref_put()). The old output of S12 on D1 and D2
 * was "OK": the free path ran to its end before memunmap_pages() could go on.
 */
class StoreAfterPutTest {

    @Test
    void s12OnRfcAndV2FaultsOnTheStoreAfterTeardown() {
        for (var d : new lab.memremap.model.Design[] {new D1_Rfc(), new D2_V2()}) {
            ScenarioResult r = Scenarios.S12.run(d);
            assertTrue(r.has(Outcome.BUG) && r.has(Outcome.UAF), d.name() + ": " + r.cell());
            String oops = r.log().of(KernelLog.Kind.BUG).get(0).text();
            assertTrue(oops.contains("#PF: supervisor write access in kernel mode"), oops);
            assertTrue(oops.contains("RIP: 0010:free_zone_device_folio+0x?/0x?"), oops);
            assertTrue(r.notes().of(ModelNotes.Kind.USE_AFTER_FREE).stream().anyMatch(n -> n.text().startsWith("mapping")),
                    r.notes().toText());
        }
    }

    /** v6 puts after the callback and stores nothing after it: no window. */
    @Test
    void v6HasNoStoreAfterItsPut() {
        assertEquals("OK", Scenarios.S12.run(new D4_V6()).cell());
    }
}
