# shellcheck shell=bash
# Build the modules against a given kernel tree in a private copy of the
# source tree, so builds for several kernels and architectures never share
# objects with each other or with the developer's in-place build.

# amp_kbuild NAME KDIR [MAKE ARGS...]: build into $AMP_OUT/build/NAME with
# W=1. With AMP_KBUILD_CHROOT set, the copy goes to that chroot's /build/NAME
# and make runs inside the chroot (KDIR is then a path inside it). Fails on
# any compiler or modpost warning. Prints the build directory (host path).
amp_kbuild() {
	local name=$1 kdir=$2 dir inside log chroot=${AMP_KBUILD_CHROOT:-}
	shift 2
	if [ -n "$chroot" ]; then
		inside=/build/$name
		dir=$chroot$inside
	else
		dir=$AMP_OUT/build/$name
		inside=$dir
	fi
	log=$AMP_OUT/build/$name.log
	mkdir -p "$dir" "$AMP_OUT/build"
	# The .gitignore files name every build product: an in-place build's
	# objects, .mod files and modules.order (which carry the checkout's
	# paths) must never reach the copy. Products made in the copy stay.
	rsync -a --delete --filter=':- .gitignore' --exclude /.git \
		"$AMP_TOP/" "$dir/"
	local cmd=(make -C "$inside" KDIR="$kdir" W=1 -j"$AMP_JOBS" "$@" modules)
	[ -z "$chroot" ] || cmd=(amp_chroot_run "$chroot" "${cmd[@]}")
	if ! "${cmd[@]}" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		amp_log "module build '$name' failed (log: $log)"
		return 1
	fi
	if grep -E '(warning|WARNING):' "$log" | grep -v 'Skipping BTF' >&2; then
		amp_log "module build '$name' has warnings (log: $log)"
		return 1
	fi
	echo "$dir"
}

# amp_modules DIR: the module files a build produced (sorted, relative).
amp_modules() {
	(cd "$1" && find . -name '*.ko' -not -path './out/*' | sed 's|^\./||' | sort)
}

# amp_stock_args ARCH: the make arguments of a build for a stock kernel of
# ARCH (dpkg name) in AMP_STOCK_ARGS, its compiler in AMP_STOCK_CC: the
# sample driver (the end-to-end suite loads it) and, for a foreign ARCH,
# Debian's cross gcc. make cross, symvers-check and e2e build under one
# name, stock-samples-REL, with these arguments, so the first build serves
# the others; the matrix builds the same in each release's chroot.
amp_stock_args() {
	AMP_STOCK_ARGS=(AMP_SAMPLES=1)
	AMP_STOCK_CC=gcc
	case "$1" in
	amd64) ;;
	arm64)
		AMP_STOCK_ARGS+=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
		AMP_STOCK_CC=aarch64-linux-gnu-gcc
		;;
	armhf)
		AMP_STOCK_ARGS+=(ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf-)
		AMP_STOCK_CC=arm-linux-gnueabihf-gcc
		;;
	*) amp_die "no stock kernel build for architecture $1" ;;
	esac
}
