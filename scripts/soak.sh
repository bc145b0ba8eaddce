#!/usr/bin/env bash
# make soak / make soak-check: the hostile-remote fuzzing, the
# crash/recovery soak and the syscall sequences from hostile userspace
# (tests/soak/) in the debug test kernel (KASAN, lockdep, kmemleak), where a
# splat or a leak fails the run; with --kcsan, the concurrency parts (crash
# and sysfuzz) in the race-detection kernel (tests/qemu/kcsan.config, built
# from sid's source), where a data race with a frame in one of our modules
# fails the run and races only inside the core kernel are listed.
#
# usage: scripts/soak.sh [--short] [--kcsan]
#   full (make soak):          SOAK_FUZZ=1000000 SOAK_CYCLES=1000 SOAK_RELOADS=50
#                              SOAK_SYSCALLS=100000
#   --short (make soak-check): SOAK_FUZZ=20000 SOAK_CYCLES=4 SOAK_RELOADS=1
#                              SOAK_SYSCALLS=1000
#   --kcsan:                   SOAK_CYCLES=100 SOAK_SYSCALLS=20000
#   --kcsan --short:           SOAK_CYCLES=2 SOAK_SYSCALLS=300
# SOAK_KCSAN_STRICT=1 (with --kcsan): a kernel of its own that reports every
# race, also those whose value did not change (KCSAN's default only counts
# them: CONFIG_KCSAN_REPORT_VALUE_CHANGE_ONLY off).
# Each can be set in the environment, and SOAK_SEED (default 1),
# SOAK_PARTS (default: all of hostile crash reload sysfuzz; crash sysfuzz
# with --kcsan) and SOAK_LANE (below).
# Prints one result line per test, the figures (`# AMP-SOAK ...`), then
# `N passed, N failed`.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/guest.sh"
. "$AMP_TOP/scripts/lib/e2e.sh"
. "$AMP_TOP/scripts/lib/chroot.sh"

form=full variant=debug
for arg in "$@"; do
	case $arg in
	--short) form=short ;;
	--kcsan) variant=kcsan ;;
	*) amp_die "usage: $0 [--short] [--kcsan]" ;;
	esac
done
if [ "$variant" = kcsan ]; then
	: "${SOAK_PARTS:=crash sysfuzz}" "${SOAK_FUZZ:=0}" "${SOAK_RELOADS:=0}"
	if [ "$form" = short ]; then : "${SOAK_CYCLES:=2}" "${SOAK_SYSCALLS:=300}"
	else : "${SOAK_CYCLES:=100}" "${SOAK_SYSCALLS:=20000}"; fi
elif [ "$form" = short ]; then
	: "${SOAK_FUZZ:=20000}" "${SOAK_CYCLES:=4}" "${SOAK_RELOADS:=1}" "${SOAK_SYSCALLS:=1000}"
else
	: "${SOAK_FUZZ:=1000000}" "${SOAK_CYCLES:=1000}" "${SOAK_RELOADS:=50}" "${SOAK_SYSCALLS:=100000}"
fi
: "${SOAK_SEED:=1}"
# SOAK_PARTS: the guest's parts, in order (some only: a targeted run).
: "${SOAK_PARTS:=hostile crash reload sysfuzz}"
# Wall-clock bound of the guest, generous for TCG (a cycle takes about 4 s
# of wall time on 2 shared cores, 1000 hostile messages 5 s, 1000 syscall
# sequences 30 s): a hang fails the run instead of blocking it.
tmo=$((600 + SOAK_FUZZ / 100 + SOAK_CYCLES * 40 + SOAK_RELOADS * 60 + SOAK_SYSCALLS / 10))

amp_apt_bookworm
strict=
[ "$variant" != kcsan ] || [ "${SOAK_KCSAN_STRICT:-0}" != 1 ] || strict=-strict
# SOAK_LANE names a run of some parts beside others (make soak's lanes):
# its directory and its result lines' prefix.
lane=${SOAK_LANE:+-$SOAK_LANE}
work=$AMP_OUT/soak-$variant$strict-$form$lane
pfx=soak$lane
rm -rf "$work"
mkdir -p "$work"
if [ "$variant" = kcsan ]; then
	# The race-detection fragment shares debug.config's sections up to
	# the sanitizers; it is built from sid's source, in sid's chroot.
	pfx=soak-kcsan$strict$lane
	frag=$AMP_TOP/tests/qemu/kcsan.config
	if [ -n "$strict" ]; then
		{ cat "$frag"; echo "# CONFIG_KCSAN_REPORT_VALUE_CHANGE_ONLY is not set"; } \
			>"$work/kcsan-strict.config"
		frag=$work/kcsan-strict.config
	fi
	upto() { sed -n "/^# --- base/,/^# --- $2/p" "$1" | sed "/^# --- $2/d"; }
	if diff <(upto "$AMP_TOP/tests/qemu/debug.config" sanitizers) <(upto "$frag" kcsan) >"$work/base.diff"; then
		result 1 "$pfx.kernel-base-shared"
	else
		result 0 "$pfx.kernel-base-shared" "kcsan.config's base differs from debug.config's: $work/base.diff"
	fi
	kdir=$("$AMP_TOP/scripts/build-test-kernel.sh" --release sid "$frag")
	export AMP_SPLATS_KCSAN=1 AMP_KBUILD_CHROOT
	AMP_KBUILD_CHROOT=$(amp_chroot_for sid)
else
	kdir=$("$AMP_TOP/scripts/build-test-kernel.sh")
fi
rel=$(cat "$kdir/kernelrelease")
vmlinuz=$kdir/arch/x86/boot/bzImage
kmods=$kdir/modroot/lib/modules/$rel
[ -f "$vmlinuz" ] || amp_die "no kernel image $vmlinuz"
# The modules with the soak's kernel client (tests/soak/amp_soak_kclient.c):
# the build every target of this kernel shares.
if ! bdir=$(amp_kbuild_test "$kdir"); then
	result 0 "$pfx.build" "log: $AMP_OUT/build/$(amp_kbuild_test_name "$kdir").log"
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
SOAK_SYSCALLS=$SOAK_SYSCALLS
SOAK_SEED=$SOAK_SEED
SOAK_PARTS="$SOAK_PARTS"
SOAK_VARIANT=$variant
P
for prog in amp_soak amp_sysfuzz amp_policyd; do
	gcc -static -O2 -Wall -Wextra -Werror -I"$AMP_TOP/include/uapi" \
		-o "$payload/usr/local/bin/$prog" "$AMP_TOP/tests/soak/$prog.c" -lpthread ||
		amp_die "cannot build $prog"
done
rootlet=$(amp_rootlet amd64)
amp_log "soak ($variant, $form): parts $SOAK_PARTS; $SOAK_FUZZ hostile messages, $SOAK_CYCLES crash cycles, $SOAK_RELOADS reloads, $SOAK_SYSCALLS syscall sequences, seed $SOAK_SEED"
AMP_E2E_RUN=/soak/run.sh AMP_E2E_TIMEOUT=$tmo \
	amp_e2e_guest "$pfx" "$work" amd64 "$rel" "$vmlinuz" "$kmods" "$bdir" "$rootlet" "$payload"
grep -a '^AMP-SOAK ' "$work/console.log" | sed 's/^/# /' || true
if [ "$variant" = kcsan ]; then
	# Races with a frame of ours fail; races only inside the core are listed.
	amp_kcsan_result "$pfx.no-race-in-our-code" "$work/console.log" "$work/kcsan.txt"
	echo "# AMP-SOAK part=kcsan reports=$(wc -l <"$work/kcsan.txt") ours=$(grep -c '^ours' "$work/kcsan.txt" || true) core=$(grep -c '^core' "$work/kcsan.txt" || true)"
elif grep -aq 'unreferenced object' "$work/console.log"; then
	result 0 "$pfx.kmemleak" "leaks in $work/console.log"
else
	result 1 "$pfx.kmemleak"
fi
amp_summary
