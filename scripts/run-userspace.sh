#!/usr/bin/env bash
# The rpmsg character devices from userspace, in the debug test kernel.
#
# usage: scripts/run-userspace.sh
#
# Builds the modules and the static test programs of tests/userspace, boots
# the 6.1 debug kernel (KASAN, lockdep, kmemleak) with a busybox initramfs,
# loads amp_rpmsg_char with rpmsg-echo and rpmsg-sink exported and the
# loopback remote amp_rpmsg_loop (tests/kunit/rpmsg_loop.c), lets busybox
# mdev apply the permissions of our udev rules (endpoint nodes root:1000
# 0660, control nodes root:root 0600), then runs amp_rpmsg_test (root and
# uid 1000) and the mainline-uapi client. Prints `ok N - name` lines and
# `N passed, N failed`; any kernel splat fails the run.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"

kdir=$("$AMP_TOP/scripts/build-test-kernel.sh" --release bookworm)
rel=$(cat "$kdir/kernelrelease")
work=$AMP_OUT/userspace
mkdir -p "$work"

amp_log "building modules against the debug kernel $rel"
bdir=$(amp_kbuild_test "$kdir")
amp_log "building the static test programs"
make -s -C "$AMP_TOP/tests/userspace" clean all >&2
make -s -C "$AMP_TOP/firmware_tools/amp-rpmsg" STATIC=1 AMP_RPMSG="$work/amp-rpmsg" >&2

stage=$work/initramfs
amp_initramfs_stage "$stage"
cp -a "$kdir/modroot/lib/modules/$rel" "$stage/lib/modules/"
rm -f "$stage/lib/modules/$rel/build" "$stage/lib/modules/$rel/source"
mkdir -p "$stage/lib/modules/$rel/extra"
amp_modules "$bdir" | while read -r m; do cp "$bdir/$m" "$stage/lib/modules/$rel/extra/"; done
depmod -b "$stage" "$rel"
cp "$AMP_TOP/tests/userspace/amp_rpmsg_test" "$AMP_TOP/tests/userspace/mainline_compat" \
	"$work/amp-rpmsg" "$stage/bin/"

# mdev -s stands in for udev once the nodes exist: the same owners and modes
# as debian/ampipc-dkms.udev, with gid 1000 as the ampipc group. (The debug
# kernel has no uevent helper: nodes made later keep devtmpfs's root 0600.)
cat >"$stage/etc/mdev.conf" <<'MDEV'
amp_rpmsg_ctrl[0-9]+ 0:0 600
amp_rpmsg[0-9]+ 0:1000 660
MDEV

loopdbg=/sys/kernel/debug/amp_rpmsg_loop/amp-loop0
cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t devtmpfs dev /dev
echo clear > /sys/kernel/debug/kmemleak
modprobe amp_rpmsg_char export=rpmsg-echo,rpmsg-sink || echo AMP-LOAD-FAIL amp_rpmsg_char
modprobe amp_rpmsg_loop || echo AMP-LOAD-FAIL amp_rpmsg_loop
sleep 1
mdev -s
ls -l /dev/amp_rpmsg*
echo AMP-US-START
amp_rpmsg_test --uid 1000 --gid 1000 \\
	--seen "awk '/^total/ {print \\\$2}' $loopdbg/seen" \\
	--crash "echo crash > $loopdbg/ctl" --recover "echo recover > $loopdbg/ctl" \\
	--stall "echo stall > $loopdbg/ctl" --unstall "echo unstall > $loopdbg/ctl"
echo AMP-US-RC \$?
echo AMP-COMPAT-START
mainline_compat 0x400 20
echo AMP-COMPAT-RC \$?
# The CLI: each check prints one result line.
cli() {
	name=\$1 want=\$2
	shift 2
	"\$@" >/tmp/cli.out 2>/tmp/cli.err
	rc=\$?
	if [ \$rc = \$want ]; then echo "ok 0 - cli.\$name"
	else echo "not ok 0 - cli.\$name (exit \$rc, want \$want: \$(head -c 200 /tmp/cli.err))"; fi
}
cli list 0 amp-rpmsg list
cp /tmp/cli.out /tmp/list.out
cat /tmp/list.out
cli list-shows-export 0 grep -q "^rpmsg-echo .*0x400 .*/dev/amp_rpmsg[0-9]" /tmp/list.out
cli list-shows-fw-export 0 grep -q "^rpmsg-fw .*0x403 .*/dev/amp_rpmsg[0-9]" /tmp/list.out
cli list-shows-unexported 0 grep -q "^rpmsg-secret .*0x402 .*-\$" /tmp/list.out
cli list-shows-control 0 grep -q "^amp-loop0 .*/dev/amp_rpmsg_ctrl0" /tmp/list.out
cli ping 0 amp-rpmsg ping -c 200 -s 64 rpmsg-echo
cat /tmp/cli.out
cli ping-mtu-too-big 1 amp-rpmsg ping -c 1 -s 497 rpmsg-echo
cli send-sink 0 amp-rpmsg send rpmsg-sink one two three
cli send-hex 0 amp-rpmsg send --hex rpmsg-sink 00ff10
cli send-bad-hex 2 amp-rpmsg send --hex rpmsg-sink 0g
cli recv-timeout 6 amp-rpmsg recv -c 1 -t 300 rpmsg-sink
cli no-such-channel 5 amp-rpmsg send rpmsg-nothing x
cli unexported-channel 5 amp-rpmsg send rpmsg-secret x
cli export 0 amp-rpmsg export --link amp-loop0 rpmsg-secret
sleep 1
cli exported-ping 0 amp-rpmsg ping -c 5 rpmsg-secret
cli unexport 0 amp-rpmsg unexport --link amp-loop0 rpmsg-secret
cli unexport-absent 5 amp-rpmsg unexport --link amp-loop0 rpmsg-secret
cli unexported-again 5 amp-rpmsg send rpmsg-secret x
cli bad-name 2 amp-rpmsg export "a/b"
cli usage 2 amp-rpmsg frobnicate
cli help 0 amp-rpmsg ping --help
echo AMP-US-END
$(amp_guest_finish)
INIT
chmod +x "$stage/init"
amp_initramfs_pack "$stage" "$work/initramfs.cpio.gz"

log=$work/console.log
amp_log "booting the debug kernel (console: $log)"
qemu_ok=1
# idle=poll noapictimer: stable guest timers under TCG on a loaded host (the
# rate-limit and timeout checks sleep); see scripts/run-kunit.sh.
amp_qemu_x86 "$kdir/arch/x86/boot/bzImage" "$work/initramfs.cpio.gz" "$log" \
	"${AMP_US_TIMEOUT:-900}" "loglevel=5 kmemleak=on idle=poll noapictimer" || qemu_ok=0
tr -d '\r' <"$log" >"$log.txt"
log=$log.txt

# The guest's own result lines, renumbered.
while IFS= read -r line; do
	case $line in
	"ok "*) name=${line#ok * - }; result 1 "userspace.$name" ;;
	"not ok "*) rest=${line#not ok * - }; result 0 "userspace.${rest%% (*}" "${rest#* (}" ;;
	esac
done < <(sed -n '/AMP-US-START/,/AMP-US-END/p' "$log" | grep -E '^(not )?ok [0-9]+ - ')

grep -q 'AMP-US-RC 0' "$log" || result 0 "userspace.policy-test-exit" "$(grep -o 'AMP-US-RC.*' "$log" || echo 'did not run')"
grep -q 'AMP-COMPAT-RC 0' "$log" || result 0 "userspace.compat-exit" "$(grep -o 'AMP-COMPAT-RC.*' "$log" || echo 'did not run')"
grep -q 'AMP-LOAD-FAIL' "$log" && result 0 "userspace.load" "$(grep -o 'AMP-LOAD-FAIL.*' "$log" | tr '\n' ' ')"
grep -q 'AMP-UNLOAD-FAIL' "$log" && result 0 "userspace.unload" "$(grep -o 'AMP-UNLOAD-FAIL.*' "$log" | tr '\n' ' ')"
grep -q 'AMP-GUEST-DONE' "$log" && [ "$qemu_ok" = 1 ] ||
	result 0 "userspace.guest" "guest did not finish; see $log"
splats=$(amp_splats "$log")
if [ -n "$splats" ]; then
	echo "$splats" | head -n 20 | sed 's/^/# /'
	result 0 "userspace.no-splat" "splat in $log"
else
	result 1 "userspace.no-splat"
fi
amp_summary
