#!/usr/bin/env bash
# Build (or reuse from the cache) a test kernel: tinyconfig plus a config
# fragment kept in tests/qemu/, from the Debian linux-source of a release.
# Prints the build directory on stdout; it holds bzImage, the modules
# (modroot/) and everything needed to build out-of-tree modules (KDIR).
#
# usage: build-test-kernel.sh [--release bookworm|sid] [FRAGMENT]
#   bookworm (default): the host's linux-source-6.1 and gcc.
#   sid: sid's linux-source, built inside a sid chroot with sid's gcc
#        (amp_chroot_run bind-mounts the cache at the same path, so the build
#        directory works as KDIR inside that chroot too).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/chroot.sh"

release=bookworm
if [ "${1:-}" = --release ]; then release=$2; shift 2; fi
frag=${1:-$AMP_TOP/tests/qemu/debug.config}
[ -f "$frag" ] || amp_die "no such fragment: $frag"
name=$(basename "$frag" .config)

run=()
case "$release" in
bookworm)
	tarball=/usr/src/linux-source-6.1.tar.xz
	[ -f "$tarball" ] || amp_die "$tarball missing (apt-get install linux-source-6.1)"
	srcver=$(amp_linux_source_version)
	ccver=$(gcc -dumpfullversion)
	;;
sid)
	amp_apt_init sid sid
	pkg=$(amp_apt_cache depends linux-source | grep -o 'linux-source-[0-9.]*' | head -n1)
	[ -n "$pkg" ] || amp_die "no linux-source in sid"
	srcver=$(amp_apt_cache show "$pkg" | awk '/^Version:/ { print $2; exit }')
	amp_apt_fetch "$AMP_CACHE/source/$pkg-$srcver" "$pkg:all=$srcver" >&2
	tarball=$(ls "$AMP_CACHE/source/$pkg-$srcver"/usr/src/linux-source-*.tar.* | head -n1)
	croot=$(amp_chroot_for sid)
	ccver=$(amp_chroot_run "$croot" gcc -dumpfullversion)
	run=(amp_chroot_run "$croot")
	;;
*) amp_die "unknown release $release" ;;
esac

# The cache key: the fragment, the source and compiler versions, and the
# recipe version below. Bump AMP_KERNEL_RECIPE when a change to this script
# changes what gets built (not for comments or messages).
AMP_KERNEL_RECIPE=1
key=$(echo "$release $srcver $ccver recipe-$AMP_KERNEL_RECIPE" | amp_hash "$frag")
out=$AMP_CACHE/kernel/$name-$release-$key
src=$AMP_CACHE/kernel/src-$release-$srcver

# One build of a given kernel (name and key) at a time: a second caller
# waits, then finds it in the cache; other kernels build meanwhile.
mkdir -p "$AMP_CACHE/kernel"
exec 9>"$AMP_CACHE/kernel/.lock-$name-$release-$key"
flock 9
if [ -f "$out/.amp-done" ]; then
	amp_log "test kernel '$name' ($release) cached ($out)"
	echo "$out"
	exit 0
fi

# The source tree is shared by every kernel of the release (O= builds).
exec 8>"$src.lock"
flock 8
if [ ! -f "$src/.amp-done" ]; then
	amp_log "extracting linux-source $srcver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	touch "$src.tmp/.amp-done"
	mv "$src.tmp" "$src"
fi
exec 8>&-

amp_log "building test kernel '$name' ($release $srcver, gcc $ccver, key $key) with -j$AMP_JOBS; takes minutes"
rm -rf "$out"
mkdir -p "$out"
kmake() { "${run[@]}" make -s -C "$src" O="$out" ARCH=x86_64 "$@"; }
kmake tinyconfig >/dev/null
cp "$frag" "$out/amp-fragment.config"
"${run[@]}" "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
	"$out/amp-fragment.config" >/dev/null
kmake olddefconfig >/dev/null

# Every option the fragment asks for must have survived olddefconfig. A
# symbol that no Kconfig file of this kernel defines is only noted; one that
# exists but did not get its value (unmet dependencies) fails the build.
grep -rhoE --include='Kconfig*' '^[[:space:]]*(menu)?config [A-Z0-9_]+' "$src" |
	awk '{ print "CONFIG_" $2 }' | sort -u >"$out/amp-symbols"
missing=0
while read -r line; do
	case "$line" in
	CONFIG_*=*) opt=${line%%=*} ;;
	"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *} ;;
	*) continue ;;
	esac
	if ! grep -qxF "$opt" "$out/amp-symbols"; then
		amp_log "note: $opt does not exist in this kernel"
	elif ! grep -qE "^($opt=|# $opt is not set)" "$out/.config"; then
		[ "${line#CONFIG_}" = "$line" ] ||
			{ amp_log "fragment option has unmet dependencies: $line"; missing=1; }
	elif [ "${line#CONFIG_}" != "$line" ]; then
		grep -qxF "$line" "$out/.config" || { amp_log "fragment option lost: $line"; missing=1; }
	elif grep -q "^$opt=" "$out/.config"; then
		amp_log "fragment option forced on: $opt"; missing=1
	fi
done <"$frag"
[ "$missing" = 0 ] || amp_die "config fragment did not apply cleanly"

kmake -j"$AMP_JOBS" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -n 40 "$out/build.log" >&2; amp_die "kernel build failed (log: $out/build.log)"; }
kmake -j"$AMP_JOBS" modules_install INSTALL_MOD_PATH="$out/modroot" INSTALL_MOD_STRIP=1 >/dev/null
kmake kernelrelease >"$out/kernelrelease"
ln -sfn "$src" "$out/amp-source"
touch "$out/.amp-done"
amp_log "test kernel ready: $(cat "$out/kernelrelease")"
echo "$out"
