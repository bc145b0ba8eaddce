#!/usr/bin/env bash
# make matrix: build, check and boot ampipc on every stock kernel of
# tests/matrix/kernels.txt, exactly as a user of that release would: inside a
# debootstrap chroot of the release, with its own gcc (or cross gcc) and its
# linux-headers; then the release's stock linux-image boots in QEMU (TCG) and
# every module is loaded and unloaded with modprobe (the smoke), and the
# end-to-end suite (tests/e2e/guest) runs in a second boot. The host's own
# release (bookworm on a Debian 12 machine) builds on the host instead.
#
# usage: scripts/matrix.sh [--boot all|none|"name/arch ..."] [--e2e all|none|"name/arch ..."]
#                          [--table FILE] [--readme]
#   --boot   which rows boot for the smoke (default: all)
#   --e2e    which booted rows also run the end-to-end suite (default: all)
#   --table  also write the support table (markdown) to FILE
#   --readme also put it in README.md between the support-matrix markers
# Rows whose gate is "report" never fail the run; their failures are
# reported as skipped.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/guest.sh"
. "$AMP_TOP/scripts/lib/chroot.sh"
. "$AMP_TOP/scripts/lib/e2e.sh"

boot=all e2e=all table="" readme=0
while [ $# -gt 0 ]; do
	case "$1" in
	--boot) boot=$2; shift 2 ;;
	--e2e) e2e=$2; shift 2 ;;
	--table) table=$2; shift 2 ;;
	--readme) readme=1; shift ;;
	*) amp_die "usage: $0 [--boot ROWS] [--e2e ROWS] [--table FILE] [--readme]" ;;
	esac
done

rows=$AMP_TOP/tests/matrix/kernels.txt
host_release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
work=$AMP_OUT/matrix
mkdir -p "$work"
: >"$work/table.tsv"

# row: a row's checks passed/run so far (skips apart), for the support table.
row() {
	local s=$((skip - s0))
	echo "$((pass - pass0))/$((n - n0 - s))$([ "$s" = 0 ] || echo ", $s skipped")"
}

# picked SPEC NAME ARCH: whether SPEC (all, none or "name/arch ...") names
# the row.
picked() { [ "$1" = all ] || [[ " $1 " == *" $2/$3 "* ]]; }

# find_image DIR: the kernel image inside an unpacked linux-image/binary.
find_image() {
	find "$1" \( -path '*/boot/vmlinuz-*' -o -path '*/lib/modules/*/vmlinuz' \) -type f | head -n1
}

while read -r name chroot suites arch flavour AMP_GATE; do
	pass0=$pass n0=$n s0=$skip
	id=$name.$arch
	amp_apt_init "$name" ${suites//,/ }
	# The host's own release builds on the host, as its users do, under
	# the name make cross, symvers-check and e2e build with (one build
	# serves them all); the others in a debootstrap chroot of theirs.
	if [ "$chroot" = "$host_release" ]; then
		croot="" bname=stock-samples where=host
	else
		croot=$(amp_chroot_for "$chroot") bname=matrix where="chroot $chroot"
	fi
	echo "# -- $id ($flavour, $where, $AMP_GATE)"
	if ! kdir=$(amp_stock_headers "$flavour" "$arch" "$croot"); then
		result 0 "matrix.$id.headers"
		printf '%s\t%s\t%s\t-\tno\t-\t-\t-\n' "$name" "$arch" "?" >>"$work/table.tsv"
		continue
	fi
	rel=$(basename "$kdir"); rel=${rel#linux-headers-}
	# with the sample drivers, which the end-to-end suite loads
	amp_stock_args "$arch"
	margs=("${AMP_STOCK_ARGS[@]}")
	if [ -n "$croot" ]; then
		gccv=$(amp_chroot_run "$croot" "$AMP_STOCK_CC" -dumpfullversion 2>/dev/null || echo "?")
	else
		gccv=$("$AMP_STOCK_CC" -dumpfullversion 2>/dev/null || echo "?")
	fi

	built=no
	if bdir=$(AMP_KBUILD_CHROOT=$croot amp_kbuild "$bname-$rel" "$kdir" "${margs[@]}"); then
		built=yes
		result 1 "matrix.$id.build ($rel, gcc $gccv)"
		ours=$(awk -F'\t' '{ print $2 }' "$bdir/Module.symvers" | sort -u)
		clash=$(awk -F'\t' '{ print $2 }' "$croot$kdir/Module.symvers" | sort -u |
			comm -12 - <(echo "$ours"))
		[ -z "$clash" ] && result 1 "matrix.$id.symvers" ||
			result 0 "matrix.$id.symvers" "clash: $(echo $clash)"
	else
		result 0 "matrix.$id.build ($rel, gcc $gccv)" "log: $AMP_OUT/build/$bname-$rel.log"
	fi

	loaded="-" e2es="-"
	if [ "$built" = yes ] && picked "$boot" "$name" "$arch"; then
		img=$AMP_CACHE/images/$rel
		amp_apt_fetch "$img" "linux-image-$rel:$arch"
		vmlinuz=$(find_image "$img")
		if [ -z "$vmlinuz" ]; then
			# Newer releases split the image: the kernel is in
			# linux-binary, modules.builtin* and .order in linux-base.
			amp_apt_fetch "$img" "linux-binary-$rel:$arch" "linux-base-$rel:$arch"
			vmlinuz=$(find_image "$img")
		fi
		kmods=$(find "$img" -path "*/lib/modules/$rel/modules.builtin" | head -n1)
		if [ -z "$vmlinuz" ] || [ -z "$kmods" ]; then
			result 0 "matrix.$id.image" "no kernel image or modules.builtin in the $rel packages"
			printf '%s\t%s\t%s\t%s\t%s\t-\t-\t%s\n' "$name" "$arch" "$rel" "$gccv" "$built" \
				"$(row)" >>"$work/table.tsv"
			continue
		fi
		kmods=$(dirname "$kmods")
		rootlet=$(amp_rootlet "$arch")
		before=$pass
		mkdir -p "$work/$id"
		amp_smoke_guest "matrix.$id" "$work/$id" "$arch" "$rel" "$vmlinuz" "$kmods" "$bdir" "$rootlet"
		loaded=$((pass - before))
		if picked "$e2e" "$name" "$arch"; then
			# The suite loads stock modules (the kernel's own rpmsg
			# where it ships one): split releases keep them apart.
			[ -d "$kmods/kernel" ] || amp_apt_fetch "$img" "linux-modules-$rel:$arch"
			preload=()
			[ -z "$(find "$kmods" -name 'rpmsg_core.ko*' | head -n1)" ] || preload=(rpmsg_core)
			amp_e2e_payload "$arch" "$work/$id/payload"
			before=$pass nb=$n sb=$skip
			amp_e2e_guest "matrix.$id.e2e" "$work/$id/e2e" "$arch" "$rel" "$vmlinuz" \
				"$kmods" "$bdir" "$rootlet" "$work/$id/payload" "${preload[@]}"
			# skipped cases (a feature the kernel lacks) count apart
			e2es="$((pass - before))/$((n - nb - skip + sb))"
			[ "$skip" = "$sb" ] || e2es="$e2es, $((skip - sb)) skipped"
		fi
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$arch" "$rel" "$gccv" "$built" \
		"$loaded" "$e2es" "$(row)" >>"$work/table.tsv"
done < <(grep -v '^#' "$rows" | grep .)

{
	echo "| release | arch | kernel | gcc | built | smoke steps passed | e2e cases passed | checks passed |"
	echo "|---|---|---|---|---|---|---|---|"
	awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' \
		"$work/table.tsv"
} >"$work/table.md"
if [ -n "$table" ]; then
	{
		echo "# Support matrix"
		echo
		echo "Written by \`make matrix\` on $(date -u +%Y-%m-%d) at commit" \
			"$(git -C "$AMP_TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)."
		echo "Each row: modules built in a chroot of that release with its own gcc"
		echo "(the host's release, $host_release, on the host),"
		echo "exports checked against that kernel's Module.symvers, then the stock"
		echo "image booted in QEMU (TCG) and every module loaded, version-checked and"
		echo "unloaded with modprobe (the smoke); then a second boot runs the end-to-end"
		echo "suite (tests/e2e/guest) with the sim as the remote. \"checks passed\""
		echo "counts all of a row's checks."
		echo
		cat "$work/table.md"
	} >"$table"
fi
if [ "$readme" = 1 ]; then
	python3 - "$AMP_TOP/README.md" "$work/table.md" <<'PY'
import sys
readme, table = sys.argv[1], open(sys.argv[2]).read()
text = open(readme).read()
begin, end = "<!-- support-matrix:begin -->", "<!-- support-matrix:end -->"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    open(readme, "w").write(head + begin + "\n" + table + end + tail)
PY
fi
sed 's/^/# /' "$work/table.md"
AMP_GATE=required
amp_summary
