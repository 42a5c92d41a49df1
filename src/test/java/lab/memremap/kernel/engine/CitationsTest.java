package lab.memremap.kernel.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Inspection shows where a kernel-named function comes from. */
class CitationsTest {

    @Test
    void aModelFunctionSignatureGetsItsSourceWithALoreLink() {
        String c = Citations.forSignature("void PageAlloc.folio_set_order(Folio folio, int order)").orElseThrow();
        assertTrue(c.startsWith("source: mm/internal.h — <20250821200701.1329277-1-david@redhat.com>"), c);
        assertTrue(c.contains("(https://lore.kernel.org/r/20250821200701.1329277-1-david@redhat.com)"), c);
    }

    @Test
    void aDesignMethodNamedWithItsPackageIsFoundToo() {
        String c = Citations.forSignature("void lab.memremap.design.D9_Mainline.free_zone_device_folio(Folio folio)")
                .orElseThrow();
        assertTrue(c.contains("<20260410230346.4009855-1-matthew.brost@intel.com>"), c);
    }

    @Test
    void aJdkSignatureHasNone() {
        assertTrue(Citations.forSignature("int String.length()").isEmpty());
    }
}
