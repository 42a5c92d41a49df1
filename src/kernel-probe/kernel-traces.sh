#!/usr/bin/env bash
# kernel-traces: golden traces from real Linux kernels (./workbook kernel-traces).
#
# For each kernel in packages.pin: fetch Debian's source package with a private apt configuration
# (the system's apt sources are never touched), build a minimal kernel (tinyconfig + probe.config),
# build our probe module and test_hmm's hmm-tests, pack an initramfs with busybox-static, boot it
# under QEMU with a hard time limit, and cut the serial log into one golden trace per sequence of
# examples/kernel/*.scn. Everything is cached under $MEMREMAP_LAB_CACHE (default ~/.cache/memremap-lab):
# downloads by checksum, kernel trees by the hash of what they are built from, and the traces by
# the hash of every input, so that a run with nothing changed boots nothing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${MEMREMAP_LAB_CACHE:-$HOME/.cache/memremap-lab}"
GOLDEN="$ROOT/src/main/resources/lab/memremap/golden"
SEQUENCES="$ROOT/examples/kernel"
BOOT_TIMEOUT="${KERNEL_TRACES_BOOT_TIMEOUT:-900}"
HMM_TEST_TIMEOUT="${KERNEL_TRACES_HMM_TEST_TIMEOUT:-30}"
JOBS="${KERNEL_TRACES_JOBS:-$(nproc)}"
# The downloaded .debs and the private apt lists (an empty directory here means a cold download).
DOWNLOADS="${KERNEL_TRACES_DOWNLOADS:-$CACHE}"
PIN="${KERNEL_TRACES_PIN:-$HERE/packages.pin}"
PACKAGES=(flex bison bc libelf-dev libssl-dev cpio qemu-system-x86 busybox-static gcc make libc6-dev xz-utils)

FORCE=0
ONLY=
usage() {
  cat <<EOF
Usage: ./workbook kernel-traces [--force] [--only 7.2|6.12]
  Builds each pinned kernel, boots it under QEMU with our probe, and writes the golden traces to
  src/main/resources/lab/memremap/golden/linux-<series>/. A run with nothing changed boots nothing.
  --force      boot again even if nothing changed (the traces must come out identical)
  --only S     only the kernel series S
Environment: MEMREMAP_LAB_CACHE (cache dir), KERNEL_TRACES_DOWNLOADS (where the .debs and the private
  apt lists go; default the cache dir), KERNEL_TRACES_PIN (default src/kernel-probe/packages.pin),
  KERNEL_TRACES_BOOT_TIMEOUT (s, default 900), KERNEL_TRACES_HMM_TEST_TIMEOUT (s per hmm-test,
  default 30), KERNEL_TRACES_JOBS (make -j).
EOF
}
while (($#)); do
  case "$1" in
  --force) FORCE=1 ;;
  --only) ONLY="$2"; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
  esac
  shift
done

die() {
  printf 'kernel-traces: error: %s\n' "$1" >&2
  shift
  local l
  for l in "$@"; do printf '  %s\n' "$l" >&2; done
  exit 1
}
say() { printf '%s\n' "$*"; }

# Phase times, printed at the end and on every phase line.
PHASES=()
phase_start=$SECONDS
phase() { # phase NAME: closes the running phase
  local now=$SECONDS
  PHASES+=("$(printf '%-34s %4ds' "$1" $((now - phase_start)))")
  say "kernel-traces: [$1] done in $((now - phase_start))s"
  phase_start=$now
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# ---------------------------------------------------------------------------------------------
# Build tools, from Debian

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ "$(id -u)" == 0 ]] || die "kernel-traces needs Debian packages: ${missing[*]}" \
    "sudo apt-get install -y --no-install-recommends ${missing[*]}"
  say "kernel-traces: installing ${missing[*]}"
  mkdir -p "$CACHE"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    "${missing[@]}" >"$CACHE/apt-install.log" 2>&1 ||
    die "apt-get install ${missing[*]} failed; see $CACHE/apt-install.log"
}

# ---------------------------------------------------------------------------------------------
# Source packages, through a private apt configuration

APT_DIR="$DOWNLOADS/apt"
private_apt() {
  apt-get -o Dir::Etc::sourcelist="$APT_DIR/sources.list" -o Dir::Etc::sourceparts=/dev/null \
    -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache" \
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

APT_UPDATED=0
private_apt_update() {
  ((APT_UPDATED)) && return 0
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  cat >"$APT_DIR/sources.list" <<EOF
deb http://deb.debian.org/debian sid main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
  say "kernel-traces: apt-get update (private lists in $APT_DIR)"
  private_apt update -qq >"$CACHE/apt-update.log" 2>&1 || die "private apt-get update failed; see $CACHE/apt-update.log"
  APT_UPDATED=1
}

# fetch_package PKG VERSION SHA256: sets DEB to a verified .deb (the pinned one, or the newest of
# the package when the archive no longer has the pinned version; then DEB_NEWER=1).
DEB=
DEB_NEWER=0
fetch_package() {
  local pkg=$1 version=$2 want=$3 file
  DEB_NEWER=0
  mkdir -p "$DOWNLOADS/debs"
  file="$DOWNLOADS/debs/${pkg}_${version//:/%3a}_all.deb"
  if [[ -f "$file" && "$(sha256 "$file")" == "$want" ]]; then
    DEB="$file"
    return 0
  fi
  private_apt_update
  say "kernel-traces: downloading $pkg=$version"
  if (cd "$DOWNLOADS/debs" && private_apt download "$pkg=$version" >"$CACHE/apt-download.log" 2>&1); then
    [[ "$(sha256 "$file")" == "$want" ]] ||
      die "$file has sha256 $(sha256 "$file"), but packages.pin says $want." \
        "Debian re-built the package under the same version, or the download is corrupt: check, then update packages.pin."
    DEB="$file"
    return 0
  fi
  local newest
  newest="$(private_apt policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ -n "$newest" && "$newest" != "(none)" ]] ||
    die "Debian has no package $pkg any more (private apt lists in $APT_DIR); see $CACHE/apt-download.log"
  say "kernel-traces: $pkg=$version is gone from the archive; taking the newest, $newest"
  (cd "$DOWNLOADS/debs" && private_apt download "$pkg=$newest" >"$CACHE/apt-download.log" 2>&1) ||
    die "apt-get download $pkg=$newest failed; see $CACHE/apt-download.log"
  DEB="$DOWNLOADS/debs/${pkg}_${newest//:/%3a}_all.deb"
  DEB_NEWER=1
  NEWER_NOTES+=("$pkg: pinned $version is gone; used $newest (sha256 $(sha256 "$DEB")); update packages.pin after reviewing the trace differences")
}
NEWER_NOTES=()

# unpack_source PKG DEB: sets SRC to the unpacked kernel tree of DEB. An existing tree of the same
# kernel version is used as it is (it is read only: every build is out of tree).
SRC=
unpack_source() {
  local pkg=$1 deb=$2 upstream dir tarball
  upstream="$(dpkg-deb -f "$deb" Version)"
  upstream="${upstream%%-*}"
  dir="$CACHE/kernel-src/$pkg"
  if [[ -f "$dir/Makefile" && "$(tree_version "$dir")" != "$upstream" ]]; then
    dir="$CACHE/kernel-src/$pkg-$upstream"
  fi
  if [[ -f "$dir/Makefile" && "$(tree_version "$dir")" == "$upstream" ]]; then
    SRC="$dir"
    return 0
  fi
  say "kernel-traces: unpacking $(basename "$deb")"
  local x="$CACHE/kernel-src/x-$(basename "$deb")"
  rm -rf "$x" "$dir.partial"
  mkdir -p "$x" "$dir.partial"
  dpkg-deb -x "$deb" "$x"
  tarball="$(find "$x/usr/src" -maxdepth 1 -name "$pkg.tar.*" | head -n 1)"
  [[ -n "$tarball" ]] || die "$(basename "$deb") holds no $pkg.tar.* under /usr/src"
  tar -xf "$tarball" -C "$dir.partial" --strip-components=1
  rm -rf "$x"
  mv "$dir.partial" "$dir"
  SRC="$dir"
}

tree_version() {
  awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2} END{print v "." p "." s}' "$1/Makefile"
}

# ---------------------------------------------------------------------------------------------
# Kernel, probe, hmm-tests, initramfs

# The build facts /proc/version prints, fixed so that a build on any machine prints the same line
# (and so the same trace header): the user and host are ours, the time is the source package's
# (its Makefile's date, which tar keeps), the build number is 1. The compiler and linker versions
# stay as they are, since they shape the code: TOOLCHAIN is part of every cache key, and a machine
# with another toolchain regenerates and reports the changed header.
reproducible_build_env() {
  export KBUILD_BUILD_USER=memremap-lab KBUILD_BUILD_HOST=kernel-traces KBUILD_BUILD_VERSION=1
  KBUILD_BUILD_TIMESTAMP="$(LC_ALL=C TZ=UTC date -u -d "@$(stat -c %Y "$SRC/Makefile")" '+%a %b %e %H:%M:%S UTC %Y')"
  export KBUILD_BUILD_TIMESTAMP
}
TOOLCHAIN="$(gcc --version | head -n 1); $(ld --version | head -n 1)"

# build_kernel SERIES: sets BUILD to an out-of-tree build of $SRC with tinyconfig + probe.config.
BUILD=
build_kernel() {
  local series=$1 key stamp
  BUILD="$CACHE/build/linux-$series"
  reproducible_build_env
  key="$(cat "$SRC/Makefile" "$HERE/probe.config" | sha256sum | cut -d' ' -f1) $(tree_version "$SRC") $TOOLCHAIN"
  key+=" $KBUILD_BUILD_USER@$KBUILD_BUILD_HOST #$KBUILD_BUILD_VERSION $KBUILD_BUILD_TIMESTAMP"
  stamp="$BUILD/.memremap-lab-built"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$key" && -f "$BUILD/arch/x86/boot/bzImage" ]]; then
    say "kernel-traces: linux $series: kernel build is up to date ($BUILD)"
    return 0
  fi
  mkdir -p "$BUILD"
  rm -f "$stamp"
  say "kernel-traces: linux $series: configuring (tinyconfig + src/kernel-probe/probe.config)"
  make -s -C "$SRC" O="$BUILD" tinyconfig >"$BUILD/config.log" 2>&1 || die "make tinyconfig failed; see $BUILD/config.log"
  (cd "$SRC" && scripts/kconfig/merge_config.sh -m -O "$BUILD" "$BUILD/.config" "$HERE/probe.config") >>"$BUILD/config.log" 2>&1 ||
    die "merging probe.config failed; see $BUILD/config.log"
  make -s -C "$SRC" O="$BUILD" olddefconfig >>"$BUILD/config.log" 2>&1 || die "make olddefconfig failed; see $BUILD/config.log"
  local opt bad=()
  for opt in $(grep -o '^CONFIG_[A-Za-z0-9_]*=[ym]' "$HERE/probe.config"); do
    grep -qx "$opt" "$BUILD/.config" || bad+=("$opt")
  done
  ((${#bad[@]} == 0)) || die "linux $series does not accept these options of probe.config: ${bad[*]}" \
    "(a dependency is missing or the option was renamed; see make menuconfig in $BUILD)"
  say "kernel-traces: linux $series: building bzImage and modules with -j$JOBS (log: $BUILD/build.log)"
  local t=$SECONDS
  make -C "$SRC" O="$BUILD" -j"$JOBS" bzImage modules >"$BUILD/build.log" 2>&1 ||
    die "the linux $series build failed; last lines of $BUILD/build.log:" "$(tail -n 15 "$BUILD/build.log")"
  make -s -C "$SRC" O="$BUILD" headers >>"$BUILD/build.log" 2>&1 || die "make headers failed; see $BUILD/build.log"
  say "kernel-traces: linux $series: built in $((SECONDS - t))s"
  echo "$key" >"$stamp"
}

# build_probe SERIES: builds memremap_probe.ko against $BUILD (in a copy: kbuild writes beside the source).
PROBE_KO=
build_probe() {
  local series=$1 dir="$CACHE/build/probe-$series"
  # From scratch: objects of a build against an earlier config of the kernel load with bad relocations.
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$HERE/memremap_probe.c" "$HERE/Kbuild" "$dir/"
  make -s -C "$BUILD" M="$dir" modules >"$dir/build.log" 2>&1 ||
    die "building the probe for linux $series failed:" "$(grep -E 'error|warning' "$dir/build.log" | head -n 20)"
  if grep -q 'warning:' "$dir/build.log"; then
    die "the probe builds with warnings for linux $series:" "$(grep 'warning:' "$dir/build.log" | head -n 10)"
  fi
  PROBE_KO="$dir/memremap_probe.ko"
}

# build_hmm_tests SERIES: tools/testing/selftests/mm/hmm-tests of the same tree, static.
HMM_TESTS=
build_hmm_tests() {
  local series=$1 dir="$CACHE/build/hmm-tests-$series" st="$SRC/tools/testing/selftests"
  HMM_TESTS="$dir/hmm-tests"
  local extra=()
  [[ -f "$st/mm/vm_util.c" ]] && extra+=("$st/mm/vm_util.c")
  [[ -f "$st/mm/thp_settings.c" ]] && extra+=("$st/mm/thp_settings.c")   # 6.12 has this one
  [[ -f "$st/mm/hugepage_settings.c" ]] && extra+=("$st/mm/hugepage_settings.c")
  # The harness prints __FILE__ in its failure lines: name the tree as the package does, not as our
  # cache path, so the serial log does not depend on where the cache lives.
  local cmd=(gcc -static -O2 -Wno-unused-result -fmacro-prefix-map="$SRC"=linux-source-"$series"
    -isystem "$BUILD/usr/include" -I"$st" -I"$st/mm" -I"$SRC/tools/include" -I"$SRC/tools/include/uapi" -I"$SRC"
    -o "$HMM_TESTS" "$st/mm/hmm-tests.c" "${extra[@]}" -lpthread -lm)
  # Rebuilt when the sources, the kernel or the command line changed.
  [[ -x "$HMM_TESTS" && "$HMM_TESTS" -nt "$st/mm/hmm-tests.c" && "$HMM_TESTS" -nt "$BUILD/.memremap-lab-built" \
    && "$(cat "$dir/command" 2>/dev/null)" == "${cmd[*]}" ]] && return 0
  mkdir -p "$dir"
  rm -f "$dir/command"
  if "${cmd[@]}" >"$dir/build.log" 2>&1; then
    printf '%s' "${cmd[*]}" >"$dir/command"
  else
    say "kernel-traces: linux $series: hmm-tests did not build (see $dir/build.log); the boot runs without it"
    HMM_TESTS=
  fi
}

# build_dmirror_steps SERIES: our static helper that drives test_hmm (it includes the tree's
# lib/test_hmm_uapi.h, as hmm-tests does).
DMIRROR_STEPS=
build_dmirror_steps() {
  local series=$1 dir="$CACHE/build/dmirror-steps-$series"
  mkdir -p "$dir"
  DMIRROR_STEPS="$dir/dmirror_steps"
  gcc -static -O2 -Wall -Wextra -Werror -I"$SRC" -isystem "$BUILD/usr/include" -o "$DMIRROR_STEPS" \
    "$HERE/dmirror_steps.c" >"$dir/build.log" 2>&1 ||
    die "building dmirror_steps for linux $series failed:" "$(head -n 20 "$dir/build.log")"
}

# make_initramfs SERIES: busybox, /init, the probe, test_hmm.ko, hmm-tests and the sequences.
INITRAMFS=
make_initramfs() {
  local series=$1 dir="$CACHE/build/initramfs-$series"
  rm -rf "$dir/root"
  mkdir -p "$dir/root"/{bin,dev,proc,sys,tmp,lib/modules,scn}
  cp /bin/busybox "$dir/root/bin/busybox"
  file -L "$dir/root/bin/busybox" 2>/dev/null | grep -q 'statically linked' ||
    ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' || die "/bin/busybox is not static: install busybox-static"
  cp "$HERE/init.sh" "$dir/root/init"
  chmod +x "$dir/root/init"
  cp "$PROBE_KO" "$dir/root/lib/modules/"
  cp "$DMIRROR_STEPS" "$dir/root/bin/dmirror_steps"
  local hmm
  hmm="$(find "$BUILD/lib" -name test_hmm.ko | head -n 1)"
  [[ -n "$hmm" ]] && cp "$hmm" "$dir/root/lib/modules/"
  if [[ -n "$HMM_TESTS" ]]; then
    cp "$HMM_TESTS" "$dir/root/bin/hmm-tests"
    # The benchmark measures speed, which means nothing under emulation.
    hmm_tests_list "$HMM_TESTS" | grep -v '\.benchmark_' >"$dir/root/hmm-tests.list"
  fi
  cp "$SEQUENCES"/*.scn "$dir/root/scn/"
  echo "$HMM_TEST_TIMEOUT" >"$dir/root/hmm-test-timeout"
  (cd "$dir/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet >"$dir/initramfs.cpio")
  INITRAMFS="$dir/initramfs.cpio"
}

# hmm_tests_list BINARY: FIXTURE.VARIANT.TEST of every test, from the harness's -l table (a fixture's
# variants and tests are listed side by side, in columns of 20 and 25 characters).
hmm_tests_list() {
  # -l exits non-zero after listing.
  { "$1" -l 2>&1 || true; } | awk '
    function flush(  i, j) { for (i = 1; i <= nv || (nv == 0 && i == 1); i++) for (j = 1; j <= nt; j++)
                             print f "." (nv ? v[i] "." : "") t[j]; nv = 0; nt = 0 }
    /^# / { next }   # the header, and "# [INFO]" lines the test prints while listing
    /^-----/ { flush(); next }
    { a = substr($0, 1, 20); b = substr($0, 22, 25); c = substr($0, 48)
      gsub(/ /, "", a); gsub(/ /, "", b); gsub(/ /, "", c)
      if (a != "") f = a; if (b != "") v[++nv] = b; if (c != "") t[++nt] = c }
    END { flush() }'
}

# 640 MiB at 512 MiB reserved (memmap=nn$ss; QEMU gets 1.5 GiB so 896 MiB stay System RAM): a
# physical range that is not System RAM, which test_hmm's two DEVICE_COHERENT devices need (init.sh
# passes spm_addr_dev0/1, 256 MiB each), so that the coherent sequences and hmm-tests'
# hmm_device_coherent variants run; the last 128 MiB are the probe's COHERENT pgmaps (phys=).
SPM_RESERVE='memmap=640M$0x20000000'

# A preset delay-loop calibration: measured, it would differ from machine to machine and boot to
# boot in the serial log ("Calibrating delay loop ... BogoMIPS"). Nothing traced depends on it.
# Likewise -icount (the guest's clock counts instructions, so the TSC and APIC timer calibrations
# come out the same however loaded the host is) and norandmaps (no user address randomisation).
LPJ=309248

# boot SERIES LOG: QEMU, no KVM, with a hard time limit; /init ends with reboot -f and -no-reboot
# makes QEMU exit then (a minimal config has no ACPI power-off).
boot() {
  local series=$1 log=$2 rc=0
  say "kernel-traces: linux $series: booting under QEMU (limit ${BOOT_TIMEOUT}s, serial log: $log)"
  timeout --kill-after=10 "$BOOT_TIMEOUT" qemu-system-x86_64 -machine pc -cpu qemu64 -m 1536M -smp 1 -icount shift=0,sleep=off \
    -no-reboot -display none -monitor none -serial "file:$log" \
    -kernel "$BUILD/arch/x86/boot/bzImage" -initrd "$INITRAMFS" \
    -append "console=ttyS0 loglevel=7 panic=-1 printk.time=0 lpj=$LPJ initramfs_async=0 i8042.noaux norandmaps $SPM_RESERVE" || rc=$?
  ((rc != 124 && rc != 137)) || die "the linux $series boot did not finish within ${BOOT_TIMEOUT}s; last lines of $log:" \
    "$(tail -n 20 "$log")"
  ((rc == 0)) || die "qemu-system-x86_64 exited with $rc; see $log"
  grep -q '^kernel-traces: done' "$log" || die "the linux $series boot stopped before /init finished; last lines of $log:" \
    "$(tail -n 20 "$log")"
}

# ---------------------------------------------------------------------------------------------
# Traces

# inputs_key SERIES DEB: what a trace depends on; equal keys mean booting again would change nothing.
inputs_key() {
  {
    sha256 "$2"
    cat "$HERE/probe.config" "$HERE/memremap_probe.c" "$HERE/dmirror_steps.c" "$HERE/init.sh" "$HERE/kernel-traces.sh" "$SEQUENCES"/*.scn
    echo "$HMM_TEST_TIMEOUT $TOOLCHAIN"
  } | sha256sum | cut -d' ' -f1
}

# write_traces SERIES LOG DEB PKG: one trace per sequence that ran to its end, headed by where it came from.
write_traces() {
  local series=$1 log=$2 deb=$3 pkg=$4 key=$5 out="$GOLDEN/linux-$series"
  local version debver
  version="$(sed -n 's/^kernel-traces: version: //p' "$log" | tr -d '\r' | head -n 1)"
  debver="$(dpkg-deb -f "$deb" Version)"
  mkdir -p "$out"
  rm -f "$out"/*.trace
  # The serial log as it came, without carriage returns. A WARN splat's registers and "? " stack
  # guesses change from boot to boot (address-space randomisation, interrupt timing); when they are
  # all that changed, the committed log stays, so a regeneration leaves the repository as it was.
  tr -d '\r' <"$log" >"$CACHE/serial-$series.new"
  if [[ -f "$out/serial.log" ]] && cmp -s "$out/serial.log" "$CACHE/serial-$series.new"; then
    say "kernel-traces: linux $series: serial.log is byte for byte the committed one"
  elif [[ -f "$out/serial.log" ]] && cmp -s <(volatile_lines_out <"$out/serial.log") <(volatile_lines_out <"$CACHE/serial-$series.new"); then
    say "kernel-traces: linux $series: serial.log differs only in WARN registers, stack guesses and sched_clock's nanoseconds; kept"
  else
    cp "$CACHE/serial-$series.new" "$out/serial.log"
  fi
  local cfg="CONFIG_MM_ID=$(cfgval MM_ID) CONFIG_MEMCG=$(cfgval MEMCG) CONFIG_TRANSPARENT_HUGEPAGE=$(cfgval TRANSPARENT_HUGEPAGE)"
  cfg+=" CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP=$(cfgval HUGETLB_PAGE_OPTIMIZE_VMEMMAP) CONFIG_DEBUG_VM=$(cfgval DEBUG_VM)"
  cfg+=" CONFIG_SMP=$(cfgval SMP) CONFIG_PAGE_MAPCOUNT=$(cfgval PAGE_MAPCOUNT) CONFIG_BUG=$(cfgval BUG)"
  local scnfile id
  for scnfile in "$SEQUENCES"/*.scn; do
    local name
    name="$(basename "$scnfile" .scn)"
    # The probe's lines for this sequence, from "run NAME" to the probe's "end".
    awk -v n="$name" '
      $0 == "kernel-traces: run " n { on = 1; next }
      on && /^kernel-traces: run / { exit }
      on { sub(/^\[[ 0-9.]*\] /, "") }
      on && /^memremap_probe: end / { sub(/^memremap_probe: /, ""); print; exit }
      on && /^memremap_probe: / { sub(/^memremap_probe: /, ""); print }
      on && /^(WARNING|BUG|Oops|------------\[ cut here)/ { print "kernel: " $0 }' "$CACHE/serial-$series.new" >"$CACHE/trace-$series.tmp"
    if ! grep -q '^end ok$' "$CACHE/trace-$series.tmp"; then
      SKIPPED+=("linux $series: $name: $(grep -E '^(line|end)' "$CACHE/trace-$series.tmp" | head -n 2 | tr '\n' ' ')")
      continue
    fi
    {
      echo "# golden trace: $name on Linux $series, made by ./workbook kernel-traces from examples/kernel/$name.scn"
      echo "# kernel: $version"
      echo "# source: $pkg $debver sha256 $(sha256 "$deb")"
      echo "# config: tinyconfig + src/kernel-probe/probe.config; $cfg; struct page 64 bytes"
      echo "# probe: src/kernel-probe/memremap_probe.c sha256 $(sha256 "$HERE/memremap_probe.c")"
      echo "# inputs: $key"
      echo "# raw serial log: serial.log"
      sed 's/^/# seq: /' "$scnfile"
      cat "$CACHE/trace-$series.tmp"
    } >"$out/$name.trace"
    WRITTEN+=("${out#"$ROOT"/}/$name.trace")
  done
  # hmm-tests: one line per test, from the harness's TAP lines and our exit lines.
  {
    echo "# hmm-tests of $pkg $debver (tools/testing/selftests/mm/hmm-tests.c), run by /init in the same boot"
    echo "# kernel: $version"
    echo "# one process per test, limit ${HMM_TEST_TIMEOUT}s each (timeout(1)); TIMEOUT = killed at the limit"
    awk '
      /^kernel-traces: hmm-test [^ ]+$/ { t = $3; r = ""; next }
      /^kernel-traces: hmm-tests not available/ { print "not run: hmm-tests or test_hmm.ko did not build"; next }
      t != "" && /^ok [0-9]+ / { r = ($0 ~ /# SKIP/) ? "SKIP" : "PASS"; why = $0; sub(/^.*# SKIP */, "", why); next }
      t != "" && /^not ok [0-9]+ / { r = "FAIL"; next }
      /^kernel-traces: hmm-test-exit / {
        if ($4 == 124 || $4 == 143) r = "TIMEOUT"
        if (r == "") r = "NO RESULT (exit " $4 ")"
        printf "%-8s %s%s\n", r, $3, (r == "SKIP" && why != "" ? "  (" why ")" : ""); t = ""; why = "" }' "$CACHE/serial-$series.new"
  } >"$out/hmm-tests.txt"
}
# The lines that still differ between two boots of the same kernel and initramfs: a WARN splat's
# registers and "? " stack guesses, and sched_clock's nanoseconds when it is marked stable.
volatile_lines_out() {
  grep -vE '^(RIP|RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR0|DR3|Code): |^ \? |^sched_clock: Marking stable '
}
cfgval() { sed -n "s/^CONFIG_$1=//p" "$BUILD/.config" | head -n 1 | grep . || echo n; }

# ---------------------------------------------------------------------------------------------

WRITTEN=()
SKIPPED=()
main() {
  [[ -d "$SEQUENCES" ]] || die "no sequences: $SEQUENCES is missing"
  install_packages
  phase "build tools (apt)"
  local pkg version want suite series
  while read -r pkg version want suite; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    series="${pkg#linux-source-}"
    [[ -n "$ONLY" && "$ONLY" != "$series" ]] && continue
    fetch_package "$pkg" "$version" "$want"
    unpack_source "$pkg" "$DEB"
    phase "linux $series: source package"
    local key out="$GOLDEN/linux-$series"
    key="$(inputs_key "$series" "$DEB")"
    if ((FORCE == 0)) && [[ -f "$out/serial.log" ]] && grep -qx "# inputs: $key" "$out"/*.trace 2>/dev/null; then
      say "kernel-traces: linux $series: traces are up to date (inputs $key); nothing to boot"
      phase "linux $series: up to date"
      continue
    fi
    build_kernel "$series"
    phase "linux $series: kernel build"
    build_probe "$series"
    build_hmm_tests "$series"
    build_dmirror_steps "$series"
    make_initramfs "$series"
    phase "linux $series: probe, hmm-tests, initramfs"
    local log="$CACHE/build/boot-$series.log"
    rm -f "$log"
    boot "$series" "$log"
    phase "linux $series: boot"
    local before
    before="$(mktemp -d)"
    cp "$out"/*.trace "$before/" 2>/dev/null || true
    write_traces "$series" "$log" "$DEB" "$pkg" "$key"
    report_changes "$series" "$before" "$out"
    rm -rf "$before"
    phase "linux $series: traces"
  done <"$PIN"
  mkdir -p "$GOLDEN"
  # The list the Java replay reads (class-path resources cannot be listed from a jar).
  (cd "$GOLDEN" && { echo "# written by ./workbook kernel-traces"; ls linux-*/*.trace 2>/dev/null | LC_ALL=C sort; }) >"$GOLDEN/index"
  say ""
  say "kernel-traces: phase times"
  printf '  %s\n' "${PHASES[@]}"
  ((${#WRITTEN[@]} == 0)) || { say "kernel-traces: wrote"; printf '  %s\n' "${WRITTEN[@]}"; }
  ((${#SKIPPED[@]} == 0)) || { say "kernel-traces: sequences the kernel could not run (no trace)"; printf '  %s\n' "${SKIPPED[@]}"; }
  ((${#NEWER_NOTES[@]} == 0)) || { say "kernel-traces: NOTE"; printf '  %s\n' "${NEWER_NOTES[@]}"; }
}

# report_changes SERIES BEFORE AFTER: the differences a regeneration made (headers aside).
report_changes() {
  local f name changed=0
  for f in "$3"/*.trace; do
    name="$(basename "$f")"
    if [[ -f "$2/$name" ]] && ! diff -q <(grep -v '^# ' "$2/$name") <(grep -v '^# ' "$f") >/dev/null; then
      say "kernel-traces: linux $1: $name changed:"
      diff <(grep -v '^# ' "$2/$name") <(grep -v '^# ' "$f") | head -n 20 || true
      changed=1
    fi
  done
  ((changed)) || say "kernel-traces: linux $1: every trace line is as it was before"
}

# kernel-traces-selftest.sh sources this file to check its error messages with stand-ins.
[[ "${KERNEL_TRACES_SOURCE_ONLY:-0}" == 1 ]] || main
