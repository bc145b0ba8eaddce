# shellcheck shell=bash
# Build the modules against a given kernel tree in a private copy of the
# source tree, so builds for several kernels and architectures never share
# objects with each other or with the developer's in-place build.

# amp_kbuild NAME KDIR [MAKE ARGS...]: build into $AMP_OUT/build/NAME with
# W=1. Fails on any compiler or modpost warning. Prints the build directory.
amp_kbuild() {
	local name=$1 kdir=$2 dir log
	shift 2
	dir=$AMP_OUT/build/$name
	log=$AMP_OUT/build/$name.log
	mkdir -p "$dir"
	rsync -a --delete --exclude /.git --exclude /.cache --exclude /out \
		--exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
		"$AMP_TOP/" "$dir/"
	if ! make -C "$dir" KDIR="$kdir" W=1 -j"$AMP_JOBS" "$@" modules >"$log" 2>&1; then
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
