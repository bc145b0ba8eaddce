#!/usr/bin/env bash
# make deb-test: the packages as a Debian 12 user meets them, through a real
# kernel upgrade (docs/packaging.md).
#
# usage: scripts/deb-test.sh [DEB...]   (default: every .deb in out/deb/,
#                                        which `make deb` writes; built first
#                                        when there are none)
#
#  1. A debootstrap'ed (minbase) bookworm system with bookworm's newest stock
#     amd64 kernel, image and headers. Cached under .cache/debtest, keyed by
#     its package list and this script; the bookworm-backports kernel is
#     downloaded into the cached system's apt cache but not installed.
#  2. apt install ./ampipc-*.deb: DKMS builds ampipc for the installed kernel.
#  3. apt install the bookworm-backports kernel (image and headers): the
#     kernel packages' hooks make DKMS build ampipc for it, with no command
#     from us.
#  4. The installed ampfw makes a development key and signs the sim's echo
#     image. Each kernel boots in QEMU with the system as its root file
#     system (an ext4 image from mke2fs -d): modprobe loads every ampipc
#     module from DKMS's tree; then modprobe amp_rproc_sim pulls in its
#     dependencies, a sim processor boots the signed bundle and its echo
#     service answers amp-rpmsg ping.
#  5. apt purge ampipc-dkms removes the modules from every kernel, and
#     modprobe then fails cleanly for each.
# Each step prints a result line; the last line is `N passed, N failed`.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/chroot.sh"

[ "$(id -u)" = 0 ] || amp_die "deb-test needs root (debootstrap, chroot)"
ver=$(cat "$AMP_TOP/VERSION")
debs=("$@")
if [ ${#debs[@]} = 0 ]; then
	mapfile -t debs < <(ls "$AMP_OUT"/deb/ampipc-*_"$ver"_*.deb 2>/dev/null)
fi
if [ ${#debs[@]} = 0 ]; then
	# Not built yet in this checkout: build them (make deb's checks are its own).
	amp_log "no packages in $AMP_OUT/deb: running make deb first"
	"$AMP_TOP/scripts/deb.sh" >"$AMP_OUT/deb-test-build.log" 2>&1 ||
		amp_die "make deb failed (log: $AMP_OUT/deb-test-build.log)"
	mapfile -t debs < <(ls "$AMP_OUT"/deb/ampipc-*_"$ver"_*.deb 2>/dev/null)
fi
[ ${#debs[@]} -gt 0 ] || amp_die "no ampipc .deb in $AMP_OUT/deb"

work=$AMP_OUT/deb-test
rm -rf "$work"
mkdir -p "$work"

# The kernels: bookworm's newest ABI, and bookworm-backports' newest.
amp_apt_init debtest bookworm bookworm-updates bookworm-security bookworm-backports
old_abi=$(amp_apt_cache depends -t bookworm-security linux-headers-amd64:amd64 2>/dev/null |
	grep -o 'linux-headers-6\.1\.[^ ,:]*-amd64' | head -n1)
old_abi=${old_abi#linux-headers-}
old_abi=${old_abi%-amd64}
new_ver=$(amp_apt_cache policy linux-image-amd64:amd64 |
	awk '/^     [0-9]/ { print $1 }' | grep bpo | sort -V | tail -n1)
[ -n "$old_abi" ] || amp_die "no bookworm 6.1 kernel in the archive"
[ -n "$new_ver" ] || amp_die "no bookworm-backports kernel in the archive"
old_k=$old_abi-amd64

# --- 1. the cached base system ------------------------------------------------
pkgs="dkms kmod keyutils initramfs-tools linux-image-$old_k linux-headers-$old_k"
key=$(echo "$pkgs $new_ver" | amp_hash "$0")
base=$AMP_CACHE/debtest/bookworm-$key
if [ ! -f "$base/.amp-done" ]; then
	uri=$(amp_archive_uri main)
	sec=$(amp_archive_uri security)
	amp_log "debootstrap bookworm with kernel $old_k (a few minutes; cached)"
	rm -rf "$base"
	mkdir -p "$base"
	debootstrap --variant=minbase --include=kmod,initramfs-tools,ca-certificates \
		bookworm "$base" "$uri" >"$base.log" 2>&1 ||
		{ tail -n 20 "$base.log" >&2; amp_die "debootstrap failed (log: $base.log)"; }
	cat >"$base/etc/apt/sources.list" <<-EOF
	deb $uri bookworm main
	deb $uri bookworm-updates main
	deb $sec bookworm-security main
	deb $uri bookworm-backports main
	EOF
	printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\nAPT::Install-Recommends "false";\n' \
		>"$base/etc/apt/apt.conf.d/99ampipc"
	# Small initrds: just what a virtio disk with ext4 needs.
	mkdir -p "$base/etc/initramfs-tools/conf.d"
	echo MODULES=list >"$base/etc/initramfs-tools/conf.d/ampipc-test.conf"
	printf '%s\n' virtio_pci virtio_blk ext4 >>"$base/etc/initramfs-tools/modules"
	echo 'ampipc-test' >"$base/etc/hostname"
	printf '/dev/vda / ext4 defaults 0 1\n' >"$base/etc/fstab"
	{
		amp_chroot_run "$base" apt-get -q update &&
			amp_chroot_run "$base" env DEBIAN_FRONTEND=noninteractive \
				apt-get -q -y install $pkgs &&
			amp_chroot_run "$base" env DEBIAN_FRONTEND=noninteractive \
				apt-get -q -y --download-only install -t bookworm-backports \
				linux-image-amd64 linux-headers-amd64
	} >>"$base.log" 2>&1 ||
		{ tail -n 20 "$base.log" >&2; amp_die "installing the base system failed (log: $base.log)"; }
	touch "$base/.amp-done"
fi

root=$work/root
amp_log "copying the base system"
cp -a "$base" "$root"
rm -f "$root/.amp-done"
log=$work/apt.log
in_root() { amp_chroot_run "$root" env DEBIAN_FRONTEND=noninteractive "$@"; }

# modules_of KVER: ampipc modules installed for KVER, one path per line.
modules_of() { find "$root/lib/modules/$1" -name 'amp_*.ko*' 2>/dev/null | sort; }

# dkms_ok KVER: dkms status says installed for KVER and the modules are there.
dkms_ok() {
	in_root dkms status -m ampipc -v "$ver" -k "$1" 2>/dev/null | grep -q ': installed' &&
		[ -n "$(modules_of "$1")" ]
}

if [ -d "$root/boot" ] && [ -f "$root/boot/vmlinuz-$old_k" ]; then
	result 1 debtest.base "bookworm, kernel $old_k, backports $new_ver downloaded"
else
	result 0 debtest.base "no /boot/vmlinuz-$old_k in the base system"
fi

# --- 2. install our packages ---------------------------------------------------
mkdir -p "$root/tmp/ampipc"
cp "${debs[@]}" "$root/tmp/ampipc/"
names=()
for d in "${debs[@]}"; do names+=("/tmp/ampipc/$(basename "$d")"); done
if in_root apt-get -q -y install "${names[@]}" >"$log" 2>&1 && dkms_ok "$old_k"; then
	result 1 debtest.install "dkms: ampipc/$ver installed for $old_k ($(modules_of "$old_k" | wc -l) modules)"
else
	tail -n 20 "$log" | sed 's/^/# /'
	result 0 debtest.install "ampipc not installed for $old_k (log: $log)"
fi

# --- 3. a kernel upgrade: DKMS builds by itself ---------------------------------
new_k=
if in_root apt-get -q -y install -t bookworm-backports linux-image-amd64 linux-headers-amd64 \
	>>"$log" 2>&1; then
	new_k=$(find "$root/boot" -name 'vmlinuz-*-amd64' -printf '%f\n' | sed 's/^vmlinuz-//' |
		grep -vx "$old_k" | sort -V | tail -n1)
fi
if [ -n "$new_k" ] && dkms_ok "$new_k"; then
	result 1 debtest.upgrade "kernel $new_k installed; DKMS built ampipc for it"
else
	tail -n 20 "$log" | sed 's/^/# /'
	result 0 debtest.upgrade "no ampipc for ${new_k:-the backports kernel} (log: $log)"
fi

# --- 4. boot each kernel from the system -------------------------------------
# A firmware packager's steps, with the installed ampfw: a development key,
# and the sim's echo image signed into a bundle in /lib/firmware.
make -s -C "$AMP_TOP/backends/sim/fw" >"$work/mksimfw.log" 2>&1 ||
	amp_die "building the sim firmware failed (log: $work/mksimfw.log)"
cp "$AMP_OUT/sim-fw/amp-sim-echo.elf" "$root/root/"
mkdir -p "$root/lib/firmware"
signed=0
if in_root ampfw genkey --key /root/fw-key.pem --cert /root/fw-cert.pem >>"$log" 2>&1 &&
	openssl x509 -in "$root/root/fw-cert.pem" -outform DER -out "$root/root/fw-cert.der" &&
	in_root ampfw create /root/amp-sim-echo.elf -o /lib/firmware/amp-sim-echo.ambn \
		--key /root/fw-key.pem --cert /root/fw-cert.pem --target ampipc,sim >>"$log" 2>&1; then
	signed=1
fi
[ $signed = 1 ] && result 1 debtest.sign "ampfw from ampipc-tools signed the sim firmware" ||
	result 0 debtest.sign "ampfw genkey/create failed (log: $log)"
mods=$(modules_of "$old_k" | xargs -rn1 basename | sed 's/\.ko.*$//' | sort | tr '\n' ' ')
cat >"$root/usr/local/sbin/amp-deb-guest" <<GUEST
#!/bin/sh
# ampipc deb-test: runs as init in the booted system, then powers off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "AMP-DEB kernel \$(uname -r)"
for m in $mods; do
	f=\$(modinfo -n \$m 2>/dev/null)
	case "\$f" in
	*/updates/dkms/*) ;;
	*) echo "AMP-DEB \$m fail not-from-dkms:\$f"; continue ;;
	esac
	if modprobe \$m && [ "\$(cat /sys/module/\$m/version 2>/dev/null)" = "$ver" ]; then
		echo "AMP-DEB \$m ok"
	else
		echo "AMP-DEB \$m fail"
	fi
done
for m in \$(echo $mods | tr ' ' '\n' | sort -r); do modprobe -r \$m 2>/dev/null; done
# The sim: modprobe pulls in the core and the messaging stack through depmod;
# the certificate goes into the amp_firmware keyring with keyctl; the signed
# bundle boots and the echo service answers through /dev/amp_rpmsgN.
if modprobe amp_rproc_sim procs=sim0 firmware=amp-sim-echo.ambn &&
	keyctl padd asymmetric debtest "\$(cat /sys/module/amp_rproc/parameters/fw_keyring)" </root/fw-cert.der >/dev/null &&
	modprobe amp_rpmsg_char && amp-rpmsg export amp-sim-echo &&
	echo start >/sys/class/amp_rproc/sim0/state; then
	i=0
	while [ \$i -lt 200 ] && ! ls /sys/bus/amp_rpmsg/devices 2>/dev/null | grep -q '\.amp-sim-echo\.'; do
		sleep 0.1; i=\$((i + 1))
	done
	if amp-rpmsg ping -c 5 amp-sim-echo; then echo "AMP-DEB-ECHO ok"; else echo "AMP-DEB-ECHO fail ping"; fi
	echo stop >/sys/class/amp_rproc/sim0/state
else
	echo "AMP-DEB-ECHO fail boot"
fi
echo AMP-DEB-DONE
sync
reboot -f
GUEST
chmod +x "$root/usr/local/sbin/amp-deb-guest"

img=$work/root.ext4
amp_log "making the root file system image"
# Boot the system as it is after the upgrade; /proc etc. are empty dirs.
truncate -s 4G "$img"
mke2fs -q -t ext4 -F -d "$root" "$img" >"$work/mke2fs.log" 2>&1 ||
	{ cat "$work/mke2fs.log" >&2; amp_die "mke2fs -d failed"; }

# Both kernels boot side by side, each on a throwaway overlay of the image
# (snapshot=on: nothing the guests write reaches it), then the verdicts
# follow in order.
for k in "$old_k" $new_k; do
	clog=$work/console-$k.log
	accel=$(amp_qemu_accel "$root/boot/vmlinuz-$k")
	qargs=(-m 1024 -smp 2 -nographic -no-reboot -net none
		-kernel "$root/boot/vmlinuz-$k" -initrd "$root/boot/initrd.img-$k"
		-drive "file=$img,format=raw,if=virtio,snapshot=on"
		-append "console=ttyS0 root=/dev/vda rw panic=-1 no_timer_check loglevel=5 init=/usr/local/sbin/amp-deb-guest")
	if [ "$accel" = kvm ]; then qargs+=(-enable-kvm -cpu host); else qargs+=(-accel tcg); fi
	amp_log "booting $k from the installed system (console: $clog)"
	{ timeout "${AMP_DEBTEST_TIMEOUT:-600}" qemu-system-x86_64 "${qargs[@]}" </dev/null 2>&1 |
		tr -d '\r' >"$clog" || true; } &
done
wait
for k in "$old_k" $new_k; do
	clog=$work/console-$k.log
	bad=$(grep 'AMP-DEB .* fail' "$clog" || true)
	nok=$(grep -c 'AMP-DEB .* ok$' "$clog" || true)
	if grep -q "AMP-DEB kernel $k" "$clog" && grep -q AMP-DEB-DONE "$clog" &&
		[ -z "$bad" ] && [ "$nok" -gt 0 ]; then
		result 1 "debtest.boot.$k" "$nok modules loaded by modprobe from DKMS's tree"
	else
		result 0 "debtest.boot.$k" "${bad:-did not finish} (console: $clog)"
	fi
	if grep -q 'AMP-DEB-ECHO ok' "$clog"; then
		result 1 "debtest.echo.$k" "the sim booted the signed bundle and answered"
	else
		result 0 "debtest.echo.$k" "$(grep -o 'AMP-DEB-ECHO fail.*' "$clog" || echo 'no result') (console: $clog)"
	fi
done

# --- 5. purge ------------------------------------------------------------------
left=
if in_root apt-get -q -y purge ampipc-dkms >>"$log" 2>&1; then
	for k in "$old_k" $new_k; do
		[ -z "$(modules_of "$k")" ] || left+=" $k:files"
		# modprobe must fail, and say why, not crash or half-load.
		msg=$(in_root modprobe -n -S "$k" amp_rproc 2>&1) && left+=" $k:modprobe-succeeded"
		echo "$msg" | grep -q 'not found' || left+=" $k:modprobe-said:${msg// /_}"
	done
	[ -z "$(in_root dkms status -m ampipc 2>/dev/null)" ] || left+=" dkms-status"
else
	left=" apt-purge-failed"
fi
if [ -z "$left" ]; then
	result 1 debtest.purge "no ampipc module left; modprobe: not found, for every kernel"
else
	result 0 debtest.purge "left:$left (log: $log)"
fi
rm -rf "$root" "$img"
amp_summary
