// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * memremap_probe: run a memremap-lab scenario file against this kernel's own ZONE_DEVICE code and
 * print every struct page of its pgmaps after each step.
 *
 * The scenario file (examples/kernel/ *.scn in memremap-lab) is the same file the Java model
 * replays, so a sequence is written once. The probe runs the sequential commands: "buddy"
 * registers a pgmap with memremap_pages() (PRIVATE, or COHERENT on the reserved range phys=),
 * "pgmap" a GENERIC one nobody allocates from, "alloc" initialises a folio with the kernel's
 * zone_device_*_init() and unlocks it as migrate_vma_finalize() would, "free" drops the last
 * reference with put_page(), "put" drops one on a page of a GENERIC pgmap, "teardown" calls
 * memunmap_pages(). A race of the form "A until ->folio_free returned; B; A" runs B inside the
 * free callback, which is the same interleaving on one CPU. Without scn= the module only serves
 * dmirror_steps.c, which runs sequences of test_hmm's memory from a process.
 *
 * Every value that is an address is printed as a label (the pgmap, a word of a struct page of the
 * pgmap, TAIL_MAPPING, "ptr"), so a trace is identical across builds and boots.
 *
 * Copyright (c) 2026 the memremap-lab authors.
 */
#define pr_fmt(fmt) "memremap_probe: " fmt

#include <linux/module.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/ioport.h>
#include <linux/pagemap.h>
#include <linux/percpu-refcount.h>
#include <linux/kernel_read_file.h>
#include <linux/vmalloc.h>
#include <linux/version.h>
#include <linux/string.h>

/*
 * One source for both traced kernels: 6.19 added large device-private folios, folio_free(folio)
 * and zone_device_folio_init() (checkpatch's LINUX_VERSION_CODE warning is expected here).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define PROBE_HAS_FOLIO_INIT 1
#endif

static char *scn;
module_param(scn, charp, 0444);
MODULE_PARM_DESC(scn, "path of the scenario file to run");

/* A physical range that is not System RAM (memmap=nn$ss under QEMU), for COHERENT pgmaps. */
static unsigned long phys;
module_param(phys, ulong, 0444);
MODULE_PARM_DESC(phys, "start of a reserved physical range for COHERENT pgmaps");
static unsigned long phys_size;
module_param(phys_size, ulong, 0444);
MODULE_PARM_DESC(phys_size, "its size in bytes");
static unsigned long phys_used;

#define PROBE_NAME_LEN		16
#define PROBE_MAX_DRIVERS	4
#define PROBE_MAX_FOLIOS	32
#define PROBE_MAX_WORDS		16
#define PROBE_MAX_RACE		8
#define PROBE_LINE_LEN		512

/*
 * lib/percpu-refcount.c keeps the count of a ref in percpu mode biased by PERCPU_COUNT_BIAS; the
 * constant is private to that file, so it is restated here to read the count.
 */
#define PROBE_PERCPU_COUNT_BIAS	(1UL << (BITS_PER_LONG - 1))

/* ---- the pgmaps and their ops ------------------------------------------------------------ */

struct probe_driver {
	char name[PROBE_NAME_LEN];
	struct dev_pagemap pgmap;
	/* The pgmap the dump labels: &pgmap, or test_hmm's for a window of its pages. */
	struct dev_pagemap *dumped;
	struct resource *res;
	unsigned long base_pfn;
	unsigned long nr_pages;
	bool live;
};

struct probe_folio {
	char name[PROBE_NAME_LEN];
	struct page *page;
};

static struct probe_driver probe_drivers[PROBE_MAX_DRIVERS];
static int probe_nr_drivers;
static struct probe_folio probe_folios[PROBE_MAX_FOLIOS];
static int probe_line;

/* The commands of CPU B of a race, run from inside the free callback. */
static char *probe_race_b[PROBE_MAX_RACE];
static int probe_race_b_len;
static bool probe_in_free;

static int probe_command(char *line);

static void probe_run_race_b(void)
{
	int i;

	if (!probe_race_b_len || probe_in_free)
		return;
	probe_in_free = true;
	for (i = 0; i < probe_race_b_len; i++) {
		pr_info("race B: %s\n", probe_race_b[i]);
		if (probe_command(probe_race_b[i]))
			pr_err("race B: command failed: %s\n", probe_race_b[i]);
	}
	probe_race_b_len = 0;
	probe_in_free = false;
}

/* The driver keeps no allocator state: the scenario names every block by its offset. */
#ifdef PROBE_HAS_FOLIO_INIT
static void probe_folio_free(struct folio *folio)
{
	probe_run_race_b();
}
#else
static void probe_page_free(struct page *page)
{
	probe_run_race_b();
}
#endif

static vm_fault_t probe_migrate_to_ram(struct vm_fault *vmf)
{
	/* Nothing is ever mapped from this device's memory. */
	return VM_FAULT_SIGBUS;
}

static const struct dev_pagemap_ops probe_pgmap_ops = {
#ifdef PROBE_HAS_FOLIO_INIT
	.folio_free = probe_folio_free,
#else
	.page_free = probe_page_free,
#endif
	.migrate_to_ram = probe_migrate_to_ram,
};

/* ---- the dump ------------------------------------------------------------------------------ */

static const struct {
	int bit;
	const char *name;
} probe_flag_names[] = {
	{ PG_locked, "locked" },	{ PG_writeback, "writeback" },
	{ PG_referenced, "referenced" },	{ PG_uptodate, "uptodate" },
	{ PG_dirty, "dirty" },		{ PG_lru, "lru" },
	{ PG_head, "head" },		{ PG_waiters, "waiters" },
	{ PG_active, "active" },	{ PG_workingset, "workingset" },
	{ PG_owner_priv_1, "owner_priv_1" },	{ PG_owner_2, "owner_2" },
	{ PG_arch_1, "arch_1" },	{ PG_reserved, "reserved" },
	{ PG_private, "private" },	{ PG_private_2, "private_2" },
	{ PG_reclaim, "reclaim" },	{ PG_swapbacked, "swapbacked" },
	{ PG_unevictable, "unevictable" },
};

static const char *probe_flag_name(int bit)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(probe_flag_names); i++)
		if (probe_flag_names[i].bit == bit)
			return probe_flag_names[i].name;
	return NULL;
}

/* The page flags from bit @from up (page[1] keeps the folio order in bits 0-7). */
static int probe_flags(char *buf, size_t len, unsigned long flags, int from)
{
	int n = 0, bit;

	for (bit = from; bit < NR_PAGEFLAGS; bit++) {
		const char *name = probe_flag_name(bit);

		if (!(flags & BIT(bit)))
			continue;
		if (name)
			n += scnprintf(buf + n, len - n, "%s%s", n ? "|" : "", name);
		else
			n += scnprintf(buf + n, len - n, "%sbit%d", n ? "|" : "", bit);
	}
	if (!n)
		n = scnprintf(buf, len, "-");
	return n;
}

/* A pointer to a struct page outside the dumped range (test_hmm's free-list links, its backing page). */
static bool probe_is_struct_page(unsigned long v)
{
	unsigned long first = (unsigned long)pfn_to_page(0);

	return v >= first && (v - first) % sizeof(struct page) == 0 &&
	       pfn_valid((v - first) / sizeof(struct page));
}

/* A word as a label: never an address, so traces do not change from boot to boot. */
static int probe_label(char *buf, size_t len, const struct probe_driver *d, unsigned long v)
{
	unsigned long first = (unsigned long)pfn_to_page(d->base_pfn);
	unsigned long end = first + d->nr_pages * sizeof(struct page);

	if (!v)
		return scnprintf(buf, len, "0");
	if (v == (unsigned long)d->dumped)
		return scnprintf(buf, len, "pgmap:%s", d->name);
	if (v == (unsigned long)TAIL_MAPPING)
		return scnprintf(buf, len, "TAIL_MAPPING");
	if (v >= first && v < end) {
		unsigned long off = v - first;

		return scnprintf(buf, len, "&+%lu.w%lu", off / sizeof(struct page),
				 off % sizeof(struct page) / sizeof(long));
	}
	if (probe_is_struct_page(v))
		return scnprintf(buf, len, "page");
	if (virt_addr_valid((void *)v) || is_vmalloc_or_module_addr((void *)v))
		return scnprintf(buf, len, "ptr");
	return scnprintf(buf, len, "0x%lx", v);
}

static int probe_word1(char *buf, size_t len, const struct probe_driver *d,
		       struct page *page, unsigned long w1)
{
	if (w1 & 1) {
		unsigned long head = page_to_pfn(compound_head(page));

		if (head >= d->base_pfn && head < d->base_pfn + d->nr_pages)
			return scnprintf(buf, len, "tail:+%lu", head - d->base_pfn);
		return scnprintf(buf, len, "tail:?");
	}
	return probe_label(buf, len, d, w1);
}

/* page[1] of a large folio: the folio fields that live in its words 2 to 7. */
static int probe_folio_fields(char *buf, size_t len, struct page *page)
{
	struct folio *folio = page_folio(page - 1);
	int n = 0;

	n += scnprintf(buf + n, len - n, " _large_mapcount=%d",
		       atomic_read(&folio->_large_mapcount));
#ifdef PROBE_HAS_FOLIO_INIT
	n += scnprintf(buf + n, len - n, " _nr_pages_mapped=%d _entire_mapcount=%d _pincount=%d",
		       atomic_read(&folio->_nr_pages_mapped),
		       atomic_read(&folio->_entire_mapcount), atomic_read(&folio->_pincount));
#ifdef CONFIG_MM_ID
	/* An mm's id is a number the boot hands out: a slot prints as "mm" or "0" (MM_ID_DUMMY). */
	n += scnprintf(buf + n, len - n, " _mm_id_mapcount=%d,%d _mm_ids=%s,%s%s%s",
		       folio->_mm_id_mapcount[0], folio->_mm_id_mapcount[1],
		       folio->_mm_id[0] & MM_ID_MASK ? "mm" : "0",
		       folio->_mm_id[1] & MM_ID_MASK ? "mm" : "0",
		       folio->_mm_ids & FOLIO_MM_IDS_SHARED_BIT ? "|shared" : "",
		       folio->_mm_ids & FOLIO_MM_IDS_LOCK_BIT ? "|locked" : "");
#endif
	n += scnprintf(buf + n, len - n, " ref=%d map=%d _nr_pages=%u",
		       page_ref_count(page), atomic_read(&page->_mapcount), folio->_nr_pages);
#else
	n += scnprintf(buf + n, len - n, " _entire_mapcount=%d _nr_pages_mapped=%d _pincount=%d",
		       atomic_read(&folio->_entire_mapcount),
		       atomic_read(&folio->_nr_pages_mapped), atomic_read(&folio->_pincount));
	n += scnprintf(buf + n, len - n, " _nr_pages=%u", folio->_folio_nr_pages);
#endif
	return n;
}

/* One struct page as one line of key=value fields (after the "+N" that the caller prints). */
static void probe_describe(char *buf, size_t len, const struct probe_driver *d, unsigned long i)
{
	struct page *page = pfn_to_page(d->base_pfn + i);
	const unsigned long *w = (const unsigned long *)page;
	bool tail = w[1] & 1;
	struct page *head = tail ? compound_head(page) : page;
	bool page1 = tail && head == page - 1;
	bool page2 = tail && head == page - 2;
	int n = 0, k;

	BUILD_BUG_ON(sizeof(struct page) != 8 * sizeof(long));

	n += scnprintf(buf + n, len - n, "flags=");
	n += probe_flags(buf + n, len - n, w[0], page1 ? 8 : 0);
	if (page1)
		n += scnprintf(buf + n, len - n, " order=%lu", w[0] & 0xff);
	n += scnprintf(buf + n, len - n, " zone=%s",
		       page_zonenum(page) == ZONE_DEVICE ? "Device" : "other");
	n += scnprintf(buf + n, len - n, " w1=");
	n += probe_word1(buf + n, len - n, d, page, w[1]);

	if (page1) {
		n += probe_folio_fields(buf + n, len - n, page);
#ifndef PROBE_HAS_FOLIO_INIT
		n += scnprintf(buf + n, len - n, " w5=");
		n += probe_label(buf + n, len - n, d, w[5]);
		n += scnprintf(buf + n, len - n, " ref=%d map=%d w7=",
			       page_ref_count(page), atomic_read(&page->_mapcount));
		n += probe_label(buf + n, len - n, d, w[7]);
#endif
		return;
	}
	if (page2 && w[2] == (unsigned long)&w[2] && w[3] == (unsigned long)&w[2]) {
		n += scnprintf(buf + n, len - n, " _deferred_list=empty");
	} else {
		for (k = 2; k <= 3; k++) {
			n += scnprintf(buf + n, len - n, " w%d=", k);
			n += probe_label(buf + n, len - n, d, w[k]);
		}
	}
	for (k = 4; k <= 5; k++) {
		n += scnprintf(buf + n, len - n, " w%d=", k);
		n += probe_label(buf + n, len - n, d, w[k]);
	}
	n += scnprintf(buf + n, len - n, " ref=%d map=%d w7=",
		       page_ref_count(page), atomic_read(&page->_mapcount));
	probe_label(buf + n, len - n, d, w[7]);
}

static void probe_dump_ref(struct probe_driver *d, const char *label)
{
	struct percpu_ref *ref = &d->dumped->ref;
	unsigned long ptr = READ_ONCE(ref->percpu_count_ptr);
	const char *mode;
	long count;
	int cpu;

	if (!ref->data) {
		/* percpu_ref_exit() keeps the last count in the pointer word. */
		count = ptr >> __PERCPU_REF_FLAG_BITS;
		mode = "exited";
	} else if (ptr & __PERCPU_REF_ATOMIC_DEAD) {
		count = atomic_long_read(&ref->data->count);
		mode = (ptr & __PERCPU_REF_DEAD) ? "dead" : "atomic";
	} else {
		unsigned long __percpu *pcpu = (unsigned long __percpu *)ptr;

		count = atomic_long_read(&ref->data->count) - PROBE_PERCPU_COUNT_BIAS;
		for_each_possible_cpu(cpu)
			count += *per_cpu_ptr(pcpu, cpu);
		mode = "percpu";
	}
	pr_info("pgmap %s ref=%ld mode=%s\n", label, count, mode);
}

/* Every page of every pgmap, consecutive identical lines folded into one "+A..+B" line. */
static void probe_dump_pages(const struct probe_driver *d)
{
	static char cur[PROBE_LINE_LEN], next[PROBE_LINE_LEN];
	unsigned long i, j;

	for (i = 0; i < d->nr_pages; i = j) {
		probe_describe(cur, sizeof(cur), d, i);
		for (j = i + 1; j < d->nr_pages; j++) {
			probe_describe(next, sizeof(next), d, j);
			if (strcmp(cur, next))
				break;
		}
		if (j - i > 1)
			pr_info("+%lu..+%lu %s\n", i, j - 1, cur);
		else
			pr_info("+%lu %s\n", i, cur);
	}
}

static void probe_dump(void)
{
	int di;

	for (di = 0; di < probe_nr_drivers; di++) {
		struct probe_driver *d = &probe_drivers[di];

		probe_dump_ref(d, d->name);
		if (d->live)	/* memunmap_pages() freed the struct pages */
			probe_dump_pages(d);
	}
}

/* ---- the sequence interpreter -------------------------------------------------------------- */

static struct probe_driver *probe_driver(const char *name)
{
	int i;

	for (i = 0; i < probe_nr_drivers; i++)
		if (!strcmp(probe_drivers[i].name, name))
			return &probe_drivers[i];
	return NULL;
}

static struct probe_folio *probe_folio(const char *name, bool create)
{
	struct probe_folio *free = NULL;
	int i;

	for (i = 0; i < PROBE_MAX_FOLIOS; i++) {
		if (!strcmp(probe_folios[i].name, name) && probe_folios[i].page)
			return &probe_folios[i];
		if (!free && !probe_folios[i].page)
			free = &probe_folios[i];
	}
	if (!create || !free)
		return NULL;
	strscpy(free->name, name, sizeof(free->name));
	return free;
}

static int probe_split(char *line, char **w)
{
	int n = 0;
	char *tok;

	while ((tok = strsep(&line, " \t")) && n < PROBE_MAX_WORDS) {
		if (*tok)
			w[n++] = tok;
	}
	return n;
}

/*
 * "buddy NAME N [PRIVATE|COHERENT]" (a driver that allocates from it) or "pgmap NAME N GENERIC" (a
 * pgmap nobody allocates from, as device-dax registers it: no ops).
 */
static int probe_buddy(char **w, int n)
{
	struct probe_driver *d;
	unsigned long pages;
	void *addr;
	bool coherent, generic;
	unsigned long start;

	if (n < 3 || kstrtoul(w[2], 0, &pages) || !pages)
		return -EINVAL;
	coherent = n > 3 && (!strcmp(w[3], "COHERENT") || !strcmp(w[3], "MEMORY_DEVICE_COHERENT"));
	generic = n > 3 && (!strcmp(w[3], "GENERIC") || !strcmp(w[3], "MEMORY_DEVICE_GENERIC"));
	if (generic != !strcmp(w[0], "pgmap") ||
	    (n > 3 && !coherent && !generic && strcmp(w[3], "PRIVATE") && strcmp(w[3], "MEMORY_DEVICE_PRIVATE"))) {
		pr_err("line %d: the probe registers \"buddy NAME N PRIVATE|COHERENT\" or \"pgmap NAME N GENERIC\"\n",
		       probe_line);
		return -EOPNOTSUPP;
	}
	/* Device memory is hot-added in subsections (2 MiB); the next pgmap starts at the next one. */
	if ((coherent || generic) && (!phys || phys_used + ALIGN(pages << PAGE_SHIFT, SZ_2M) > phys_size)) {
		pr_err("line %d: %s needs %lu pages of the reserved range phys= (0x%lx, 0x%lx bytes, 0x%lx used)\n",
		       probe_line, w[3], pages, phys, phys_size, phys_used);
		return -EOPNOTSUPP;
	}
	if (probe_nr_drivers == PROBE_MAX_DRIVERS || probe_driver(w[1]))
		return -EINVAL;
	d = &probe_drivers[probe_nr_drivers];
	strscpy(d->name, w[1], sizeof(d->name));
	if (coherent || generic) {
		/* memremap_pages() refuses System RAM; memmap= made this range "Reserved". */
		d->res = NULL;
		start = phys + phys_used;
		phys_used += ALIGN(pages << PAGE_SHIFT, SZ_2M);
		d->pgmap.type = coherent ? MEMORY_DEVICE_COHERENT : MEMORY_DEVICE_GENERIC;
	} else {
		d->res = request_free_mem_region(&iomem_resource, pages << PAGE_SHIFT, "memremap_probe");
		if (IS_ERR(d->res))
			return PTR_ERR(d->res);
		start = d->res->start;
		d->pgmap.type = MEMORY_DEVICE_PRIVATE;
	}
	d->pgmap.range.start = start;
	d->pgmap.range.end = start + (pages << PAGE_SHIFT) - 1;
	d->pgmap.nr_range = 1;
	d->pgmap.ops = generic ? NULL : &probe_pgmap_ops;
	d->pgmap.owner = generic ? NULL : d;
	d->dumped = &d->pgmap;
	addr = memremap_pages(&d->pgmap, numa_node_id());
	if (IS_ERR(addr)) {
		if (d->res)
			release_mem_region(d->res->start, resource_size(d->res));
		return PTR_ERR(addr);
	}
	d->base_pfn = PHYS_PFN(start);
	d->nr_pages = pages;
	d->live = true;
	probe_nr_drivers++;
	return 0;
}

/* alloc NAME DRIVER order K at OFFSET [legacy] */
static int probe_alloc(char **w, int n)
{
	struct probe_driver *d;
	struct probe_folio *f;
	unsigned long order, off;
	/* Before 6.19 both entry points are zone_device_page_init(page). */
	bool legacy __maybe_unused = n > 7 && !strcmp(w[7], "legacy");
	struct page *page;

	if (n < 7 || strcmp(w[3], "order") || strcmp(w[5], "at") ||
	    kstrtoul(w[4], 0, &order) || kstrtoul(w[6], 0, &off)) {
		pr_err("line %d: the probe needs \"alloc NAME DRIVER order K at OFFSET\"\n",
		       probe_line);
		return -EINVAL;
	}
	d = probe_driver(w[2]);
	f = probe_folio(w[1], true);
	if (!d || !d->live || !f || off + (1UL << order) > d->nr_pages)
		return -EINVAL;
	page = pfn_to_page(d->base_pfn + off);
#ifdef PROBE_HAS_FOLIO_INIT
	if (legacy && order)
		return -EINVAL;
	/*
	 * As drm_pagemap does (drivers/gpu/drm/drm_pagemap.c:213 in 7.2): the page itself is the
	 * new folio. page_folio() would follow a tail encoding left by an earlier, larger folio.
	 */
	if (legacy)
		zone_device_page_init(page, &d->pgmap, 0);
	else
		zone_device_folio_init((struct folio *)page, &d->pgmap, order);
#else
	/* Before 6.19 every device-private page is order 0. */
	if (order) {
		pr_err("line %d: this kernel has no large device-private folios\n", probe_line);
		return -EOPNOTSUPP;
	}
	zone_device_page_init(page);
#endif
	/* migrate_vma_finalize() unlocks the new page once the data is in place. */
	unlock_page(page);
	f->page = page;
	return 0;
}

static int probe_free(char **w, int n)
{
	struct probe_folio *f = n > 1 ? probe_folio(w[1], false) : NULL;
	struct page *page;

	if (!f)
		return -EINVAL;
	page = f->page;
	f->page = NULL;
	put_page(page);
	return 0;
}

/* "put PGMAP +OFFSET": put_page() on a page of a pgmap nobody allocates from (an idle GENERIC page). */
static int probe_put(char **w, int n)
{
	struct probe_driver *d = n == 3 ? probe_driver(w[1]) : NULL;
	unsigned long off;

	if (!d || !d->live || w[2][0] != '+' || kstrtoul(w[2] + 1, 0, &off) || off >= d->nr_pages)
		return -EINVAL;
	put_page(pfn_to_page(d->base_pfn + off));
	return 0;
}

static int probe_teardown(void)
{
	int i;

	for (i = 0; i < probe_nr_drivers; i++) {
		struct probe_driver *d = &probe_drivers[i];

		if (!d->live)
			continue;
		memunmap_pages(&d->pgmap);
		if (d->res)
			release_mem_region(d->res->start, resource_size(d->res));
		d->live = false;
	}
	return 0;
}

/* After a sequence that stopped early: free what is still live, or memunmap_pages() would wait. */
static void probe_cleanup(void)
{
	int i;

	for (i = 0; i < PROBE_MAX_FOLIOS; i++) {
		if (probe_folios[i].page) {
			put_page(probe_folios[i].page);
			probe_folios[i].page = NULL;
		}
	}
	probe_teardown();
}

static int probe_command(char *line)
{
	char *w[PROBE_MAX_WORDS];
	char copy[PROBE_LINE_LEN];
	int n;

	strscpy(copy, line, sizeof(copy));
	n = probe_split(copy, w);
	if (!n)
		return 0;
	if (!strcmp(w[0], "buddy") || !strcmp(w[0], "pgmap"))
		return probe_buddy(w, n);
	if (!strcmp(w[0], "put"))
		return probe_put(w, n);
	if (!strcmp(w[0], "alloc"))
		return probe_alloc(w, n);
	if (!strcmp(w[0], "free"))
		return probe_free(w, n);
	if (!strcmp(w[0], "teardown"))
		return probe_teardown();
	if (!strcmp(w[0], "observe"))
		return 0;
	pr_err("line %d: command \"%s\" is not one the probe runs\n", probe_line, w[0]);
	return -EOPNOTSUPP;
}

/* Strip a "# comment" and surrounding blanks, in place. */
static char *probe_strip(char *line)
{
	char *hash = strchr(line, '#');

	if (hash)
		*hash = '\0';
	return strim(line);
}

/*
 * race A until ->folio_free returned; B; A
 * A: free NAME
 * B: ...
 * end
 * On one CPU this is: A's free, with B's commands run by the free callback.
 */
static int probe_race(char **lines, int nr, int *i, int *step)
{
	char *a = NULL;
	int err;

	probe_race_b_len = 0;
	for ((*i)++; *i < nr; (*i)++) {
		char *l = probe_strip(lines[*i]);

		probe_line = *i + 1;
		if (!*l)
			continue;
		if (!strcmp(l, "end"))
			break;
		if (!strncmp(l, "A:", 2) && !a)
			a = strim(l + 2);
		else if (!strncmp(l, "B:", 2) && probe_race_b_len < PROBE_MAX_RACE)
			probe_race_b[probe_race_b_len++] = strim(l + 2);
		else
			return -EOPNOTSUPP;
	}
	if (!a || strncmp(a, "free ", 5))
		return -EOPNOTSUPP;
	pr_info("step %d race A: %s\n", ++*step, a);
	err = probe_command(a);
	probe_race_b_len = 0;
	return err;
}

static int probe_run(char *text)
{
	static char *lines[256];
	int nr = 0, i, step = 0, err = 0;
	char *p = text;

	while (p && nr < ARRAY_SIZE(lines))
		lines[nr++] = strsep(&p, "\n");

	for (i = 0; i < nr && !err; i++) {
		char *l = probe_strip(lines[i]);

		probe_line = i + 1;
		if (!*l)
			continue;
		if (!strncmp(l, "scenario ", 9)) {
			pr_info("begin %s\n", l + 9);
			continue;
		}
		if (!strncmp(l, "race ", 5)) {
			if (strcmp(strim(l + 5), "A until ->folio_free returned; B; A")) {
				err = -EOPNOTSUPP;
				break;
			}
			err = probe_race(lines, nr, &i, &step);
		} else {
			pr_info("step %d %s\n", ++step, l);
			err = probe_command(l);
		}
		if (!err)
			probe_dump();
	}
	if (err)
		pr_err("line %d: failed with %d\n", probe_line, err);
	pr_info("end %s\n", err ? "failed" : "ok");
	return err;
}

/* ---- the dump service for dmirror_steps (test_hmm's memory, driven from userspace) ---------- */

/*
 * "dump DRIVER FOLIO PFN NR": the pgmap line ("pgmap DRIVER:FOLIO ...") and the NR struct pages from
 * PFN, labelled relative to PFN. The pages are test_hmm's: userspace found PFN in /proc/self/pagemap.
 */
static int probe_dump_window(char **w, int n)
{
	struct probe_driver d = { };
	char label[2 * PROBE_NAME_LEN + 1];
	unsigned long pfn, nr;

	if (n != 5 || kstrtoul(w[3], 0, &pfn) || kstrtoul(w[4], 0, &nr) || !nr || !pfn_valid(pfn) ||
	    !pfn_valid(pfn + nr - 1))
		return -EINVAL;
	if (!is_zone_device_page(pfn_to_page(pfn)) || !is_zone_device_page(pfn_to_page(pfn + nr - 1)))
		return -EINVAL;
	strscpy(d.name, w[1], sizeof(d.name));
#ifdef PROBE_HAS_FOLIO_INIT
	d.dumped = page_pgmap(pfn_to_page(pfn));
#else
	d.dumped = pfn_to_page(pfn)->pgmap;
#endif
	d.base_pfn = pfn;
	d.nr_pages = nr;
	snprintf(label, sizeof(label), "%s:%s", w[1], w[2]);
	probe_dump_ref(&d, label);
	probe_dump_pages(&d);
	return 0;
}

/*
 * Written by dmirror_steps through /sys/module/memremap_probe/parameters/cmd: "say TEXT" prints TEXT
 * as a trace line (step headers, "end ok"), "dump ..." dumps a window. Printing from here keeps the
 * trace lines in order with the kernel's own messages.
 */
static int probe_cmd_set(const char *val, const struct kernel_param *kp)
{
	char copy[PROBE_LINE_LEN];
	char *w[PROBE_MAX_WORDS];
	int n;

	strscpy(copy, val, sizeof(copy));
	strim(copy);
	if (!strncmp(copy, "say ", 4)) {
		pr_info("%s\n", copy + 4);
		return 0;
	}
	n = probe_split(copy, w);
	if (n && !strcmp(w[0], "dump"))
		return probe_dump_window(w, n);
	pr_err("cmd: \"%s\" is neither \"say TEXT\" nor \"dump DRIVER FOLIO PFN NR\"\n", copy);
	return -EINVAL;
}

static const struct kernel_param_ops probe_cmd_ops = {
	.set = probe_cmd_set,
};
module_param_cb(cmd, &probe_cmd_ops, NULL, 0200);
MODULE_PARM_DESC(cmd, "without scn=: \"say TEXT\" or \"dump DRIVER FOLIO PFN NR\" (see dmirror_steps.c)");

static int __init memremap_probe_init(void)
{
	void *buf = NULL;
	size_t size;
	ssize_t len;
	char *text;
	int err;

	/* Without a scenario the module only serves cmd (dmirror_steps runs the sequence). */
	if (!scn)
		return 0;
	len = kernel_read_file_from_path(scn, 0, &buf, INT_MAX, &size, READING_UNKNOWN);
	if (len < 0) {
		pr_err("cannot read %s: %zd\n", scn, len);
		return len;
	}
	text = kmemdup_nul(buf, len, GFP_KERNEL);
	vfree(buf);
	if (!text)
		return -ENOMEM;
	err = probe_run(text);
	kfree(text);
	probe_cleanup();
	return err;
}

static void __exit memremap_probe_exit(void)
{
}

module_init(memremap_probe_init);
module_exit(memremap_probe_exit);

MODULE_DESCRIPTION("memremap-lab: ZONE_DEVICE struct page traces for golden tests");
MODULE_AUTHOR("memremap-lab");
MODULE_LICENSE("Dual MIT/GPL");
