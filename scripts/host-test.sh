#!/usr/bin/env bash
# make host-test: host unit tests of the shared firmware validator
# (rproc_core/fwparse, compiled from the same sources as amp_rproc.ko), the
# ampfw bundle tool's tests (tests/host/test_ampfw.sh: every subcommand, every
# error, the tamper matrix), then libFuzzer runs of the fuzz targets in
# tests/fuzz (elf, rsc, bundle), side by side.
#
# usage: scripts/host-test.sh
#   AMP_FUZZ_SECONDS  seconds per fuzz target (default 60; 0 only replays the
#                     seed corpus)
#
# Builds into $AMP_OUT/host. Prints one TAP line per host test
# (`ok N - fwparse.<case>`, `ok N - ampfw.<case>`) and per fuzz target (`ok N - fuzz.elf`), then
# `N passed, N failed`; exits non-zero if anything failed.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

out=$AMP_OUT/host
secs=${AMP_FUZZ_SECONDS:-60}
mkdir -p "$out"


hmake() { make -C "$AMP_TOP/tests/host" OUT="$out" "$@"; }

# Re-number a test program's TAP lines into ours: retap NAME LOG RC.
retap() {
	local name=$1 log=$2 rc=$3 before=$fail line
	while IFS= read -r line; do
		case $line in
		"ok "*) result 1 "${line#ok * - }" ;;
		"not ok "*) result 0 "${line#not ok * - }" ;;
		"1.."*) ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done <"$log"
	if [ "$rc" -ne 0 ] && [ "$fail" -eq "$before" ]; then
		result 0 "$name.exit" "$name exited with $rc"
	fi
}

# Host unit tests of the parsers, then ampfw (the bundle tool) end to end.
if hmake tools >"$out/build.log" 2>&1 &&
	make -C "$AMP_TOP/firmware_tools" AMPFW="$out/ampfw" >>"$out/build.log" 2>&1; then
	rc=0
	"$out/test_fwparse" >"$out/test_fwparse.log" 2>&1 || rc=$?
	retap fwparse "$out/test_fwparse.log" "$rc"
	rc=0
	"$AMP_TOP/tests/host/test_ampfw.sh" "$out/ampfw" "$out/mkbundlevec" "$out/ampfw-test" \
		>"$out/test_ampfw.log" 2>&1 || rc=$?
	retap ampfw "$out/test_ampfw.log" "$rc"
else
	tail -n 20 "$out/build.log" | sed 's/^/# /'
	result 0 "host.build" "see $out/build.log"
fi

# Fuzz targets, each on a fresh copy of the seed corpus.
if ! command -v "${CLANG:-clang}" >/dev/null; then
	result 0 "fuzz.build" "clang not found"
elif ! hmake fuzz-build >"$out/fuzz-build.log" 2>&1; then
	tail -n 20 "$out/fuzz-build.log" | sed 's/^/# /'
	result 0 "fuzz.build" "see $out/fuzz-build.log"
else
	if [ "$secs" -gt 0 ]; then limit=(-max_total_time="$secs"); else limit=(-runs=0); fi
	# The three run side by side, each for its own AMP_FUZZ_SECONDS of
	# wall time; the results are reported in order.
	declare -A pid
	for t in elf rsc bundle; do
		run=$out/corpus-run/$t
		rm -rf "$run"
		mkdir -p "$run"
		cp -f "$out/corpus/$t/"* "$run/"
		"$out/fuzz_$t" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix="$out/crash-$t-" "$run" \
			>"$out/fuzz-$t.log" 2>&1 &
		pid[$t]=$!
	done
	for t in elf rsc bundle; do
		log=$out/fuzz-$t.log
		if wait "${pid[$t]}"; then
			runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
			echo "# fuzz.$t: ${runs:-?} inputs in ${secs}s, corpus $(find "$out/corpus-run/$t" -type f | wc -l) files"
			result 1 "fuzz.$t"
		else
			tail -n 30 "$log" | sed 's/^/# /'
			result 0 "fuzz.$t" "see $log"
		fi
	done
fi

amp_summary
