// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dmirror_steps: run a memremap-lab scenario file whose folios live in test_hmm's device memory, so
 * that they are mapped into a process, unmapped and split by the kernel's own code, and have
 * memremap_probe dump their struct pages after every step.
 *
 * Usage: dmirror_steps FILE.scn (in the kernel-traces initramfs, with test_hmm.ko and
 * memremap_probe.ko loaded without scn=). Commands, as the Java model reads them (ScenarioFile):
 *   dmirror DEV N TYPE         open /dev/hmm_dmirror0 (PRIVATE) or 2 (COHERENT); N, the model's chunk
 *                              size, is not used here
 *   alloc A DEV order K        reserve 2^K pages of anonymous memory for A at a fixed, aligned address
 *                              (MADV_HUGEPAGE at order 9); the kernel allocates in the next "map"
 *   map A pmd|ptes             HMM_DMIRROR_MIGRATE_TO_DEV of A's empty range: test_hmm allocates a device
 *                              folio and migrate_vma_pages() maps it (one ioctl: alloc and map)
 *   unmap A FIRST NR           munmap() of NR pages of A from page FIRST
 *   unmap A all                nothing yet: the "free A" that follows unmaps the rest
 *   free A                     munmap() of what is left of A: the last reference goes with the mapping
 *   shrink                     writes 2 to /proc/sys/vm/drop_caches: the slab shrinkers run, the
 *                              deferred-split one among them
 *   migrate A                  HMM_DMIRROR_MIGRATE_TO_SYS of A's range (not a model command)
 * There is no teardown: test_hmm stays loaded for hmm-tests, and the process's exit unmaps the rest.
 * A step the kernel does together with the next one prints "merged ..." instead of a dump.
 * After every other step the probe dumps each folio's pages (found once in /proc/self/pagemap).
 *
 * Copyright (c) 2026 the memremap-lab authors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <lib/test_hmm_uapi.h>	/* from the kernel tree this runs on (-I$SRC) */

#define PAGE_SZ		4096UL
#define MAX_FOLIOS	8
/* Fixed, 4 MiB apart and 2 MiB aligned: the folio's index (word 4) is the same in every boot. */
#define AREA_BASE	0x40000000UL
#define AREA_STRIDE	0x400000UL
#define CMD_PATH	"/sys/module/memremap_probe/parameters/cmd"

struct folio_slot {
	char name[16];
	char driver[16];
	unsigned long addr;
	unsigned long npages;
	unsigned long pfn;	/* its first page, once migrated to the device */
	int mapped;		/* still has a VMA */
};

static struct folio_slot slots[MAX_FOLIOS];
static int dev_fd = -1;
static int line_no;

static int probe_cmd(const char *fmt, ...);

/* The reason goes to the trace too ("line N: ...", then "end failed"), as the probe's own errors do. */
static void fail(const char *fmt, ...)
{
	static int failing;
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	fprintf(stderr, "dmirror_steps: line %d: %s\n", line_no, why);
	if (!failing) {
		failing = 1;
		probe_cmd("say line %d: %s", line_no, why);
		probe_cmd("say end failed");
	}
	exit(1);
}

/* Large device-private folios came with 6.19. */
static int kernel_has_large_device_folios(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		fail("uname: %s", strerror(errno));
	return major > 6 || (major == 6 && minor >= 19);
}

/* One write per command: the probe prints it as one line. */
static int probe_cmd(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int fd, n, rc = 0;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fd = open(CMD_PATH, O_WRONLY);
	if (fd < 0)
		fail("open %s: %s (is memremap_probe loaded?)", CMD_PATH, strerror(errno));
	if (write(fd, buf, n) != n)
		rc = -errno;
	close(fd);
	return rc;
}

static struct folio_slot *slot(const char *name, int create)
{
	int i;

	for (i = 0; i < MAX_FOLIOS; i++)
		if (slots[i].npages && !strcmp(slots[i].name, name))
			return &slots[i];
	if (!create)
		fail("no folio named %s", name);
	for (i = 0; i < MAX_FOLIOS; i++)
		if (!slots[i].npages) {
			snprintf(slots[i].name, sizeof(slots[i].name), "%s", name);
			slots[i].addr = AREA_BASE + i * AREA_STRIDE;
			return &slots[i];
		}
	fail("more than %d folios", MAX_FOLIOS);
	return NULL;
}

/*
 * The pfn of the device page mapped at addr, from /proc/self/pagemap: a coherent page is mapped like
 * any page (bit 63, the pfn in bits 0-54); a device-private one is a swap entry whose offset is the pfn
 * (bit 62, the type in bits 0-4, the offset in bits 5-54; Documentation/admin-guide/mm/pagemap.rst).
 */
static unsigned long device_pfn(unsigned long addr)
{
	uint64_t e;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &e, sizeof(e), addr / PAGE_SZ * sizeof(e)) != sizeof(e))
		fail("reading /proc/self/pagemap: %s", strerror(errno));
	close(fd);
	if (e & (1ULL << 63))
		return e & ((1ULL << 55) - 1);
	if (!(e & (1ULL << 62)))
		fail("nothing is mapped at 0x%lx after the migration (pagemap 0x%llx)", addr,
		     (unsigned long long)e);
	return (e & ((1ULL << 55) - 1)) >> 5;
}

static void dmirror_ioctl(unsigned long request, struct folio_slot *f, unsigned long first,
			  unsigned long nr)
{
	struct hmm_dmirror_cmd cmd = { 0 };
	void *bounce = malloc(nr * PAGE_SZ);

	if (!bounce)
		fail("out of memory");
	cmd.addr = f->addr + first * PAGE_SZ;
	cmd.ptr = (uintptr_t)bounce;
	cmd.npages = nr;
	while (ioctl(dev_fd, request, &cmd))
		if (errno != EINTR)
			fail("test_hmm ioctl 0x%lx on %s: %s", request, f->name, strerror(errno));
	if (cmd.cpages != nr)
		fail("test_hmm migrated %llu of %lu pages of %s", (unsigned long long)cmd.cpages, nr, f->name);
	free(bounce);
}

static void dump_all(void)
{
	int i;

	for (i = 0; i < MAX_FOLIOS; i++)
		if (slots[i].pfn && probe_cmd("dump %s %s %lu %lu", slots[i].driver, slots[i].name,
					      slots[i].pfn, slots[i].npages))
			fail("the probe could not dump %s", slots[i].name);
}

/* Runs one command; returns 1 when its effect is done by the next step (no dump now). */
static int run(char **w, int n, const char *next)
{
	struct folio_slot *f;

	if (!strcmp(w[0], "dmirror") && n >= 2) {
		/* test_hmm's devices 0 and 1 are PRIVATE, 2 and 3 COHERENT (when given spm_addr_dev0/1). */
		const char *dev = n > 3 && !strcmp(w[3], "COHERENT") ? "/dev/hmm_dmirror2" : "/dev/hmm_dmirror0";

		if (n > 3 && strcmp(w[3], "PRIVATE") && strcmp(w[3], "COHERENT"))
			fail("dmirror %s: test_hmm has PRIVATE and COHERENT devices only", w[3]);
		dev_fd = open(dev, O_RDWR);
		if (dev_fd < 0)
			fail("open %s: %s (is test_hmm loaded, with spm_addr_dev0/1 for COHERENT?)", dev, strerror(errno));
		return 0;
	}
	if (!strcmp(w[0], "alloc") && n >= 5 && !strcmp(w[3], "order")) {
		unsigned long order = strtoul(w[4], NULL, 0);

		if (order != 0 && order != 9)
			fail("test_hmm allocates order 0 or 9, not %lu", order);
		if (order && !kernel_has_large_device_folios())
			fail("this kernel has no large device-private folios");
		f = slot(w[1], 1);
		snprintf(f->driver, sizeof(f->driver), "%s", w[2]);
		f->npages = 1UL << order;
		if (mmap((void *)f->addr, f->npages * PAGE_SZ, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)f->addr)
			fail("mmap at 0x%lx: %s", f->addr, strerror(errno));
		if (order && madvise((void *)f->addr, f->npages * PAGE_SZ, MADV_HUGEPAGE))
			fail("madvise(MADV_HUGEPAGE): %s", strerror(errno));
		f->mapped = 1;
		if (!next || strncmp(next, "map ", 4))
			fail("alloc %s must be followed by map %s (one MIGRATE_TO_DEV ioctl)", w[1], w[1]);
		probe_cmd("say merged into the next step: HMM_DMIRROR_MIGRATE_TO_DEV allocates and maps in one ioctl");
		return 1;
	}
	if (!strcmp(w[0], "map") && n >= 3) {
		unsigned long i;

		f = slot(w[1], 0);
		dmirror_ioctl(HMM_DMIRROR_MIGRATE_TO_DEV, f, 0, f->npages);
		f->pfn = device_pfn(f->addr);
		for (i = 1; i < f->npages; i++)
			if (device_pfn(f->addr + i * PAGE_SZ) != f->pfn + i)
				fail("%s: page %lu is not at pfn 0x%lx + %lu", f->name, i, f->pfn, i);
		return 0;
	}
	if (!strcmp(w[0], "unmap") && n >= 3) {
		f = slot(w[1], 0);
		if (!strcmp(w[2], "all")) {
			if (!next || strncmp(next, "free ", 5))
				fail("unmap %s all must be followed by free %s (one munmap)", w[1], w[1]);
			probe_cmd("say merged into the next step: munmap() unmaps and drops the last reference at once");
			return 1;
		}
		if (n < 4)
			fail("unmap NAME FIRST NR");
		if (munmap((void *)(f->addr + strtoul(w[2], NULL, 0) * PAGE_SZ), strtoul(w[3], NULL, 0) * PAGE_SZ))
			fail("munmap: %s", strerror(errno));
		return 0;
	}
	if (!strcmp(w[0], "free") && n >= 2) {
		f = slot(w[1], 0);
		if (f->mapped && munmap((void *)f->addr, f->npages * PAGE_SZ))
			fail("munmap: %s", strerror(errno));
		f->mapped = 0;
		return 0;
	}
	if (!strcmp(w[0], "migrate") && n >= 2) {
		f = slot(w[1], 0);
		dmirror_ioctl(HMM_DMIRROR_MIGRATE_TO_SYS, f, 0, f->npages);
		return 0;
	}
	if (!strcmp(w[0], "split"))
		fail("the kernel splits a device-private folio only while it migrates it back (migrate_vma_split_folio()), in the same ioctl: not a step of its own here");
	if (!strcmp(w[0], "shrink")) {
		int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

		if (fd < 0 || write(fd, "2", 1) != 1)
			fail("drop_caches: %s", strerror(errno));
		close(fd);
		return 0;
	}
	fail("\"%s\" is not a command dmirror_steps runs", w[0]);
	return 0;
}

static char *strip(char *l)
{
	char *hash = strchr(l, '#'), *end;

	if (hash)
		*hash = 0;
	while (*l == ' ' || *l == '\t')
		l++;
	end = l + strlen(l);
	while (end > l && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		*--end = 0;
	return l;
}

int main(int argc, char **argv)
{
	static char text[65536];
	char *lines[512], *p = text, *w[16];
	int nr = 0, i, step = 0;
	size_t len;
	FILE *in;

	if (argc != 2) {
		fprintf(stderr, "usage: dmirror_steps FILE.scn\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		fprintf(stderr, "dmirror_steps: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	len = fread(text, 1, sizeof(text) - 1, in);
	fclose(in);
	text[len] = 0;
	while (p && nr < 512)
		lines[nr++] = strsep(&p, "\n");
	for (i = 0; i < nr; i++)
		lines[i] = strip(lines[i]);

	for (i = 0; i < nr; i++) {
		char copy[512], *c = copy, *tok;
		const char *next = NULL;
		int n = 0, j;

		line_no = i + 1;
		if (!*lines[i])
			continue;
		if (!strncmp(lines[i], "scenario ", 9)) {
			probe_cmd("say begin %s", lines[i] + 9);
			continue;
		}
		for (j = i + 1; j < nr && !next; j++)
			if (*lines[j])
				next = lines[j];
		probe_cmd("say step %d %s", ++step, lines[i]);
		snprintf(copy, sizeof(copy), "%s", lines[i]);
		while ((tok = strsep(&c, " \t")) && n < 16)
			if (*tok)
				w[n++] = tok;
		if (!run(w, n, next))
			dump_all();
	}
	probe_cmd("say end ok");
	return 0;
}
