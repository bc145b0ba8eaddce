# shellcheck shell=bash
# Guests of any architecture for the stock-kernel tests: a minimal root
# (busybox-static and the real kmod, with their libraries, from the same
# Debian suite and architecture as the kernel), and QEMU boots for amd64,
# arm64 and armhf. Needs scripts/lib/{common,apt,qemu}.sh and an apt root
# initialised for the suite (amp_apt_init).

# amp_rootlet ARCH: unpack busybox-static and kmod with the closure of their
# dependencies for ARCH (from the current apt root) into a cached directory,
# laid out merged-/usr so packages of any release work. Prints the directory.
amp_rootlet() {
	local arch=$1 dir debs d
	dir=$AMP_APT_ROOT/rootlet-$arch
	if [ ! -f "$dir/.amp-done" ]; then
		rm -rf "$dir" "$dir.debs"
		mkdir -p "$dir.debs/partial" "$dir"
		amp_apt -qq -y --download-only -o "APT::Architecture=$arch" \
			-o "Dir::Cache::archives=$dir.debs" \
			install "kmod:$arch" "busybox-static:$arch" >"$dir.log" 2>&1 ||
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

# amp_guest_boot ARCH KERNEL INITRD LOG TIMEOUT [APPEND...]: boot a guest of
# ARCH (amd64, arm64, armhf) until it reboots; console to LOG (CRs removed).
amp_guest_boot() {
	local arch=$1 kernel=$2 initrd=$3 log=$4 tmo=$5 rc=0
	shift 5
	case "$arch" in
	amd64)
		amp_qemu_x86 "$kernel" "$initrd" "$log.raw" "$tmo" "$@" || rc=$?
		;;
	arm64)
		timeout "$tmo" qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 1024 \
			-nographic -no-reboot -net none -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyAMA0 panic=-1 printk.time=0 $*" </dev/null >"$log.raw" 2>&1 || rc=$?
		;;
	armhf)
		timeout "$tmo" qemu-system-arm -M virt -cpu cortex-a15 -m 512 \
			-nographic -no-reboot -net none -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyAMA0 panic=-1 printk.time=0 $*" </dev/null >"$log.raw" 2>&1 || rc=$?
		;;
	*) amp_die "no guest for architecture $arch" ;;
	esac
	tr -d '\r' <"$log.raw" >"$log"
	return $rc
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
	depmod -b "$stage" "$rel"
	cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox mkdir -p /usr/local/bin
/bin/busybox --install -s /usr/local/bin
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
for m in ${mods[*]}; do
	if modprobe \$m && [ -d /sys/module/\$m ]; then echo "AMP-SMOKE load \$m ok"
	else echo "AMP-SMOKE load \$m fail"; fi
	v=\$(modinfo -F version \$m)
	[ -n "\$v" ] && [ "\$v" = "\$(cat /sys/module/\$m/version 2>/dev/null)" ] &&
		echo "AMP-SMOKE version \$m ok" || echo "AMP-SMOKE version \$m fail"
done
# Users before the modules they use (the backends use amp_rproc): rmmod
# what nothing uses, in rounds; whatever is left at the end failed.
for round in 1 2 3 4 5 6; do
	for m in ${mods[*]}; do
		[ -d /sys/module/\$m ] && [ "\$(cat /sys/module/\$m/refcnt)" = 0 ] &&
			rmmod \$m
	done
done
for m in $(printf '%s\n' "${mods[@]}" | tac | tr '\n' ' '); do
	if [ ! -d /sys/module/\$m ]; then echo "AMP-SMOKE unload \$m ok"
	else echo "AMP-SMOKE unload \$m fail"; fi
done
echo AMP-GUEST-DONE
reboot -f
INIT
	chmod +x "$stage/init"
	amp_initramfs_pack "$stage" "$work/initramfs.cpio.gz"
	amp_log "booting stock $rel ($arch; console: $log)"
	amp_guest_boot "$arch" "$vmlinuz" "$work/initramfs.cpio.gz" "$log" \
		"${AMP_SMOKE_TIMEOUT:-600}" "loglevel=4" || qemu_ok=0
	for m in "${mods[@]}"; do
		for step in load version unload; do
			if grep -q "AMP-SMOKE $step $m ok\$" "$log"; then result 1 "$pfx.$step.$m"
			else result 0 "$pfx.$step.$m"; fi
		done
	done
	if grep -q "AMP-GUEST-DONE" "$log" && [ "$qemu_ok" = 1 ]; then result 1 "$pfx.guest"
	else result 0 "$pfx.guest" "guest did not finish; see $log"; fi
	splats=$(amp_splats "$log")
	if [ -z "$splats" ]; then result 1 "$pfx.no-splat"
	else echo "$splats" | head -n 20 | sed 's/^/# /'; result 0 "$pfx.no-splat"; fi
}
