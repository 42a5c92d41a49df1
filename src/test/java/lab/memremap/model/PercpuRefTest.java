package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** percpu_ref live and dying semantics (lib/percpu-refcount.c), through a pgmap's ref. */
class PercpuRefTest {

    private static Rig rig() {
        return new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
    }

    @Test
    void initHoldsOneReferenceInPercpuMode() {
        Rig r = rig();
        PercpuRef ref = r.pgmap.ref;
        assertEquals(1, ref.count());
        assertEquals(PercpuRef.Mode.PERCPU, ref.mode());
        assertFalse(r.m.percpu_ref_is_dying(ref));
    }

    @Test
    void tryGetManySucceedsOnADyingRefWhileTheCountIsNonZeroButTryGetLiveFails() {
        Rig r = rig();
        PercpuRef ref = r.pgmap.ref;
        r.m.percpu_ref_get_many(ref, 4);          // four pages outstanding
        r.m.percpu_ref_kill(ref);                 // memunmap_pages() begins
        assertTrue(r.m.percpu_ref_is_dying(ref));
        assertFalse(r.m.percpu_ref_tryget_live(ref), "tryget_live refuses once DEAD");
        assertTrue(r.m.percpu_ref_tryget_many(ref, 2), "tryget_many ignores DEAD");
        assertEquals(6, ref.count());
        r.m.step("tick"); // the RCU grace period ends: atomic mode
        assertEquals(PercpuRef.Mode.ATOMIC, ref.mode());
        assertTrue(r.m.percpu_ref_tryget_many(ref, 1), "still non-zero: succeeds in atomic mode too");
    }

    @Test
    void releaseRunsWhenTheCountReachesZeroInAtomicModeAndCompletesPgmapDone() {
        // A grace period of 3 steps: puts made while switching cannot see zero.
        Rig r = new Rig(Config.defaults().withAtomicSwitchSteps(3), new lab.memremap.design.D9_Mainline(),
                MemoryType.MEMORY_DEVICE_PRIVATE, 64, true);
        PercpuRef ref = r.pgmap.ref;
        r.m.percpu_ref_get_many(ref, 3);
        r.m.percpu_ref_kill(ref);
        r.m.percpu_ref_put_many(ref, 3);          // still switching: zero is not seen yet
        assertEquals(PercpuRef.Mode.SWITCHING_TO_ATOMIC, ref.mode());
        assertFalse(r.pgmap.done.isDone());
        r.m.step("tick");
        r.m.step("tick");                         // the switch folds the count: 0 → release
        assertEquals(PercpuRef.Mode.ATOMIC, ref.mode());
        assertTrue(r.pgmap.done.isDone(), "dev_pagemap_percpu_release completed pgmap->done");
        assertFalse(r.m.percpu_ref_tryget_many(ref, 1), "zero in atomic mode: tryget_many fails");
    }

    @Test
    void withTheDefaultOneStepGracePeriodTheNextPrimitiveAlreadyRunsInAtomicMode() {
        Rig r = rig();
        PercpuRef ref = r.pgmap.ref;
        r.m.percpu_ref_get_many(ref, 3);
        r.m.percpu_ref_kill(ref);
        r.m.percpu_ref_put_many(ref, 3);
        assertTrue(r.pgmap.done.isDone());
    }

    @Test
    void anOverPutIsReportedWhenTheSwitchToAtomicFoldsTheCounters() {
        Rig r = rig();
        PercpuRef ref = r.pgmap.ref;
        r.m.percpu_ref_put_many(ref, 3);          // percpu mode: nobody notices yet
        assertTrue(r.m.log().of(KernelLog.Kind.PERCPU_UNDERFLOW).isEmpty());
        r.m.percpu_ref_kill(ref);
        r.m.step("tick");
        var e = r.m.log().of(KernelLog.Kind.PERCPU_UNDERFLOW);
        assertEquals(1, e.size());
        assertTrue(e.get(0).text().contains("percpu ref (dev_pagemap_percpu_release) <= 0 (-2) after switching to atomic"),
                e.get(0).text());
        assertFalse(r.pgmap.done.isDone(), "the count skipped zero: release never runs");
    }

    @Test
    void anAtomicPutPastZeroReleasesNothing() {
        // atomic_long_sub_and_test() is true only at exactly zero: a put of 512 from 1 goes to -511 silently.
        Rig r = rig();
        PercpuRef ref = r.pgmap.ref;
        r.m.percpu_ref_get_many(ref, 1);
        r.m.percpu_ref_kill(ref);
        r.m.step("tick");
        r.m.percpu_ref_put_many(ref, 512);
        assertEquals(-511, ref.count());
        assertFalse(r.pgmap.done.isDone());
    }

    @Test
    void useAfterExitIsANullPointerOops() {
        Rig r = rig();
        PercpuRef ref = r.pgmap.ref;
        r.m.percpu_ref_kill(ref);
        r.m.step("tick");
        r.m.percpu_ref_exit(ref);
        assertThrows(Oops.class, () -> r.m.percpu_ref_tryget_many(ref, 1));
        assertTrue(r.m.log().of(KernelLog.Kind.BUG).get(0).text().startsWith("BUG: kernel NULL pointer dereference"));
    }

    @Test
    void killingTwiceWarnsOnce() {
        Rig r = rig();
        r.m.percpu_ref_get(r.pgmap.ref);
        r.m.percpu_ref_kill(r.pgmap.ref);
        r.m.percpu_ref_kill(r.pgmap.ref);
        var w = r.m.log().of(KernelLog.Kind.WARN);
        assertEquals(1, w.size());
        assertTrue(w.get(0).text().contains("percpu_ref_kill_and_confirm called more than once on dev_pagemap_percpu_release!"));
    }
}
