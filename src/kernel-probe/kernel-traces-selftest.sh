#!/usr/bin/env bash
# kernel-traces-selftest: the error messages of kernel-traces.sh, checked in seconds with stand-ins
# for apt-get, make and qemu (no download, no kernel build, no boot). Each check runs one function of
# the script in a subshell and expects its message on stderr and a non-zero exit.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
FAILED=0

# stand_in NAME BODY: an executable NAME on PATH that runs BODY (sh).
mkdir -p "$WORK/bin"
stand_in() { printf '#!/bin/sh\n%s\n' "$2" >"$WORK/bin/$1"; chmod +x "$WORK/bin/$1"; }

# expect WHAT PATTERN -- COMMANDS...: COMMANDS must fail and print PATTERN (grep -E) on stderr.
expect() {
  local what=$1 pattern=$2
  shift 3
  local out rc
  out="$(cd "$WORK" && WORK="$WORK" PATH="$WORK/bin:$PATH" MEMREMAP_LAB_CACHE="$WORK/cache" KERNEL_TRACES_SOURCE_ONLY=1 \
    KERNEL_TRACES_BOOT_TIMEOUT=2 bash -c "source '$HERE/kernel-traces.sh'; $*" 2>&1 >/dev/null)"
  rc=$?
  if ((rc != 0)) && grep -qE "$pattern" <<<"$out"; then
    printf 'ok    %s\n' "$what"
  else
    printf 'FAIL  %s (exit %d); stderr:\n%s\n' "$what" "$rc" "$out"
    FAILED=1
  fi
}

# apt-get: the archive has no such package.
stand_in apt-get 'case "$*" in
  *" update"*) exit 0 ;;
  *" download "*) echo "E: Unable to locate package" >&2; exit 100 ;;
  *" policy "*) printf "x:\n  Candidate: (none)\n"; exit 0 ;;
esac; exit 1'
expect "a package Debian does not have" 'Debian has no package linux-source-9\.9' -- \
  fetch_package linux-source-9.9 9.9-1 0000

# apt-get: the download is not what packages.pin pins.
stand_in apt-get 'case "$*" in
  *" update"*) exit 0 ;;
  *" download "*) pv="${*##* }"; echo junk >"${pv%%=*}_${pv#*=}_all.deb"; exit 0 ;;
esac; exit 1'
expect "a checksum that is not the pinned one" 'has sha256 [0-9a-f]{64}, but packages.pin says 0000' -- \
  fetch_package linux-source-9.9 9.9-1 0000

# make: configuring works, the build itself breaks.
mkdir -p "$WORK/src/scripts/kconfig"
printf 'VERSION = 9\nPATCHLEVEL = 9\nSUBLEVEL = 0\n' >"$WORK/src/Makefile"
printf '#!/bin/sh\nexit 0\n' >"$WORK/src/scripts/kconfig/merge_config.sh"
chmod +x "$WORK/src/scripts/kconfig/merge_config.sh"
stand_in make "for a in \"\$@\"; do case \"\$a\" in O=*) out=\${a#O=} ;; esac; done
case \"\$*\" in
  *tinyconfig*|*olddefconfig*) grep '^CONFIG_' '$HERE/probe.config' >\"\$out/.config\"; exit 0 ;;
  *bzImage*) echo 'mm/memremap.c:1:1: error: stand-in build failure'; exit 2 ;;
esac; exit 0"
expect "a kernel build that breaks" 'the linux 9\.9 build failed; last lines of .*build\.log' -- \
  'SRC="$WORK/src"; build_kernel 9.9' 
expect "the build's own error line is shown" 'stand-in build failure' -- 'SRC="$WORK/src"; build_kernel 9.9'

# qemu: the boot never ends.
stand_in qemu-system-x86_64 'sleep 60'
expect "a boot that times out" 'the linux 9\.9 boot did not finish within 2s' -- \
  'BUILD="$WORK"; INITRAMFS=/dev/null; boot 9.9 "$WORK/boot.log"'

# qemu: the guest stops before /init is done.
stand_in qemu-system-x86_64 'for a in "$@"; do case "$a" in file:*) echo "Kernel panic - not syncing" >"${a#file:}" ;; esac; done; exit 0'
expect "a boot that stops early" 'the linux 9\.9 boot stopped before /init finished' -- \
  'BUILD="$WORK"; INITRAMFS=/dev/null; boot 9.9 "$WORK/boot.log"'

exit $FAILED
