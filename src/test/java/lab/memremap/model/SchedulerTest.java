package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Locks, hung tasks and deterministic interleavings of two simulated CPUs. */
class SchedulerTest {

    @Test
    void lockingAPageWhoseStalePgLockedNobodyWillClearIsAHungTask() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        r.page(7).set_bit(PageFlagBits.PG_locked);      // e.g. a stale order byte of 9
        assertThrows(ScenarioStopped.class, () -> r.m.lock_page(r.page(7)));
        String t = r.m.log().of(KernelLog.Kind.HUNG).get(0).text();
        assertTrue(t.contains(" folio_wait_bit_common+0x?/0x?\n __folio_lock+0x?/0x?\n"), t);
        assertTrue(t.contains(" lock_page+0x?/0x?\n"), t);
    }

    @Test
    void aWaiterOnAnotherCpuProceedsOnceTheHolderUnlocks() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        Page p = r.page(0);
        StringBuilder order = new StringBuilder();
        r.m.runOnCpus(Schedule.parse("A until folio_unlock; B; A"),
                () -> { r.m.lock_page(p); order.append("A-locked "); r.m.unlock_page(p); order.append("A-unlocked "); },
                () -> { r.m.lock_page(p); order.append("B-locked "); r.m.unlock_page(p); });
        assertEquals("A-locked A-unlocked B-locked ", order.toString());
        assertTrue(r.m.log().of(KernelLog.Kind.HUNG).isEmpty());
    }

    @Test
    void twoCpusWaitingOnEachOtherAreBothReported() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        Page a = r.page(0), b = r.page(1);
        assertThrows(ScenarioStopped.class, () -> r.m.runOnCpus(Schedule.parse("A 1; B 1; A; B"),
                () -> { r.m.lock_page(a); r.m.lock_page(b); },
                () -> { r.m.lock_page(b); r.m.lock_page(a); }));
        assertEquals(2, r.m.log().of(KernelLog.Kind.HUNG).size());
    }

    @Test
    void theSameScheduleReplaysTheSameRaceExactly() {
        String[] logs = new String[2];
        String[] traces = new String[2];
        for (int run = 0; run < 2; run++) {
            Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
            Folio f = r.alloc(0, 2);
            try {
                r.m.runOnCpus(Schedule.parse("A until percpu_ref_put_many; B; A"),
                        () -> r.m.folio_put(f),
                        () -> r.m.memunmap_pages(r.pgmap));
            } catch (ScenarioStopped expectedOrNot) {
                // either outcome is fine; it must be the same both times
            }
            logs[run] = r.m.log().dmesg();
            traces[run] = r.m.trace().toTable().printAll();
        }
        assertEquals(logs[0], logs[1]);
        assertEquals(traces[0], traces[1]);
    }

    @Test
    void unknownScheduleTextIsRefusedWithTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("X until foo"));
        assertTrue(e.getMessage().contains("X until foo"));
    }
}
