package lab.memremap.fidelity;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lab.memremap.design.Designs;
import lab.memremap.model.KernelApi;
import lab.memremap.model.Source;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every check line the model cites for a kernel whose source is on this machine (6.12.117, 7.2.13) holds
 * the named check: the @Source warnLines entries "MACRO(cond)@6.12=LINE" of the model's functions, and the
 * lines the fidelity fixes cite in prose. Skipped, saying so, where a tree is not unpacked. Never a line
 * number made up: where a line is unknown the model prints ":?" (DiagnosticsTest, PrintkFormatsTest).
 */
class CitedLinesTest {

    /** file, line, and a fragment that line must hold, per version. */
    record Cite(String version, String file, int line, String fragment) {}

    /** Lines cited in comments and notes of the issue-10 fixes. */
    static final List<Cite> PROSE = List.of(
            new Cite("7.2", "mm/mm_init.c", 1022, "__SetPageReserved(page);"),
            new Cite("6.12", "mm/mm_init.c", 1007, "__SetPageReserved(page);"),
            new Cite("7.2", "mm/mm_init.c", 1099, "set_page_count(page, 0);"),
            new Cite("6.12", "mm/memcontrol.c", 4716, "WARN_ON_ONCE(folio_unqueue_deferred_split(folio));"),
            new Cite("7.2", "mm/memcontrol.c", 5316, "WARN_ON_ONCE(folio_unqueue_deferred_split(folio));"),
            new Cite("7.2", "mm/memcontrol.c", 2815, "VM_BUG_ON_FOLIO(folio_memcg_charged(folio), folio);"),
            new Cite("6.12", "mm/migrate_device.c", 606, "mem_cgroup_charge(folio"),
            new Cite("7.2", "mm/migrate_device.c", 1021, "mem_cgroup_charge(folio"),
            new Cite("7.2", "mm/migrate_device.c", 817, "mem_cgroup_charge(folio"),
            new Cite("6.12", "mm/huge_memory.c", 3729, "WARN_ON_ONCE(folio_ref_count(folio));"),
            new Cite("6.12", "mm/huge_memory.c", 3730, "WARN_ON_ONCE(!mem_cgroup_disabled() && !folio_memcg(folio));"),
            new Cite("7.2", "mm/huge_memory.c", 4446, "WARN_ON_ONCE(folio_ref_count(folio));"),
            new Cite("7.2", "mm/huge_memory.c", 4447, "WARN_ON_ONCE(!mem_cgroup_disabled() && !folio_memcg_charged(folio));"),
            new Cite("7.2", "mm/huge_memory.c", 3711, "new_folio->memcg_data = folio->memcg_data;"),
            new Cite("6.12", "mm/internal.h", 686, "if (folio_order(folio) <= 1 || !folio_test_large_rmappable(folio))"),
            new Cite("7.2", "mm/internal.h", 849, "if (folio_order(folio) <= 1 || !folio_test_large_rmappable(folio))"),
            new Cite("6.12", "include/linux/mm.h", 1140, "VM_BUG_ON_PAGE(page_ref_count(page) == 0, page);"),
            new Cite("7.2", "include/linux/mm.h", 1810, "VM_BUG_ON_PAGE(page_ref_count(page) == 0, page);"),
            new Cite("7.2", "mm/memremap.c", 83, ">> pgmap->vmemmap_shift;"),
            new Cite("7.2", "mm/memremap.c", 278, "if (WARN_ONCE(pgmap->vmemmap_shift > MAX_FOLIO_ORDER,"),
            new Cite("7.2", "mm/memremap.c", 302, "if (!pgmap->ops->folio_free) {"),
            new Cite("7.2", "mm/memremap.c", 422, "if (WARN_ON_ONCE(!pgmap))"),
            new Cite("7.2", "mm/memremap.c", 455, "if (WARN_ON_ONCE(!pgmap->ops || !pgmap->ops->folio_free))"),
            new Cite("7.2", "mm/memremap.c", 474, "if (WARN_ON_ONCE(!pgmap->ops || !pgmap->ops->folio_free))"),
            new Cite("6.12", "mm/memremap.c", 461, "if (WARN_ON_ONCE(!folio->page.pgmap->ops ||"),
            new Cite("6.12", "mm/memremap.c", 497, "folio_set_count(folio, 1);"),
            new Cite("6.12", "include/trace/events/mmflags.h", 163, "#define __def_pageflag_names"),
            new Cite("7.2", "include/trace/events/mmflags.h", 142, "#define __def_pageflag_names"),
            new Cite("7.2", "include/linux/mm_types.h", 434, "unsigned long memcg_data;"),
            // HungTaskReport: the task and thread flags its report prints, and the line it never prints.
            new Cite("6.12", "arch/x86/include/asm/thread_info.h", 97, "#define TIF_NEED_FPU_LOAD\t14"),
            new Cite("7.2", "arch/x86/include/asm/thread_info.h", 95, "#define TIF_NEED_FPU_LOAD\t19"),
            new Cite("6.12", "include/linux/sched.h", 1696, "#define PF_WQ_WORKER\t\t0x00000020"),
            new Cite("7.2", "include/linux/sched.h", 1789, "#define PF_WQ_WORKER\t\t0x00000020"),
            new Cite("7.2", "include/linux/sched.h", 1790, "#define PF_FORKNOEXEC\t\t0x00000040"),
            new Cite("7.2", "include/linux/sched.h", 1792, "#define PF_SUPERPRIV\t\t0x00000100"),
            new Cite("7.2", "include/linux/sched.h", 1799, "#define PF_NOFREEZE\t\t0x00008000"),
            new Cite("7.2", "include/linux/sched.h", 1806, "#define PF_KTHREAD\t\t0x00200000"),
            new Cite("7.2", "include/linux/sched.h", 1807, "#define PF_RANDOMIZE\t\t0x00400000"),
            new Cite("7.2", "include/linux/sched.h", 1811, "#define PF_NO_SETAFFINITY\t0x04000000"),
            new Cite("7.2", "kernel/hung_task.c", 262, "if (t->flags & PF_POSTCOREDUMP)"),
            new Cite("7.2", "kernel/hung_task.c", 255, "t->comm, t->pid, t->in_iowait ? \" in I/O wait\" : \"\","));

    @Test
    void everyProseCitationHoldsItsCheck() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Cite c : PROSE) {
            Assumptions.assumeTrue(KernelSource.tree(c.version()) != null,
                    "linux-source-" + c.version() + " is not unpacked under " + KernelSource.root());
            String text = KernelSource.line(c.version(), c.file(), c.line());
            checked++;
            if (!text.contains(c.fragment())) wrong.add(c + " holds: " + text);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(PROSE.size(), checked);
    }

    /** warnLines entries pinned to 6.12 or 7.2: the line holds the macro (and its condition or message). */
    @Test
    void everyVersionedWarnLineHoldsItsMacro() {
        Set<Class<?>> classes = new LinkedHashSet<>();
        classes.add(KernelApi.class);
        for (Class<?> i : KernelApi.class.getInterfaces()) classes.add(i);
        for (var d : Designs.all()) classes.add(d.getClass());
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Class<?> c : classes)
            for (Method m : c.getDeclaredMethods()) {
                Source s = m.getAnnotation(Source.class);
                if (s == null) continue;
                for (String entry : s.warnLines()) {
                    int at = entry.lastIndexOf('@');
                    if (at < 0) continue;
                    String version = entry.substring(at + 1, entry.lastIndexOf('='));
                    if (!version.equals("6.12") && !version.equals("7.2")) continue;
                    Assumptions.assumeTrue(KernelSource.tree(version) != null, "linux-source-" + version + " is not unpacked");
                    int line = Integer.parseInt(entry.substring(entry.lastIndexOf('=') + 1));
                    String key = entry.substring(0, at);
                    String macro = key.replaceAll("[(\\[].*$", "");
                    String cond = key.contains("(") ? key.substring(key.indexOf('(') + 1, key.lastIndexOf(')')) : null;
                    String text = KernelSource.line(version, s.file(), line);
                    checked++;
                    if (!text.contains(macro + "(") || cond != null && !text.contains(cond))
                        wrong.add(c.getSimpleName() + "." + m.getName() + " " + entry + " -> " + s.file() + ":" + line + ": " + text);
                }
            }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked >= 26, "checked " + checked);
    }
}
