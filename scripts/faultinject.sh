#!/usr/bin/env bash
# make faultinject: allocation-failure injection in the debug kernel (built
# with FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and their debugfs knobs).
# The guest (tests/faultinject/run.sh) fails the 1st, 2nd, ... allocation of
# each operation through /proc/<task>/fail-nth until one run completes
# without an injected failure, and checks that each failure unwinds: a
# sensible errno, a clean state, no splat, success on the next attempt;
# kmemleak scans after everything is unloaded.
#
# usage: scripts/faultinject.sh [LIMIT]
#   LIMIT: the last n injected per operation (default $AMP_FI_LIMIT, else 0:
#          no limit, every operation runs to the end). From n=1 that is at
#          most LIMIT failures; with AMP_FI_FIRST it is still the last n.
#   AMP_FI_OPS: the operations (default: all; see tests/faultinject/run.sh).
#   AMP_FI_FIRST: the first n to inject (default 1; re-runs a sweep's tail).
# Prints one result line per (operation, n), then `N passed, N failed`.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/guest.sh"
. "$AMP_TOP/scripts/lib/e2e.sh"

limit=${1:-${AMP_FI_LIMIT:-0}}
case "$limit" in '' | *[!0-9]*) amp_die "LIMIT must be a number, not '$limit'" ;; esac
ops=${AMP_FI_OPS:-}
first=${AMP_FI_FIRST:-1}
case "$first" in '' | *[!0-9]* | 0) amp_die "AMP_FI_FIRST must be a number from 1, not '$first'" ;; esac

amp_apt_bookworm
work=$AMP_OUT/faultinject
rm -rf "$work"
mkdir -p "$work"
kdir=$("$AMP_TOP/scripts/build-test-kernel.sh")
grep -qx 'CONFIG_FAILSLAB=y' "$kdir/.config" || amp_die "$kdir: no CONFIG_FAILSLAB"
rel=$(cat "$kdir/kernelrelease")
if ! bdir=$(amp_kbuild_test "$kdir"); then
	result 0 faultinject.build "log: $AMP_OUT/build/$(amp_kbuild_test_name "$kdir").log"
	amp_summary
	exit 1
fi
payload=$work/payload
amp_e2e_payload amd64 "$payload"
mkdir -p "$payload/faultinject"
cp "$AMP_TOP/tests/faultinject/run.sh" "$payload/faultinject/"
gcc -static -O2 -Wall -Wextra -Werror -I"$AMP_TOP/include/uapi" \
	-o "$payload/usr/local/bin/failnth" "$AMP_TOP/tests/faultinject/failnth.c" ||
	amp_die "cannot build failnth"
printf 'LIMIT=%s\nOPS="%s"\nFIRST=%s\n' "$limit" "$ops" "$first" >"$payload/faultinject/config"

# A full run injects thousands of failures; the short one a few per step.
tmo=$((limit == 0 ? 7200 : 900 + 60 * limit))
AMP_E2E_RUN=/faultinject/run.sh AMP_E2E_TIMEOUT=$tmo AMP_SPLATS_INJECTED=1 \
	amp_e2e_guest faultinject "$work" amd64 "$rel" "$kdir/arch/x86/boot/bzImage" \
	"$kdir/modroot/lib/modules/$rel" "$bdir" "$(amp_rootlet amd64)" "$payload"

# Per operation: failures injected, how many the operation absorbed, how
# many did not unwind, and the n at which it completed without a failure.
grep -aoE 'AMP-FI summary .*' "$work/console.log" | sed 's/^AMP-FI summary /# /' |
	tee "$work/summary.txt"
amp_summary
