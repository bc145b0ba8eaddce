# shellcheck shell=bash
# Shared helpers for ampipc's scripts: paths, cache directory, logging.

AMP_TOP=${AMP_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# Slow artefacts (kernel builds, downloaded packages) live here, keyed by their
# inputs. The directory is git-ignored; nothing may assume it already exists.
AMP_CACHE=${AMPIPC_CACHE:-$AMP_TOP/.cache}
AMP_OUT=${AMPIPC_OUT:-$AMP_TOP/out}
AMP_JOBS=${AMP_JOBS:-$(($(nproc) + 1))}
mkdir -p "$AMP_CACHE" "$AMP_OUT"

amp_log() { printf '# %s\n' "$*" >&2; }
amp_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# amp_hash FILE... : short content hash of files and extra strings (via stdin)
amp_hash() {
	{ cat "$@"; cat; } | sha256sum | cut -c1-16
}

# Version of the installed Debian linux-source-6.1 package.
amp_linux_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null
}

# amp_stock_abi: the ABI name of the stock amd64 kernel (e.g. 6.1.0-56),
# taken from the installed linux-headers-amd64 metapackage.
amp_stock_abi() {
	local arch=${1:-amd64} dep
	dep=$(dpkg-query -W -f='${Depends}' "linux-headers-$arch" 2>/dev/null |
		grep -o 'linux-headers-[0-9][^ ,]*' | head -n1)
	dep=${dep#linux-headers-}
	echo "${dep%-"$arch"}"
}

# Result lines. Each test script calls `result OK NAME [DETAIL]` once per
# test (OK is 1 or 0) and ends with `amp_summary`, which prints the closing
# line `N passed, N failed[, N skipped]` and returns non-zero on failure.
# With AMP_GATE=report a failure is reported as skipped (report-only rows).
n=0 pass=0 fail=0 skip=0
AMP_GATE=required
result() {
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
		pass=$((pass + 1))
	elif [ "$AMP_GATE" = report ]; then
		echo "ok $n - $2 # SKIP report-only: failed${3:+: $3}"
		skip=$((skip + 1))
	else
		echo "not ok $n - $2${3:+ ($3)}"
		fail=$((fail + 1))
	fi
}
# amp_replay FILE: the result lines of a part that ran apart (a subshell or
# a make target writing FILE), renumbered into this run's sequence and
# counts; comment lines pass through, anything else (a part's own summary
# line) is dropped.
amp_replay() {
	local line rest
	while IFS= read -r line; do
		case "$line" in
		"ok "* | "not ok "*)
			rest=${line#not ok }
			[ "$rest" != "$line" ] || rest=${line#ok }
			rest=${rest#* }
			n=$((n + 1))
			if [ "${line#not ok}" != "$line" ]; then
				echo "not ok $n $rest"
				fail=$((fail + 1))
			else
				echo "ok $n $rest"
				case "$rest" in
				*"# SKIP"*) skip=$((skip + 1)) ;;
				*) pass=$((pass + 1)) ;;
				esac
			fi
			;;
		"#"*) echo "$line" ;;
		esac
	done <"$1"
}
amp_summary() {
	echo "$pass passed, $fail failed$([ "$skip" -gt 0 ] && echo ", $skip skipped")"
	[ "$fail" = 0 ]
}
