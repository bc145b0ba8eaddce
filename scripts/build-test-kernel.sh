#!/usr/bin/env bash
# Build (or reuse from the cache) a test kernel from Debian's linux-source-6.1:
# tinyconfig plus a config fragment kept in tests/qemu/. Prints the build
# directory on stdout; it holds bzImage, the modules and everything needed to
# build out-of-tree modules against it (KDIR).
#
# usage: build-test-kernel.sh [FRAGMENT]   (default: tests/qemu/debug.config)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

frag=${1:-$AMP_TOP/tests/qemu/debug.config}
[ -f "$frag" ] || amp_die "no such fragment: $frag"
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || amp_die "$tarball missing (apt-get install linux-source-6.1)"
srcver=$(amp_linux_source_version)
name=$(basename "$frag" .config)
key=$(echo "$srcver $(gcc -dumpfullversion)" | amp_hash "$frag" "$0")
out=$AMP_CACHE/kernel/$name-$key
src=$AMP_CACHE/kernel/src-$srcver

if [ -f "$out/.amp-done" ]; then
	amp_log "test kernel '$name' cached ($out)"
	echo "$out"
	exit 0
fi

if [ ! -f "$src/.amp-done" ]; then
	amp_log "extracting linux-source $srcver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	touch "$src.tmp/.amp-done"
	mv "$src.tmp" "$src"
fi

amp_log "building test kernel '$name' ($srcver, key $key) with -j$AMP_JOBS; takes minutes"
rm -rf "$out"
mkdir -p "$out"
kmake() { make -s -C "$src" O="$out" ARCH=x86_64 "$@"; }
kmake tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag" >/dev/null
kmake olddefconfig >/dev/null

# Every option the fragment asks for must have survived olddefconfig.
missing=0
while read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$out/.config" || { amp_log "fragment option lost: $line"; missing=1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		if grep -q "^$opt=" "$out/.config"; then amp_log "fragment option forced on: $opt"; missing=1; fi ;;
	esac
done <"$frag"
[ "$missing" = 0 ] || amp_die "config fragment did not apply cleanly"

kmake -j"$AMP_JOBS" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -n 40 "$out/build.log" >&2; amp_die "kernel build failed (log: $out/build.log)"; }
kmake -j"$AMP_JOBS" modules_install INSTALL_MOD_PATH="$out/modroot" INSTALL_MOD_STRIP=1 >/dev/null
kmake kernelrelease >"$out/kernelrelease"
touch "$out/.amp-done"
amp_log "test kernel ready: $(cat "$out/kernelrelease")"
echo "$out"
