#!/usr/bin/env bash
# make e2e: the end-to-end cases (tests/e2e/guest) on Debian 12's stock
# kernels in QEMU, with real modprobe: amd64 (linux-image-amd64) and arm64
# (linux-image-arm64 under qemu-system-aarch64 -M virt, TCG), armhf
# (linux-image-armmp under qemu-system-arm -M virt, TCG: the stock kernel
# that ships mainline's virtio rpmsg stack, for the interop case), and in the
# debug test kernel (KASAN, lockdep, kmemleak), where a splat or a leak
# fails the run.
#
# usage: scripts/e2e.sh [TARGET...]   TARGET: amd64, arm64, armhf, debug
#                                      (default: all four)
# AMP_E2E_CASES (glob patterns of tests/e2e/guest/cases file names, e.g.
# "10-* 95-*") runs only those case files.
# Prints one result line per case and target, then `N passed, N failed`.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/guest.sh"
. "$AMP_TOP/scripts/lib/e2e.sh"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(amd64 arm64 armhf debug)

amp_apt_bookworm
# Each target is prepared in turn (kernel, module build, payload, rootlet:
# these share build trees and caches), then the guests run AMP_E2E_JOBS at a
# time (default 2; TCG guests mostly keep one host core busy each), each
# into its own file; the results are reported in target order.
jobs=${AMP_E2E_JOBS:-2}
for t in "${targets[@]}"; do
	work=$AMP_OUT/e2e-$t
	rm -rf "$work"
	mkdir -p "$work"
	preload=()
	case "$t" in
	amd64 | arm64 | armhf)
		arch=$t
		flavour=$arch
		[ "$arch" != armhf ] || flavour=armmp
		abi=$(amp_apt_abi "$flavour" "$arch")
		rel=$abi-$flavour
		kdir=$(amp_stock_headers "$flavour" "$arch")
		# with the sample drivers: the sendto case loads the server
		amp_stock_args "$arch"
		img=$AMP_CACHE/images/$rel
		amp_apt_fetch "$img" "linux-image-$rel:$arch"
		vmlinuz=$img/boot/vmlinuz-$rel
		kmods=$img/lib/modules/$rel
		# arm64 ships the stock rpmsg core, armhf mainline's whole virtio
		# rpmsg stack: they load first, beside ours.
		case "$arch" in
		arm64) preload=(rpmsg_core) ;;
		armhf) preload=(rpmsg_core virtio_rpmsg_bus rpmsg_char rpmsg_ctrl) ;;
		esac
		# the name make cross and make symvers-check build under
		bname=stock-samples-$rel
		build=(amp_kbuild "$bname" "$kdir" "${AMP_STOCK_ARGS[@]}")
		;;
	debug)
		arch=amd64
		kdir=$("$AMP_TOP/scripts/build-test-kernel.sh")
		rel=$(cat "$kdir/kernelrelease")
		vmlinuz=$kdir/arch/x86/boot/bzImage
		kmods=$kdir/modroot/lib/modules/$rel
		# The debug kernel builds mainline's virtio rpmsg stack as modules:
		# our devices must stay ours with it loaded.
		preload=(virtio_rpmsg_bus rpmsg_char rpmsg_ctrl)
		# the build every target of the debug kernel shares
		bname=$(amp_kbuild_test_name "$kdir")
		build=(amp_kbuild_test "$kdir")
		;;
	*) amp_die "unknown target $t (amd64, arm64, armhf, debug)" ;;
	esac
	[ -f "$vmlinuz" ] || amp_die "no kernel image $vmlinuz"
	if ! bdir=$("${build[@]}"); then
		(result 0 "e2e.$t.build" "log: $AMP_OUT/build/$bname.log") >"$work/results"
		continue
	fi
	payload=$work/payload
	amp_e2e_payload "$arch" "$payload"
	rootlet=$(amp_rootlet "$arch")
	[ "$arch" != amd64 ] || amp_qemu_accel "$vmlinuz" >/dev/null
	# A free slot first, then this target's guest in the background.
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
	(
		n=0 pass=0 fail=0 skip=0
		amp_e2e_guest "e2e.$t" "$work" "$arch" "$rel" "$vmlinuz" "$kmods" "$bdir" \
			"$rootlet" "$payload" "${preload[@]}"
	) >"$work/results" 2>"$work/log" &
done
wait
for t in "${targets[@]}"; do
	work=$AMP_OUT/e2e-$t
	[ ! -s "$work/log" ] || cat "$work/log" >&2
	if ! grep -qE '^(not )?ok ' "$work/results" 2>/dev/null; then
		result 0 "e2e.$t" "no result (log: $work/log)"
	else
		amp_replay "$work/results"
		grep -qE " - e2e\.$t\.(guest|build)( |\$)" "$work/results" ||
			result 0 "e2e.$t.guest" "the run stopped early (log: $work/log)"
	fi
done
amp_summary
