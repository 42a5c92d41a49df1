package lab.memremap.fidelity;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D4_V6;
import lab.memremap.design.D7_V7;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.ProductionView;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/**
 * Config.withDebugVm(false): a production kernel compiles VM_BUG_ON/VM_WARN_ON out (include/linux/mmdebug.h),
 * so put_page_testzero()'s VM_BUG_ON_PAGE(page_ref_count(page) == 0) (include/linux/mm.h:1140 in 6.12.117)
 * is gone and S7/S9 no longer stop with a BUG. Before this view existed a reader could not see that.
 */
class ProductionViewTest {

    @Test
    void s9OnV7LosesItsBugInAProductionKernel() {
        ProductionView v = Scenarios.S9.run(new D7_V7()).productionView();
        assertTrue(v.debug().has(Outcome.BUG), v.debug().cell());
        assertFalse(v.production().has(Outcome.BUG), v.production().cell());
        assertTrue(v.outcomeChanges());
        assertTrue(v.production().machine().config.banner().contains("CONFIG_DEBUG_VM=n"));
        assertTrue(v.toText().contains("what a production kernel prints"), v.toText());
        assertFalse(v.production().log().dmesg().contains("kernel BUG at"), v.production().log().dmesg());
    }

    @Test
    void s7OnV6ToChangesToo() {
        ProductionView v = Scenarios.S7.run(new D4_V6()).productionView();
        assertEquals(v.debug().scenario().id(), v.production().scenario().id());
        assertFalse(v.production().log().dmesg().contains("VM_BUG_ON"), v.production().log().dmesg());
    }
}
