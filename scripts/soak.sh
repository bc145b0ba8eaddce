#!/usr/bin/env bash
# make soak / make soak-check: the hostile-remote fuzzing and the
# crash/recovery soak (tests/soak/) in the debug test kernel (KASAN,
# lockdep, kmemleak), where a splat or a leak fails the run.
#
# usage: scripts/soak.sh [--short]
#   full (make soak):         SOAK_FUZZ=1000000 SOAK_CYCLES=1000 SOAK_RELOADS=50
#   --short (make soak-check): SOAK_FUZZ=20000 SOAK_CYCLES=4 SOAK_RELOADS=1
# Each can be set in the environment, and SOAK_SEED (default 1).
# Prints one result line per test, the figures (`# AMP-SOAK ...`), then
# `N passed, N failed`.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/guest.sh"
. "$AMP_TOP/scripts/lib/e2e.sh"

form=full
[ "${1:-}" = --short ] && form=short
if [ "$form" = short ]; then
	: "${SOAK_FUZZ:=20000}" "${SOAK_CYCLES:=4}" "${SOAK_RELOADS:=1}"
else
	: "${SOAK_FUZZ:=1000000}" "${SOAK_CYCLES:=1000}" "${SOAK_RELOADS:=50}"
fi
: "${SOAK_SEED:=1}"
# Wall-clock bound of the guest, generous for TCG (a cycle takes about 15 s
# of wall time on 2 shared cores, 1000 hostile messages 5 s): a hang fails
# the run instead of blocking it.
tmo=$((600 + SOAK_FUZZ / 100 + SOAK_CYCLES * 40 + SOAK_RELOADS * 60))

amp_apt_bookworm
work=$AMP_OUT/soak-$form
rm -rf "$work"
mkdir -p "$work"
kdir=$("$AMP_TOP/scripts/build-test-kernel.sh")
rel=$(cat "$kdir/kernelrelease")
vmlinuz=$kdir/arch/x86/boot/bzImage
kmods=$kdir/modroot/lib/modules/$rel
[ -f "$vmlinuz" ] || amp_die "no kernel image $vmlinuz"
# The modules with the soak's kernel client (tests/soak/amp_soak_kclient.c),
# in a build of their own: the debug build the other suites share stays
# without it.
if ! bdir=$(amp_kbuild "soak-$rel" "$kdir" AMP_SOAK=1); then
	result 0 "soak.build" "log: $AMP_OUT/build/soak-$rel.log"
	amp_summary
	exit 1
fi
payload=$work/payload
amp_e2e_payload amd64 "$payload"
mkdir -p "$payload/soak"
cp "$AMP_TOP"/tests/soak/guest/*.sh "$payload/soak/"
cat >"$payload/soak/params" <<P
SOAK_FUZZ=$SOAK_FUZZ
SOAK_CYCLES=$SOAK_CYCLES
SOAK_RELOADS=$SOAK_RELOADS
SOAK_SEED=$SOAK_SEED
P
gcc -static -O2 -Wall -Wextra -Werror -I"$AMP_TOP/include/uapi" \
	-o "$payload/usr/local/bin/amp_soak" "$AMP_TOP/tests/soak/amp_soak.c" -lpthread ||
	amp_die "cannot build amp_soak"
rootlet=$(amp_rootlet amd64)
amp_log "soak ($form): $SOAK_FUZZ hostile messages, $SOAK_CYCLES crash cycles, $SOAK_RELOADS reloads, seed $SOAK_SEED"
AMP_E2E_RUN=/soak/run.sh AMP_E2E_TIMEOUT=$tmo \
	amp_e2e_guest soak "$work" amd64 "$rel" "$vmlinuz" "$kmods" "$bdir" "$rootlet" "$payload"
grep -a '^AMP-SOAK ' "$work/console.log" | sed 's/^/# /' || true
if grep -aq 'unreferenced object' "$work/console.log"; then
	result 0 soak.kmemleak "leaks in $work/console.log"
else
	result 1 soak.kmemleak
fi
amp_summary
