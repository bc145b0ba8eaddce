# shellcheck shell=bash
# Build the modules against a given kernel tree in a private copy of the
# source tree, so builds for several kernels and architectures never share
# objects with each other or with the developer's in-place build.

# amp_kbuild NAME KDIR [MAKE ARGS...]: build into $AMP_OUT/build/NAME with
# W=1. With AMP_KBUILD_CHROOT set, the copy goes to that chroot's /build/NAME
# and make runs inside the chroot (KDIR is then a path inside it). Fails on
# any compiler or modpost warning. Prints the build directory (host path).
# One build of a NAME at a time: a second caller (make check's lanes) waits,
# and its make then finds everything built. $AMP_OUT/build/NAME.log holds
# the output of each build of NAME in turn.
amp_kbuild() {
	local name=$1 kdir=$2 chroot=${AMP_KBUILD_CHROOT:-}
	shift 2
	mkdir -p "$AMP_OUT/build"
	(
		flock 9
		local dir inside log=$AMP_OUT/build/$name.log
		if [ -n "$chroot" ]; then
			inside=/build/$name
			dir=$chroot$inside
		else
			dir=$AMP_OUT/build/$name
			inside=$dir
		fi
		mkdir -p "$dir"
		# The .gitignore files name every build product: an in-place
		# build's objects, .mod files and modules.order (which carry the
		# checkout's paths) must never reach the copy. Products made in
		# the copy stay.
		rsync -a --delete --filter=':- .gitignore' --exclude /.git \
			"$AMP_TOP/" "$dir/"
		local cmd=(make -C "$inside" KDIR="$kdir" W=1 -j"$AMP_JOBS" "$@" modules)
		[ -z "$chroot" ] || cmd=(amp_chroot_run "$chroot" "${cmd[@]}")
		# The log keeps every build of NAME (the first one compiles; the
		# later callers' builds find it done); this one's output is
		# checked.
		local rc=0
		"${cmd[@]}" >"$log.last" 2>&1 || rc=$?
		{ echo "== $(date -u +%FT%TZ): ${cmd[*]}"; cat "$log.last"; } >>"$log"
		if [ $rc != 0 ]; then
			tail -n 30 "$log.last" >&2
			amp_log "module build '$name' failed (log: $log)"
			exit 1
		fi
		if grep -E '(warning|WARNING):' "$log.last" | grep -v 'Skipping BTF' >&2; then
			amp_log "module build '$name' has warnings (log: $log)"
			exit 1
		fi
		echo "$dir"
	) 9>"$AMP_OUT/build/.lock-$name"
}

# amp_kbuild_test KDIR [MAKE ARGS...]: the build against a test kernel
# (scripts/build-test-kernel.sh's directory KDIR) that every target using
# that kernel shares: all modules with the test clients of make bench and
# make soak (built only when asked for; nothing loads them unasked), named
# after the kernel's cache directory, so one build per kernel serves KUnit,
# userspace, fault injection, e2e, soak, bench and lint. AMP_KBUILD_CHROOT
# as for amp_kbuild. Prints the build directory.
amp_kbuild_test() {
	local kdir=$1
	shift
	amp_kbuild "$(amp_kbuild_test_name "$kdir")" "$kdir" AMP_BENCH=1 AMP_SOAK=1 "$@"
}
# amp_kbuild_test_name KDIR: that build's NAME (its log is
# $AMP_OUT/build/NAME.log).
amp_kbuild_test_name() { echo "test-$(basename "$1")"; }

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
