#!/usr/bin/env bash
# make kunit: run ampipc's KUnit suites in the debug test kernel under QEMU.
#
# usage: scripts/run-kunit.sh [--release bookworm|sid] [MODULE...]
#   --release: whose linux-source the test kernel is built from (default
#              bookworm: 6.1, the debug kernel). sid builds the race-detection
#              kernel (tests/qemu/kcsan.config, the soak's KCSAN variant too),
#              and the modules, in a sid chroot with sid's gcc, so API drift
#              in code only KUnit reaches shows, and so do data races the
#              suites provoke: one with a frame of ours fails the run, races
#              only inside the core are listed.
#   MODULE: test module names from tests/kunit (default: all of them)
#
# Builds (or takes from the cache) the test kernel, builds the modules
# against it, boots it with a busybox initramfs, loads each test module with
# modprobe, unloads everything, and scans for leaks with kmemleak. The KTAP on
# the serial console is parsed by the kernel's own kunit.py. Any splat
# (KASAN, UBSAN, lockdep, kmemleak, WARN, BUG, Oops) fails the run even when
# every case passed. Prints `ok N - suite.case` lines and `N passed, N failed`.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/chroot.sh"

release=bookworm
if [ "${1:-}" = --release ]; then release=$2; shift 2; fi
frag=$AMP_TOP/tests/qemu/debug.config
[ "$release" = bookworm ] || frag=$AMP_TOP/tests/qemu/kcsan.config
kdir=$("$AMP_TOP/scripts/build-test-kernel.sh" --release "$release" "$frag")
kcsan=0
! grep -qx 'CONFIG_KCSAN=y' "$kdir/.config" || kcsan=1
rel=$(cat "$kdir/kernelrelease")
kunit_py=$kdir/amp-source/tools/testing/kunit/kunit.py
work=$AMP_OUT/kunit-$release
# Result names: amp_elf.case on the 6.1 kernel, sid.amp_elf.case on sid's.
pfx=""
[ "$release" = bookworm ] || pfx=$release.
mkdir -p "$work"

kname=$(basename "$frag" .config)
amp_log "building modules against the $kname kernel $rel"
if [ "$release" = bookworm ]; then
	bdir=$(amp_kbuild_test "$kdir")
else
	bdir=$(AMP_KBUILD_CHROOT=$(amp_chroot_for "$release") amp_kbuild_test "$kdir")
fi

mapfile -t tests < <(amp_modules "$bdir" | grep '^tests/kunit/' | xargs -n1 basename | sed 's/\.ko$//')
[ $# -gt 0 ] && tests=("$@")
[ ${#tests[@]} -gt 0 ] || amp_die "no KUnit test modules were built"

stage=$work/initramfs
amp_initramfs_stage "$stage"
mkdir -p "$stage/lib/modules"
cp -a "$kdir/modroot/lib/modules/$rel" "$stage/lib/modules/"
rm -f "$stage/lib/modules/$rel/build" "$stage/lib/modules/$rel/source"
mkdir -p "$stage/lib/modules/$rel/extra"
amp_modules "$bdir" | while read -r m; do cp "$bdir/$m" "$stage/lib/modules/$rel/extra/"; done
# Firmware files the suites request (made at build time, e.g. by
# scripts/gen-bundle-vectors.sh).
mkdir -p "$stage/lib/firmware"
find "$bdir/tests/kunit" -maxdepth 1 -name '*.bnd' -exec cp {} "$stage/lib/firmware/" \;
depmod -b "$stage" "$rel"

cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mkdir -p /dev && mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
[ ! -w /sys/kernel/debug/kmemleak ] || echo clear > /sys/kernel/debug/kmemleak
# Let a task's fail-nth fail sleeping slab and page allocations too, quietly
# (cases that inject failures into their own calls, as make faultinject
# does; nothing fails without fail-nth, the probabilities stay 0).
for a in failslab fail_page_alloc; do
	[ -w /sys/kernel/debug/\$a/ignore-gfp-wait ] || continue
	echo N > /sys/kernel/debug/\$a/ignore-gfp-wait
	echo 0 > /sys/kernel/debug/\$a/verbose
done
echo AMP-KUNIT-START
# Suites that boot processors from plain ELF images (the core's, the
# backends', the sim's) run with signature enforcement off, the documented
# developer setting; amp_bundle tests signatures and runs with the default.
modprobe amp_rproc || echo "AMP-LOAD-FAIL amp_rproc"
for m in ${tests[*]}; do
	case \$m in
	amp_bundle_test) echo 1 ;;
	*) echo 0 ;;
	esac >/sys/module/amp_rproc/parameters/sig_enforce
	modprobe \$m || echo "AMP-LOAD-FAIL \$m"
	# Its suites ran in its init: unload it now, and the vdev transport the
	# core loads when a processor needs one (then unused), so that a later
	# suite with a transport of its own is not skipped.
	if grep -q "^\$m " /proc/modules; then
		rmmod \$m || echo "AMP-UNLOAD-FAIL \$m"
	fi
	for t in amp_rpmsg_virtio amp_rproc_virtio; do
		! grep -q "^\$t " /proc/modules || rmmod \$t 2>/dev/null || true
	done
done
echo AMP-KUNIT-END
# The test modules first, then every module of ours they pulled in.
for m in ${tests[*]}; do
	if grep -q "^\$m " /proc/modules; then
		rmmod \$m || echo "AMP-UNLOAD-FAIL \$m"
	fi
done
$(amp_guest_finish)
INIT
chmod +x "$stage/init"
amp_initramfs_pack "$stage" "$work/initramfs.cpio.gz"

log=$work/console.log
amp_log "booting the $kname kernel (console: $log)"
qemu_ok=1
# idle=poll noapictimer: under TCG on a loaded host the guest's local APIC
# timer calibrates wrongly and a sleeping test may never be woken; the PIT
# tick with a polling idle loop keeps timers (msleep, timeouts) working.
amp_qemu_x86 "$kdir/arch/x86/boot/bzImage" "$work/initramfs.cpio.gz" "$log" \
	"${AMP_KUNIT_TIMEOUT:-1200}" "loglevel=7 kmemleak=on idle=poll noapictimer" || qemu_ok=0
tr -d '\r' <"$log" >"$log.txt"
log=$log.txt

# KTAP: the suites' output between the markers, under one top-level header.
ktap=$work/ktap.txt
nsuites=$(sed -n '/AMP-KUNIT-START/,/AMP-KUNIT-END/p' "$log" | grep -c '^    # Subtest:' || true)
{
	echo "KTAP version 1"
	echo "1..$nsuites"
	sed -n '/AMP-KUNIT-START/,/AMP-KUNIT-END/p' "$log" | sed '1d;$d'
} >"$ktap"

if [ "$nsuites" -gt 0 ]; then
	python3 "$kunit_py" parse --json="$work/kunit.json" "$ktap" \
		>"$work/kunit-parse.txt" 2>&1 || true
	if [ -s "$work/kunit.json" ]; then
		python3 "$AMP_TOP/scripts/lib/kunit_tap.py" --start 1 --prefix "$pfx" "$work/kunit.json" \
			>"$work/cases.txt" 2>"$work/counts.txt"
		cat "$work/cases.txt"
		read -r pass fail skip _ <"$work/counts.txt"
		n=$((pass + fail + skip))
	fi
fi

for m in "${tests[@]}"; do
	if grep -q "AMP-LOAD-FAIL $m\$" "$log"; then result 0 "${pfx}kunit.load.$m"; fi
done
[ "$nsuites" -gt 0 ] || result 0 "${pfx}kunit.ktap" "no KTAP output"
grep -q 'AMP-GUEST-DONE' "$log" && [ "$qemu_ok" = 1 ] ||
	result 0 "${pfx}kunit.guest" "guest did not finish; see $log"
grep -q 'AMP-UNLOAD-FAIL' "$log" && result 0 "${pfx}kunit.unload" "$(grep -o 'AMP-UNLOAD-FAIL.*' "$log" | tr '\n' ' ')"
splats=$(AMP_SPLATS_KCSAN=$kcsan amp_splats "$log")
if [ -n "$splats" ]; then
	echo "$splats" | head -n 20 | sed 's/^/# /'
	result 0 "${pfx}kunit.no-splat" "splat in $log"
else
	result 1 "${pfx}kunit.no-splat"
fi
[ "$kcsan" = 0 ] || amp_kcsan_result "${pfx}kunit.no-race-in-our-code" "$log" "$work/kcsan.txt"

amp_summary
