# shellcheck shell=bash
# Guests of any architecture for the stock-kernel tests: a minimal root
# (busybox-static and the real kmod, with their libraries, from the same
# Debian suite and architecture as the kernel), and QEMU boots for amd64,
# arm64 and armhf. Needs scripts/lib/{common,apt,qemu}.sh and an apt root
# initialised for the suite (amp_apt_init).

# The rootlet's packages: a shell and tools, the real kmod, and keyctl (the
# end-to-end tests provision firmware-signing keys with it).
AMP_ROOTLET_PKGS="busybox-static kmod keyutils"

# amp_rootlet ARCH: unpack $AMP_ROOTLET_PKGS with the closure of their
# dependencies for ARCH (from the current apt root) into a cached directory,
# laid out merged-/usr so packages of any release work. Prints the directory.
amp_rootlet() {
	local arch=$1 dir debs d p pkgs=()
	for p in $AMP_ROOTLET_PKGS; do pkgs+=("$p:$arch"); done
	dir=$AMP_APT_ROOT/rootlet-$arch-$(echo "$AMP_ROOTLET_PKGS" | amp_hash /dev/null)
	if [ ! -f "$dir/.amp-done" ]; then
		rm -rf "$dir" "$dir.debs"
		mkdir -p "$dir.debs/partial" "$dir"
		amp_apt -qq -y --download-only -o "APT::Architecture=$arch" \
			-o "Dir::Cache::archives=$dir.debs" \
			install "${pkgs[@]}" >"$dir.log" 2>&1 ||
			{ cat "$dir.log" >&2; amp_die "cannot download a $arch rootlet"; }
		for debs in "$dir.debs"/*.deb; do dpkg-deb -x "$debs" "$dir"; done
		mkdir -p "$dir/usr"
		for d in bin sbin lib lib64; do
			if [ -d "$dir/$d" ] && [ ! -L "$dir/$d" ]; then
				mkdir -p "$dir/usr/$d"
				cp -a "$dir/$d/." "$dir/usr/$d/"
				rm -rf "${dir:?}/$d"
			fi
			mkdir -p "$dir/usr/$d"
			ln -s "usr/$d" "$dir/$d"
		done
		rm -rf "$dir.debs" "$dir"/usr/share/{doc,man,locale}
		touch "$dir/.amp-done"
	fi
	echo "$dir"
}

# amp_guest_stage ROOTLET DIR: a fresh initramfs tree from ROOTLET.
amp_guest_stage() {
	rm -rf "$2"
	mkdir -p "$2"
	cp -a "$1/." "$2/"
	rm -f "$2/.amp-done"
	mkdir -p "$2"/{dev,proc,sys,tmp,etc,root}
	echo 'root:x:0:0:root:/root:/bin/sh' >"$2/etc/passwd"
	echo 'root:x:0:' >"$2/etc/group"
}

# amp_guest_qemu ARCH KERNEL INITRD RAWLOG TIMEOUT [APPEND...]: one boot of a
# guest of ARCH (amd64, arm64, armhf) until it reboots; console to RAWLOG.
# Returns QEMU's status (124: timed out).
amp_guest_qemu() {
	local arch=$1 kernel=$2 initrd=$3 raw=$4 tmo=$5
	shift 5
	case "$arch" in
	amd64) amp_qemu_x86 "$kernel" "$initrd" "$raw" "$tmo" "$@" ;;
	arm64)
		timeout "$tmo" qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 1024 \
			-nographic -no-reboot -net none -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyAMA0 panic=-1 printk.time=0 $*" </dev/null >"$raw" 2>&1
		;;
	armhf)
		timeout "$tmo" qemu-system-arm -M virt -cpu cortex-a15 -m 512 \
			-nographic -no-reboot -net none -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyAMA0 panic=-1 printk.time=0 $*" </dev/null >"$raw" 2>&1
		;;
	*) amp_die "no guest for architecture $arch" ;;
	esac
}

# amp_guest_boot ARCH KERNEL INITRD LOG TIMEOUT [APPEND...]: amp_guest_qemu,
# console to LOG (CRs removed). Every init of ours prints an AMP- line
# first: a boot that never got there (the stock kernel stuck or dead under
# emulation, nothing of ours loaded yet) boots once more and says so; its
# console is kept as LOG.first. Returns QEMU's status.
amp_guest_boot() {
	local arch=$1 kernel=$2 initrd=$3 log=$4 tmo=$5 rc try
	shift 5
	for try in 1 2; do
		rc=0
		amp_guest_qemu "$arch" "$kernel" "$initrd" "$log.raw" "$tmo" "$@" || rc=$?
		tr -d '\r' <"$log.raw" >"$log"
		if grep -aq 'AMP-[A-Z]' "$log" || [ "$try" = 2 ]; then break; fi
		echo "# $(basename "$kernel") did not reach init (QEMU status $rc): once more"
		amp_guest_tail "$log"
		mv "$log" "$log.first"
	done
	return "$rc"
}

# amp_guest_tail LOG: the last lines of a guest's console, as TAP comments
# (what CI shows of a guest that did not finish).
amp_guest_tail() {
	echo "# console tail ($1):"
	tail -n "${2:-20}" "$1" | cut -c1-200 | sed 's/^/#   /'
}

# amp_stock_deps KMODS REL STAGE KO...: copy into STAGE the stock modules
# (from KMODS, the kernel's unpacked /lib/modules/REL) that the modules KO
# need, with what those need in turn (virtio, virtio_ring where the kernel
# builds them as modules): modprobe resolves them in a scratch tree holding
# the stock modules and ours.
amp_stock_deps() {
	local kmods=$1 rel=$2 stage=$3 scratch ko p
	shift 3
	[ -d "$kmods/kernel" ] || return 0
	scratch=$(mktemp -d)
	mkdir -p "$scratch/lib/modules/$rel/extra"
	cp -a "$kmods/." "$scratch/lib/modules/$rel/"
	rm -f "$scratch/lib/modules/$rel/build" "$scratch/lib/modules/$rel/source"
	cp "$@" "$scratch/lib/modules/$rel/extra/"
	depmod -b "$scratch" "$rel"
	for ko in "$@"; do
		modprobe -d "$scratch" -S "$rel" --show-depends "$(basename "$ko" .ko)" 2>/dev/null |
			awk '$1 == "insmod" { print $2 }'
	done | sort -u | while read -r p; do
		p=${p#"$scratch"/}
		case "$p" in
		*/extra/*) ;;
		*) mkdir -p "$stage/$(dirname "$p")"; cp "$scratch/$p" "$stage/$p" ;;
		esac
	done
	rm -rf "$scratch"
}

# amp_smoke_guest PREFIX WORK ARCH REL VMLINUZ MODINFO_DIR BUILD_DIR ROOTLET:
# load and unload every module of BUILD_DIR (tests excluded) with modprobe
# in a stock kernel. MODINFO_DIR holds that kernel's modules.builtin* and
# modules.order. Calls the caller's `result OK PREFIX.STEP [DETAIL]` per step.
amp_smoke_guest() {
	local pfx=$1 work=$2 arch=$3 rel=$4 vmlinuz=$5 kmods=$6 bdir=$7 rootlet=$8
	local stage=$work/initramfs log=$work/console.log ko m step qemu_ok=1 splats
	local kos=() mods=()
	mapfile -t kos < <(amp_modules "$bdir" | grep -v '^tests/')
	for ko in "${kos[@]}"; do mods+=("$(basename "$ko" .ko)"); done

	amp_guest_stage "$rootlet" "$stage"
	mkdir -p "$stage/lib/modules/$rel/extra"
	cp "$kmods"/modules.{builtin,builtin.modinfo,order} "$stage/lib/modules/$rel/"
	for ko in "${kos[@]}"; do cp "$bdir/$ko" "$stage/lib/modules/$rel/extra/"; done
	amp_stock_deps "$kmods" "$rel" "$stage" "${kos[@]/#/$bdir/}"
	depmod -b "$stage" "$rel"
	cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox mkdir -p /usr/local/bin
/bin/busybox --install -s /usr/local/bin
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/bin
# busybox sh prefers its own applets to PATH: use kmod's tools by path.
for t in modprobe rmmod modinfo; do eval "\$t() { /usr/sbin/\$t \"\\\$@\"; }"; done
mount -t proc proc /proc
mount -t sysfs sys /sys
echo AMP-SMOKE start
for m in ${mods[*]}; do
	if modprobe \$m && [ -d /sys/module/\$m ]; then echo "AMP-SMOKE load \$m ok"
	else echo "AMP-SMOKE load \$m fail"; fi
	v=\$(modinfo -F version \$m)
	[ -n "\$v" ] && [ "\$v" = "\$(cat /sys/module/\$m/version 2>/dev/null)" ] &&
		echo "AMP-SMOKE version \$m ok" || echo "AMP-SMOKE version \$m fail"
done
# Users first, whatever the order of the list: each pass unloads the
# modules nothing uses any more (modprobe -r also tries their dependencies).
for pass in 1 2 3 4 5 6 7 8; do
	for m in ${mods[*]}; do
		if [ -d /sys/module/\$m ] && [ "\$(cat /sys/module/\$m/refcnt)" = 0 ]; then
			modprobe -r \$m
		fi
	done
done
for m in ${mods[*]}; do
	if [ ! -d /sys/module/\$m ]; then echo "AMP-SMOKE unload \$m ok"
	else echo "AMP-SMOKE unload \$m fail"; fi
done
echo AMP-GUEST-DONE
reboot -f
INIT
	chmod +x "$stage/init"
	amp_initramfs_pack "$stage" "$work/initramfs.cpio.gz"
	amp_log "booting stock $rel ($arch; console: $log)"
	# loglevel=5: the console carries KERN_WARNING (a WARN's level) for amp_splats.
	amp_guest_boot "$arch" "$vmlinuz" "$work/initramfs.cpio.gz" "$log" \
		"${AMP_SMOKE_TIMEOUT:-600}" "loglevel=5" || qemu_ok=0
	for m in "${mods[@]}"; do
		for step in load version unload; do
			if grep -q "AMP-SMOKE $step $m ok\$" "$log"; then result 1 "$pfx.$step.$m"
			else result 0 "$pfx.$step.$m"; fi
		done
	done
	if grep -q "AMP-GUEST-DONE" "$log" && [ "$qemu_ok" = 1 ]; then result 1 "$pfx.guest"
	else
		amp_guest_tail "$log"
		result 0 "$pfx.guest" "guest did not finish; see $log"
	fi
	splats=$(amp_splats "$log")
	if [ -z "$splats" ]; then result 1 "$pfx.no-splat"
	else echo "$splats" | head -n 20 | sed 's/^/# /'; result 0 "$pfx.no-splat"; fi
}
