#!/bin/busybox sh
# /init of the kernel-traces initramfs: run every sequence with the probe, then hmm-tests, then
# reboot -f (QEMU runs with -no-reboot, so it exits). Lines starting "kernel-traces:" are read back
# by kernel-traces.sh.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
echo "kernel-traces: version: $(cat /proc/version)"

# The kernel command line reserves 0x20000000-0x47ffffff (memmap=640M$0x20000000): test_hmm's
# coherent devices (/dev/hmm_dmirror2, 3) take 256 MiB of it each, the probe the last 128 MiB.
load_test_hmm() {
	[ -d /sys/module/test_hmm ] ||
		insmod /lib/modules/test_hmm.ko spm_addr_dev0=0x20000000 spm_addr_dev1=0x30000000
}

# A sequence with a "dmirror" driver uses test_hmm's memory from a process: dmirror_steps runs it
# and the probe, loaded without scn=, dumps on its request.
for scn in /scn/*.scn; do
	name=$(basename "$scn" .scn)
	echo "kernel-traces: run $name"
	if grep -q '^dmirror ' "$scn"; then
		if [ -x /bin/dmirror_steps ] && [ -f /lib/modules/test_hmm.ko ] && load_test_hmm &&
			insmod /lib/modules/memremap_probe.ko; then
			/bin/dmirror_steps "$scn"
			rc=$?
			rmmod memremap_probe
		else
			echo "memremap_probe: line 1: dmirror_steps, test_hmm.ko or the probe is missing"
			rc=1
		fi
		echo "kernel-traces: probe exit $rc"
		continue
	fi
	# 0x40000000-0x47ffffff of the reserved range is the probe's, for COHERENT pgmaps.
	insmod /lib/modules/memremap_probe.ko scn="$scn" phys=0x40000000 phys_size=0x8000000 &&
		rmmod memremap_probe
	echo "kernel-traces: probe exit $?"
done

if [ -x /bin/hmm-tests ] && [ -f /lib/modules/test_hmm.ko ]; then
	limit=$(cat /hmm-test-timeout)
	echo "kernel-traces: hmm-tests (per-test limit ${limit}s)"
	load_test_hmm
	mkdir -p /dev/hugepages
	# One process per test (FIXTURE.VARIANT.TEST, listed at build time), each under its own limit.
	while read -r t; do
		echo "kernel-traces: hmm-test $t"
		timeout "$limit" /bin/hmm-tests -r "$t" 2>&1
		rc=$?
		echo "kernel-traces: hmm-test-exit $t $rc"
	done </hmm-tests.list
else
	echo "kernel-traces: hmm-tests not available"
fi
echo "kernel-traces: done"
reboot -f
