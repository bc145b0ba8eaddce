#!/usr/bin/env bash
# make smoke: build the modules against Debian's stock linux-headers-amd64,
# boot Debian's stock linux-image-amd64 of the same ABI in QEMU with a busybox
# initramfs, and load and unload every module with real modprobe (kmod) after
# depmod, checking modinfo. Prints result lines and `N passed, N failed`.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"

amp_apt_bookworm
abi=$(amp_apt_abi amd64 amd64)
rel=$abi-amd64
kdir=$(amp_stock_headers amd64 amd64)
img=$AMP_CACHE/images/$rel
amp_apt_fetch "$img" "linux-image-$rel:amd64"
vmlinuz=$img/boot/vmlinuz-$rel
[ -f "$vmlinuz" ] || amp_die "no kernel image in linux-image-$rel"
work=$AMP_OUT/smoke-$rel
mkdir -p "$work"

n=0 pass=0 fail=0
result() { # result OK NAME [DETAIL]
	n=$((n + 1))
	if [ "$1" = 1 ]; then echo "ok $n - $2"; pass=$((pass + 1))
	else echo "not ok $n - $2${3:+ ($3)}"; fail=$((fail + 1)); fi
}

if ! bdir=$(amp_kbuild "stock-$rel" "$kdir"); then
	result 0 "smoke.build.$rel"
	echo "$pass passed, $fail failed"
	exit 1
fi
result 1 "smoke.build.$rel"
mapfile -t kos < <(amp_modules "$bdir" | grep -v '^tests/')
mods=()
for ko in "${kos[@]}"; do mods+=("$(basename "$ko" .ko)"); done

# modinfo on the built files: license, description, version, and one parm
# entry for every module_param in the module's sources.
for ko in "${kos[@]}"; do
	m=$(basename "$ko" .ko)
	missing=""
	for f in license description version; do
		[ -n "$(modinfo -F "$f" "$bdir/$ko")" ] || missing+=" $f"
	done
	want=$(grep -hoE 'module_param(_named)?\(\s*[a-z0-9_]+' "$bdir/$(dirname "$ko")"/*.c 2>/dev/null |
		sed -E 's/.*\(\s*//' | sort -u)
	have=$(modinfo -F parm "$bdir/$ko" | cut -d: -f1 | sort -u)
	for p in $want; do
		grep -qx "$p" <<<"$have" || missing+=" parm:$p"
	done
	[ -z "$missing" ] && result 1 "smoke.modinfo.$m" || result 0 "smoke.modinfo.$m" "missing:$missing"
done

stage=$work/initramfs
amp_initramfs_stage "$stage"
mdir=$stage/lib/modules/$rel
mkdir -p "$mdir/extra"
cp "$img/lib/modules/$rel"/modules.{builtin,builtin.modinfo,order} "$mdir/"
for ko in "${kos[@]}"; do cp "$bdir/$ko" "$mdir/extra/"; done
depmod -b "$stage" "$rel"

# Load in the order given (dependencies are pulled in by modprobe), then
# remove in reverse; the guest reports each step.
cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
for m in ${mods[*]}; do
	if modprobe \$m && [ -d /sys/module/\$m ]; then echo "AMP-SMOKE load \$m ok"
	else echo "AMP-SMOKE load \$m fail"; fi
	v=\$(modinfo -F version \$m)
	[ -n "\$v" ] && [ "\$v" = "\$(cat /sys/module/\$m/version 2>/dev/null)" ] &&
		echo "AMP-SMOKE version \$m ok" || echo "AMP-SMOKE version \$m fail"
done
for m in $(printf '%s\n' "${mods[@]}" | tac | tr '\n' ' '); do
	if modprobe -r \$m && [ ! -d /sys/module/\$m ]; then echo "AMP-SMOKE unload \$m ok"
	else echo "AMP-SMOKE unload \$m fail"; fi
done
echo AMP-GUEST-DONE
reboot -f
INIT
chmod +x "$stage/init"
amp_initramfs_pack "$stage" "$work/initramfs.cpio.gz"

log=$work/console.log
amp_log "booting stock $rel (console: $log)"
qemu_ok=1
amp_qemu_x86 "$vmlinuz" "$work/initramfs.cpio.gz" "$log" "${AMP_SMOKE_TIMEOUT:-600}" "loglevel=4" ||
	qemu_ok=0
tr -d '\r' <"$log" >"$log.txt"
for m in "${mods[@]}"; do
	for step in load version unload; do
		grep -q "AMP-SMOKE $step $m ok\$" "$log.txt" && result 1 "smoke.$step.$m" ||
			result 0 "smoke.$step.$m"
	done
done
grep -q "AMP-GUEST-DONE" "$log.txt" && [ "$qemu_ok" = 1 ] && result 1 "smoke.guest" ||
	result 0 "smoke.guest" "guest did not finish; see $log"
splats=$(amp_splats "$log.txt")
[ -z "$splats" ] && result 1 "smoke.no-splat" || { echo "$splats" | head -n 20 | sed 's/^/# /'; result 0 "smoke.no-splat"; }

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
