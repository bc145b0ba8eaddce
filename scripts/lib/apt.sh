# shellcheck shell=bash
# A private apt configuration for downloading Debian packages of any suite and
# architecture (multiarch download) without touching the host's sources, its
# dpkg architectures or its installed packages. Archive URIs are read from the
# host's own apt sources; no host name is written in this repository.

# amp_archive_uri KIND: the host's archive URI serving suites of KIND
# ("main": the suite named like the host release; "security": *-security).
amp_archive_uri() {
	local kind=$1 uri
	uri=$(
		{
			cat /etc/apt/sources.list.d/*.sources 2>/dev/null
			echo
		} | awk -v kind="$kind" '
			/^URIs:/ { uris = $2 }
			/^Suites:/ {
				for (i = 2; i <= NF; i++) {
					sec = ($i ~ /-security$/)
					if ((kind == "security") == sec) { print uris; exit }
				}
			}'
	)
	if [ -z "$uri" ]; then
		uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			sed -E 's/\[[^]]*\]//' | awk -v kind="$kind" '
				{ sec = ($3 ~ /-security$/) }
				(kind == "security") == sec { print $2; exit }')
	fi
	[ -n "$uri" ] || amp_die "cannot find a Debian archive URI ($kind) in the host's apt sources"
	echo "$uri"
}

# amp_apt_init NAME SUITE [SUITE...]: a private apt root for SUITE(s), with
# amd64, arm64 and armhf indexes. Sets AMP_APT_OPTS for amp_apt. The indexes
# are refreshed when older than 12 hours.
amp_apt_init() {
	local name=$1 root main sec s new
	shift
	root=$AMP_CACHE/apt/$name
	mkdir -p "$root/lists/partial" "$root/cache/archives/partial" "$root/debs"
	main=$(amp_archive_uri main)
	sec=$(amp_archive_uri security)
	# The wanted list is written to a file of this process's own: make check
	# runs some targets side by side, and each sets the same roots up.
	new=$root/sources.list.new.$$
	{
		for s in "$@"; do
			case "$s" in
			*-security) echo "deb [arch=amd64,arm64,armhf] $sec $s main" ;;
			*) echo "deb [arch=amd64,arm64,armhf] $main $s main" ;;
			esac
		done
	} >"$new"
	if ! cmp -s "$new" "$root/sources.list.want"; then
		cp "$new" "$root/sources.list"
		mv "$new" "$root/sources.list.want"
		rm -f "$root/.updated"
	else
		rm -f "$new"
	fi
	AMP_APT_ROOT=$root
	AMP_APT_OPTS=(
		-o "Acquire::Check-Valid-Until=false"
		-o "Dir::Etc::SourceList=$root/sources.list"
		-o "Dir::Etc::SourceParts=/dev/null"
		-o "Dir::State::Lists=$root/lists"
		-o "Dir::Cache=$root/cache"
		-o "Dir::State::status=/dev/null"
		-o "APT::Architectures::=amd64"
		-o "APT::Architectures::=arm64"
		-o "APT::Architectures::=armhf"
		-o "Acquire::Languages=none"
		-o "Debug::NoLocking=1"
		-o "APT::Sandbox::User=root"
	)
	# experimental is not a full suite: it is layered over sid and only
	# preferred where asked for.
	[ "${*: -1}" = experimental ] && AMP_APT_OPTS+=(-o "APT::Default-Release=experimental")
	# One refresh of a root at a time (make soak's and make check's lanes
	# start side by side and share the roots): the others wait for it and
	# then find the indexes fresh.
	local lock
	exec {lock}>"$root/.update-lock"
	flock "$lock"
	if [ -z "$(find "$root/.updated" -mmin -720 2>/dev/null)" ]; then
		amp_log "refreshing package indexes for $* ($name)"
		# A mirror can serve an index of one architecture that does not
		# match its Release file ("unexpected size"); apt then drops the
		# whole suite. Drop just that (suite, architecture) and retry.
		local try bad
		for try in 1 2 3 4; do
			apt-get "${AMP_APT_OPTS[@]}" -qq update >"$root/update.log" 2>&1 && break
			bad=$(grep -oE 'dists/[^/]+/main/binary-[a-z0-9]+/' "$root/update.log" |
				sed -E 's|dists/([^/]+)/main/binary-([a-z0-9]+)/|\1 \2|' | sort -u) || true
			[ -n "$bad" ] && [ "$try" -lt 4 ] ||
				{ cat "$root/update.log" >&2; amp_die "apt-get update failed for $*"; }
			while read -r s a; do
				amp_log "warning: archive index $s/$a is inconsistent; not using it"
				sed -i -E "/ $s main\$/ s/([[,])$a(,|\])/\1\2/; s/,,/,/; s/\[arch=,/[arch=/; s/,\]/]/" \
					"$root/sources.list"
			done <<<"$bad"
		done
		touch "$root/.updated"
	fi
	exec {lock}>&-
}

amp_apt() { apt-get "${AMP_APT_OPTS[@]}" "$@"; }
amp_apt_cache() { apt-cache "${AMP_APT_OPTS[@]}" "$@"; }

# amp_apt_abi FLAVOUR ARCH: ABI (e.g. 6.1.0-56) of the newest stock kernel
# for FLAVOUR (amd64, arm64, armmp) in the private root.
amp_apt_abi() {
	local flavour=$1 arch=$2 dep
	dep=$(amp_apt_cache depends "linux-headers-$flavour:$arch" 2>/dev/null |
		grep -o "linux-headers-[0-9][^ ,:]*-$flavour" | head -n1)
	[ -n "$dep" ] || amp_die "no linux-headers-$flavour for $arch in the archive"
	dep=${dep#linux-headers-}
	echo "${dep%-"$flavour"}"
}

# amp_apt_fetch DIR PKG...: download PKG (name[:arch]) .debs and unpack each
# into DIR (cached: a package already unpacked there is skipped).
amp_apt_fetch() {
	local dir=$1 p deb
	shift
	mkdir -p "$dir"
	for p in "$@"; do
		[ -f "$dir/.unpacked-${p//[:\/]/_}" ] && continue
		(cd "$AMP_APT_ROOT/debs" && amp_apt -qq download "$p" >/dev/null) ||
			amp_die "cannot download $p"
		deb=$(ls -t "$AMP_APT_ROOT/debs/${p%%:*}"_*.deb | head -n1)
		dpkg-deb -x "$deb" "$dir"
		touch "$dir/.unpacked-${p//[:\/]/_}"
	done
}

# The suites that carry Debian 12's stock kernels.
amp_apt_bookworm() { amp_apt_init bookworm bookworm bookworm-updates bookworm-security; }

# amp_stock_headers FLAVOUR ARCH [CHROOT]: unpack the stock headers of
# FLAVOUR, with the host-architecture kbuild tools of the same version, and
# print the usable KDIR. Without CHROOT they go to a cached root under
# $AMP_CACHE/headers; with it, under CHROOT/opt/amp-headers, and the printed
# KDIR is the path inside the chroot. Debian's header wrapper Makefile
# includes the common tree by absolute path; it is pointed into the root.
amp_stock_headers() {
	local flavour=$1 arch=$2 chroot=${3:-} abi ver root seen kdir
	abi=$(amp_apt_abi "$flavour" "$arch")
	ver=$(amp_apt_cache show "linux-headers-$abi-$flavour:$arch" |
		awk '/^Version:/ { print $2; exit }')
	if [ -n "$chroot" ]; then
		seen=/opt/amp-headers/$abi-$flavour
		root=$chroot$seen
	else
		root=$AMP_CACHE/headers/$abi-$flavour
		seen=$root
	fi
	amp_apt_fetch "$root" "linux-headers-$abi-$flavour:$arch" \
		"linux-headers-$abi-common:all=$ver" \
		"linux-kbuild-${abi%%.0-*}:$(dpkg --print-architecture)=$ver" >&2
	kdir=/usr/src/linux-headers-$abi-$flavour
	sed -i -E "s@([ =])/usr/src/@\1$seen/usr/src/@g" "$root$kdir/Makefile"
	echo "$seen$kdir"
}
