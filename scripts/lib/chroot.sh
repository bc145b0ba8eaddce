# shellcheck shell=bash
# Build chroots: a `debootstrap --variant=minbase` system of a Debian release,
# so modules are built exactly as a user of that release would build them
# (its gcc, its make, its kbuild tools). Cached, keyed by the suite and the
# package list; the archive URI comes from the host's apt sources.

# amp_chroot SUITE PACKAGE...: prints the chroot directory.
amp_chroot() {
	local suite=$1 key dir uri
	shift
	key=$(echo "$suite $*" | amp_hash "${BASH_SOURCE[0]}")
	dir=$AMP_CACHE/chroot/$suite-$key
	if [ ! -f "$dir/.amp-done" ]; then
		uri=$(amp_archive_uri main)
		amp_log "debootstrap $suite (minbase + $*); about a minute"
		rm -rf "$dir"
		mkdir -p "$(dirname "$dir")"
		debootstrap --variant=minbase --include="$(echo "$@" | tr ' ' ',')" \
			"$suite" "$dir" "$uri" >"$dir.log" 2>&1 ||
			{ tail -n 20 "$dir.log" >&2; amp_die "debootstrap $suite failed (log: $dir.log)"; }
		# Archive snapshots can carry expired Release files.
		printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' \
			>"$dir/etc/apt/apt.conf.d/99ampipc"
		touch "$dir/.amp-done"
	fi
	echo "$dir"
}

# amp_chroot_run DIR CMD...: run CMD inside the chroot with a clean
# environment, /proc mounted (newer kernels' objtool reads it), and the cache
# bind-mounted at its own path, so paths into the cache (kernel trees built
# there) mean the same inside and out. The mounts are made in a mount
# namespace of the command's own: they go with it, the host never sees them
# (so nothing can remove the cache through them), and runs in the same
# chroot at once do not unmount each other's.
amp_chroot_run() {
	local dir=$1
	shift
	mkdir -p "$dir/proc" "$dir$AMP_CACHE"
	unshare --mount --propagation private -- /bin/sh -c '
		d=$1 c=$2
		shift 2
		mount -t proc proc "$d/proc" && mount --bind "$c" "$d$c" || exit 125
		exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
			chroot "$d" "$@"' sh "$dir" "$AMP_CACHE" "$@"
}

# amp_chroot_for CHROOT: the build chroot named CHROOT in
# tests/matrix/kernels.txt, with what both module builds and test-kernel
# builds need, plus the cross gcc of every foreign architecture the matrix
# builds there. One chroot per release serves every use.
amp_chroot_for() {
	local want=$1 c a
	local pk="build-essential kmod libelf-dev dwarves bc bison flex libssl-dev openssl cpio python3"
	while read -r _ c _ a _ _; do
		[ "$c" = "$want" ] || continue
		case "$a" in
		arm64) pk+=" gcc-aarch64-linux-gnu" ;;
		armhf) pk+=" gcc-arm-linux-gnueabihf" ;;
		esac
	done < <(grep -v '^#' "$AMP_TOP/tests/matrix/kernels.txt" | grep .)
	# shellcheck disable=SC2046
	amp_chroot "$want" $(echo "$pk" | tr ' ' '\n' | sort -u)
}
