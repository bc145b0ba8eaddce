#!/usr/bin/env bash
# make lint: kernel style on every C file of ours.
#  - checkpatch.pl --no-tree (taken from Debian's linux-source-6.1, cached)
#  - kernel-doc -Wall on the public headers and on files that export symbols
#  - sparse (C=2) and a W=1 build, warning-free, test modules included
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"


tools=$AMP_CACHE/lint/$(amp_linux_source_version)
if [ ! -f "$tools/.amp-done" ]; then
	mkdir -p "$tools"
	tar -xf /usr/src/linux-source-6.1.tar.xz -C "$tools" --strip-components=2 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch linux-source-6.1/scripts/kernel-doc
	touch "$tools/.amp-done"
fi

cd "$AMP_TOP"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.c' '*.h')
else
	mapfile -t files < <(find . -path ./.cache -prune -o -path ./out -prune -o \
		\( -name '*.c' -o -name '*.h' \) -print | sed 's|^\./||' | sort)
fi
[ ${#files[@]} -gt 0 ] || amp_die "no C files found to lint"

bad=""
for f in "${files[@]}"; do
	out=$(perl "$tools/checkpatch.pl" --no-tree --terse --show-types --quiet \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f "$f" 2>&1 |
		grep -E ': (ERROR|WARNING|CHECK):' || true)
	[ -z "$out" ] || { echo "$out" | sed 's/^/# /'; bad+=" $f"; }
done
[ -z "$bad" ] && result 1 "lint.checkpatch (${#files[@]} files)" || result 0 "lint.checkpatch" "$bad"

mapfile -t docfiles < <({ ls include/ampipc/*.h 2>/dev/null; grep -l 'EXPORT_SYMBOL' "${files[@]}" 2>/dev/null; } | sort -u)
if [ ${#docfiles[@]} -gt 0 ]; then
	out=$(perl "$tools/kernel-doc" -none "${docfiles[@]}" 2>&1 || true)
	[ -z "$out" ] && result 1 "lint.kernel-doc (${#docfiles[@]} files)" ||
		{ echo "$out" | sed 's/^/# /'; result 0 "lint.kernel-doc"; }
fi

# Every exported function carries kernel-doc, in the exporting file or where
# the function is defined (the freestanding parsers export from a separate
# file). grep without -q: under pipefail an early exit fails the pipeline.
undoc=""
for f in $(grep -l 'EXPORT_SYMBOL' "${files[@]}" 2>/dev/null); do
	for s in $(grep -oE 'EXPORT_SYMBOL(_GPL)?\(\s*[a-z0-9_]+' "$f" | sed -E 's/.*\(\s*//'); do
		defs=$(grep -lE "^[a-z].*[ *]$s\(" $(printf '%s\n' "${files[@]}" | grep '\.c$') || true)
		perl "$tools/kernel-doc" -rst -function "$s" "$f" $defs 2>/dev/null |
			grep "c:function::.*[ *]$s (" >/dev/null || undoc+=" $s"
	done
done
[ -z "$undoc" ] && result 1 "lint.exports-documented" || result 0 "lint.exports-documented" "$undoc"

# sparse and W=1 over every module, test modules (KUnit, make bench's
# kernel clients and the soak's) included: against the debug test kernel,
# the one tree here that has KUnit and mainline rpmsg (the stock builds in
# `make smoke` and `make cross` are W=1 too). It is the build the debug
# kernel's other targets share (amp_kbuild_test): C=2 runs sparse on every
# file, built or not; W=1 failed whichever of them compiled a file first.
kdir=$("$AMP_TOP/scripts/build-test-kernel.sh")
if log=$(amp_kbuild_test "$kdir" C=2 2>&1); then
	result 1 "lint.sparse-w1 (debug kernel $(cat "$kdir/kernelrelease"))"
else
	echo "$log" | tail -n 30 | sed 's/^/# /'
	result 0 "lint.sparse-w1"
fi
amp_summary
