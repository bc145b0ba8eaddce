#!/usr/bin/env bash
# Debian packages and DKMS (docs/packaging.md).
#
#   deb.sh                      make deb: build the packages from a temporary
#                               copy of the checkout into out/deb/, then check
#                               them (result lines, then `N passed, N failed`)
#   deb.sh stage DIR            write the DKMS source tree, what
#                               /usr/src/ampipc-<version> holds, to DIR
#                               (debian/rules uses it too)
#   deb.sh dkms-install KVER [KDIR]
#                               make dkms-install: stage, dkms add, build and
#                               install for kernel KVER (headers in KDIR, else
#                               /lib/modules/KVER/build, else
#                               /usr/src/linux-headers-KVER)
#   deb.sh dkms-remove          make dkms-remove: dkms remove --all, and the
#                               staged source
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

# The DKMS source tree: everything the top-level Makefile needs to build the
# modules and nothing else (no tests/, debian/, out/, .cache/). deb.dkms-tree
# builds the shipped tree on its own, so a file missing here shows there.
dkms_paths=(Makefile Kbuild VERSION dkms.conf scripts/Kbuild.common
	scripts/compat-probe.sh compat include rproc_core rpmsg_bus)
# Shipped when present (later issues add them).
dkms_optional=(backends)
# Build products of an in-place build (as in .gitignore) are never shipped.
dkms_exclude=('*.o' '*.ko' '*.mod' '*.mod.c' '*.cmd' '*.a' '*.o.d'
	modules.order Module.symvers .tmp_versions .cache.mk compat/generated)

# Kernel releases the dkms.conf range must accept, and must refuse.
range_in=(6.1.0-56-amd64 6.1.0-50-armmp 6.12.118+deb13-amd64 7.2.13+deb14-arm64 7.3-amd64)
range_out=(5.10.0-30-amd64 6.0.0-1-amd64 4.19.0-27-amd64 8.0.0-1-amd64 16.1.0-1-amd64)

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

version() {
	local v
	v=$(cat "$top/VERSION")
	[[ $v =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || die "VERSION holds '$v', not a version"
	echo "$v"
}

# stage DIR: the DKMS source tree, dkms.conf's version filled in from VERSION.
stage() {
	local dest=$1 ver p paths=("${dkms_paths[@]}") ex=()
	ver=$(version)
	for p in "${dkms_optional[@]}"; do
		[ ! -e "$top/$p" ] || paths+=("$p")
	done
	for p in "${dkms_exclude[@]}"; do
		ex+=(--exclude="$p")
	done
	mkdir -p "$dest"
	tar -C "$top" --owner=0 --group=0 "${ex[@]}" -cf - "${paths[@]}" |
		tar -C "$dest" --no-same-owner -xf -
	# Directories that hold nothing (yet) are not shipped.
	find "$dest" -mindepth 1 -type d -empty -delete
	sed -i "s/#MODULE_VERSION#/$ver/" "$dest/dkms.conf"
}

need_root() {
	[ "$(id -u)" = 0 ] || die "$1 needs root"
	command -v dkms >/dev/null || die "dkms is not installed (apt-get install dkms)"
}

# The package that owns PATH, if any.
owner() {
	{ dpkg-query -S "$1" 2>/dev/null || true; } | cut -d: -f1 | head -n1
}

dkms_remove() {
	local ver src pkg
	need_root dkms-remove
	ver=$(version)
	src=/usr/src/ampipc-$ver
	pkg=$(owner "$src")
	[ -z "$pkg" ] || die "$src belongs to the package $pkg: apt-get purge $pkg"
	if [ -n "$(dkms status -m ampipc -v "$ver")" ]; then
		dkms remove "ampipc/$ver" --all
	fi
	rm -rf "$src"
	echo "ampipc/$ver: removed from DKMS and $src"
}

dkms_install() {
	local kver=${1:-$(uname -r)} kdir=${2:-} ver src pkg args rc=0
	need_root dkms-install
	ver=$(version)
	src=/usr/src/ampipc-$ver
	pkg=$(owner "$src")
	[ -z "$pkg" ] || die "$src belongs to the package $pkg: apt-get purge $pkg first"
	# dkms looks for /lib/modules/KVER/build; a kernel that is not installed
	# (a chroot's, another machine's) has its headers elsewhere.
	if [ -z "$kdir" ] && [ ! -e "/lib/modules/$kver/build/include" ]; then
		kdir=/usr/src/linux-headers-$kver
		[ -e "$kdir/include" ] ||
			die "no headers for $kver in /lib/modules/$kver/build or $kdir: install linux-headers-$kver, or give KVER= (and KDIR=)"
	fi
	args=(-k "$kver")
	[ -z "$kdir" ] || args+=(--kernelsourcedir "$kdir")

	# A previous make dkms-install of this version is replaced.
	if [ -n "$(dkms status -m ampipc -v "$ver")" ]; then
		dkms remove "ampipc/$ver" --all
	fi
	rm -rf "$src"
	stage "$src"
	dkms add "ampipc/$ver"
	dkms build "ampipc/$ver" "${args[@]}" || rc=$?
	[ $rc != 77 ] || die "kernel $kver is outside ampipc's range (BUILD_EXCLUSIVE_KERNEL in dkms.conf); make dkms-remove cleans up"
	[ $rc = 0 ] || die "dkms build failed (log: /var/lib/dkms/ampipc/$ver/build/make.log); make dkms-remove cleans up"
	dkms install "ampipc/$ver" "${args[@]}"
	dkms status -m ampipc -v "$ver"
}

# --- make deb -------------------------------------------------------------

# The checkout as git sees it (tracked and untracked, minus ignored files),
# copied to DIR.
copy_checkout() {
	local dest=$1
	mkdir -p "$dest"
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			[ ! -e "$top/$f" ] || printf '%s\0' "$f"
		done |
		tar -C "$top" --null --no-recursion -T - -cf - |
		tar -C "$dest" -xf -
}

# in_range TREE KVER: the kernel range of TREE's dkms.conf accepts KVER.
in_range() {
	(
		set +u
		kernelver=$2
		# shellcheck disable=SC1091
		. "$1/dkms.conf"
		[[ $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]]
	)
}

# check_conf TREE VERSION: dkms.conf of the shipped tree as dkms reads it.
check_conf() {
	local tree=$1 ver=$2 k bad=()
	grep -qx "PACKAGE_VERSION=\"$ver\"" "$tree/dkms.conf" ||
		bad+=("dkms.conf version is not $ver")
	for k in tests debian out .cache; do
		[ ! -e "$tree/$k" ] || bad+=("ships $k/")
	done
	# dkms tests [[ $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]] (bash regex).
	for k in "${range_in[@]}"; do
		in_range "$tree" "$k" || bad+=("range refuses $k")
	done
	for k in "${range_out[@]}"; do
		! in_range "$tree" "$k" || bad+=("range accepts $k")
	done
	[ ${#bad[@]} = 0 ] || { echo "${bad[*]}"; return 1; }
}

# kernel_release KDIR: the release (uname -r) of the kernel KDIR is for.
kernel_release() {
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$1/include/generated/utsrelease.h"
}

# build_tree TREE KDIR VERSION WORK LOG: build the shipped tree alone, the way dkms does (a
# copy in $dkms_tree/ampipc/VERSION/build, dkms.conf's MAKE[0] and CLEAN), and
# check that every module dkms.conf lists was built.
build_tree() {
	local tree=$1 kdir=$2 ver=$3 work=$4 log=$5
	(
		dkms_tree=$work/dkms
		kernel_source_dir=$kdir
		kernel_config=$kdir/.config
		kernelver=$(kernel_release "$kdir")
		arch=$(uname -m)
		build=$dkms_tree/ampipc/$ver/build
		mkdir -p "$(dirname "$build")"
		cp -a "$tree" "$build"
		cd "$build"
		# shellcheck disable=SC1091
		. ./dkms.conf
		eval "${MAKE[0]/#make/make -j$AMP_JOBS KERNELRELEASE=$kernelver}"
		listed=()
		for i in "${!BUILT_MODULE_NAME[@]}"; do
			m=${BUILT_MODULE_LOCATION[i]}${BUILT_MODULE_NAME[i]}.ko
			listed+=("$m")
			[ -f "$m" ] || { echo "dkms.conf lists $m, the build did not make it"; exit 1; }
			modinfo -F version "$m" | grep -qx "$ver" || { echo "$m: version is not $ver"; exit 1; }
		done
		# dkms installs only what it lists: a module left out is lost.
		for m in $(find . -name '*.ko' | sed 's|^\./||'); do
			printf '%s\n' "${listed[@]}" | grep -qx "$m" ||
				{ echo "the build made $m, dkms.conf does not list it"; exit 1; }
		done
		eval "$CLEAN"
		[ -z "$(find . -name '*.ko' -o -name '*.o')" ] || { echo "CLEAN left objects behind"; exit 1; }
		echo "${#BUILT_MODULE_NAME[@]} modules built for $kernelver"
	) >"$log" 2>&1
}

make_deb() {
	# shellcheck source=scripts/lib/common.sh
	. "$top/scripts/lib/common.sh"
	local ver src debdir log lout tree kdir msg rc lint pkg missing
	ver=$(version)
	debdir=$AMP_OUT/deb
	log=$AMP_OUT/deb-build.log
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	src=$work/ampipc-$ver

	# A temporary copy, so the build's ../ artefacts and debian/ampipc-dkms/
	# never land in the checkout.
	git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
		amp_die "make deb copies a git checkout; in an unpacked source package run dpkg-buildpackage -us -uc -b"
	copy_checkout "$src"
	rm -rf "$debdir"
	mkdir -p "$debdir"
	amp_log "dpkg-buildpackage in $src (log: $log)"
	rc=0
	(cd "$src" && dpkg-buildpackage -us -uc) >"$log" 2>&1 || rc=$?
	# Every binary package debian/control defines for this architecture.
	missing=()
	[ -n "$(cd "$src" && dh_listpackages 2>/dev/null)" ] || missing+=("any package")
	for pkg in $(cd "$src" && dh_listpackages 2>/dev/null); do
		compgen -G "$work/${pkg}_${ver}_*.deb" >/dev/null || missing+=("$pkg")
	done
	if [ $rc = 0 ] && [ ${#missing[@]} = 0 ]; then
		cp "$work"/ampipc*_"$ver"* "$debdir/"
		result 1 deb.build "$(cd "$debdir" && echo *.deb)"
	else
		tail -n 20 "$log" | sed 's/^/# /'
		result 0 deb.build "dpkg-buildpackage exit $rc${missing[*]:+, no .deb for ${missing[*]}}, log: $log"
		amp_summary
		return
	fi

	# lintian on the .changes: the source package and every .deb.
	lout=$AMP_OUT/deb-lintian.log
	# lintian advises against running as root: as root, it runs as nobody.
	lint=(lintian -I --fail-on error)
	[ "$(id -u)" != 0 ] || lint=(runuser -u nobody -- "${lint[@]}")
	chmod -R a+rX "$debdir"
	rc=0
	(cd / && "${lint[@]}" "$debdir/ampipc_${ver}_$(dpkg --print-architecture).changes") >"$lout" 2>&1 || rc=$?
	sed 's/^/# /' "$lout"
	if [ $rc = 0 ]; then
		result 1 deb.lintian "$(grep -c '^W: ' "$lout" || true) warnings"
	else
		result 0 deb.lintian "$(grep -c '^E: ' "$lout" || true) errors, log: $lout"
	fi

	tree=$work/root/usr/src/ampipc-$ver
	dpkg-deb -x "$debdir/ampipc-dkms_${ver}_all.deb" "$work/root"
	if msg=$(check_conf "$tree" "$ver"); then
		result 1 deb.dkms-conf
	else
		result 0 deb.dkms-conf "$msg"
	fi

	kdir=${KDIR:-$(make -s -C "$top" print-kdir 2>/dev/null)}
	if [ -z "$kdir" ] || [ ! -f "$kdir/include/generated/utsrelease.h" ]; then
		result 0 deb.dkms-tree "no kernel headers: install linux-headers-$(dpkg --print-architecture) or set KDIR"
	elif build_tree "$tree" "$kdir" "$ver" "$work" "$AMP_OUT/deb-dkms-tree.log"; then
		result 1 deb.dkms-tree "$(tail -n1 "$AMP_OUT/deb-dkms-tree.log")"
	else
		tail -n 20 "$AMP_OUT/deb-dkms-tree.log" | sed 's/^/# /'
		result 0 deb.dkms-tree "log: $AMP_OUT/deb-dkms-tree.log"
	fi
	amp_summary
}

case ${1:-} in
"") make_deb ;;
stage) [ $# = 2 ] || die "usage: $0 stage DIR"; stage "$2" ;;
dkms-install) dkms_install "${2:-}" "${3:-}" ;;
dkms-remove) dkms_remove ;;
*) die "usage: $0 [stage DIR | dkms-install [KVER [KDIR]] | dkms-remove]" ;;
esac
