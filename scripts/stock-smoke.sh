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
. "$AMP_TOP/scripts/lib/guest.sh"

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
	# The module's sources: its .mod file lists its objects (modules such as
	# the backends keep theirs in subdirectories); else its directory.
	srcs=()
	while read -r o; do
		[ -f "${o%.o}.c" ] && srcs+=("${o%.o}.c")
	done < <(tr ' ' '\n' <"$bdir/${ko%.ko}.mod" 2>/dev/null | grep '\.o$' || true)
	[ ${#srcs[@]} -gt 0 ] || srcs=("$bdir/$(dirname "$ko")"/*.c)
	want=$({ grep -hoE 'module_param(_named)?\(\s*[a-z0-9_]+' "${srcs[@]}" 2>/dev/null || true; } |
		sed -E 's/.*\(\s*//' | sort -u)
	have=$(modinfo -F parm "$bdir/$ko" | cut -d: -f1 | sort -u)
	for p in $want; do
		grep -qx "$p" <<<"$have" || missing+=" parm:$p"
	done
	[ -z "$missing" ] && result 1 "smoke.modinfo.$m" || result 0 "smoke.modinfo.$m" "missing:$missing"
done

rootlet=$(amp_rootlet amd64)
amp_smoke_guest smoke "$work" amd64 "$rel" "$vmlinuz" "$img/lib/modules/$rel" "$bdir" "$rootlet"
amp_summary
