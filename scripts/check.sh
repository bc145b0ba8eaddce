#!/usr/bin/env bash
# make check (make soak too, with AMP_CHECK_TARGETS): install what is
# missing, then run every test target. Each
# target's result lines are shown when it ends (targets run side by side:
# when both lanes end), renumbered into one sequence;
# the run ends with the total line `N passed, N failed[, N skipped]` and exits
# non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

"$AMP_TOP/scripts/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

# The targets that need no test kernel come first, so the debug kernel can
# build meanwhile. matrix-check makes the sid chroot kunit-sid builds the
# race-detection kernel in (from sid's source; soak-kcsan-check boots it
# too); lint's sparse build is against the debug kernel.
# An item A,B+C,D runs two lanes side by side (A then B; C then D): targets
# whose guests use one vCPU each and share no build directory, so the two
# cores are both busy. Results are shown in the listed order once both lanes
# are done.
targets=(${AMP_CHECK_TARGETS:-cross symvers-check host-test deb deb-test matrix-check kunit-sid soak-kcsan-check lint e2e kunit,userspace,faultinject+soak-check,bench-smoke})
total_pass=0 total_fail=0 total_skip=0 seq=0
# cpu_ticks: the machine's busy and total CPU ticks so far (/proc/stat;
# idle and iowait are not busy).
cpu_ticks() {
	awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t; exit }' /proc/stat
}
# busy_since "BUSY TOTAL": how busy the machine's cores were since then, in
# percent.
busy_since() {
	local b0 t0 b1 t1
	read -r b0 t0 <<<"$1"
	read -r b1 t1 < <(cpu_ticks)
	echo $(((b1 - b0) * 100 / (t1 - t0 > 0 ? t1 - t0 : 1)))
}

start=$(date +%s)
cpu0=$(cpu_ticks)

# The 6.1 debug kernel builds in the background at the lowest
# CPU priority while the first targets run: they take the CPU those leave
# idle (single-threaded linters and fuzzers, one-vCPU guests) and hardly
# slow them. A target that needs a kernel still calls
# scripts/build-test-kernel.sh, which waits for the build of the same key
# (or builds it, when the background one failed). AMP_CHECK_PREBUILD=0 turns
# this off.
# names ITEM...: the target names of items (lanes split).
names() { echo "$@" | tr '+,' '  '; }

kernels=()
for t in $(names "${targets[@]}"); do
	case "$t" in
	lint | kunit | userspace | e2e | soak-check | faultinject | bench-smoke)
		[[ " ${kernels[*]} " == *" debug "* ]] || kernels+=(debug) ;;
	esac
done
prebuild=""
if [ "${AMP_CHECK_PREBUILD:-1}" != 0 ] && [ ${#kernels[@]} -gt 0 ]; then
	(
		for k in "${kernels[@]}"; do
			nice -n 19 "$AMP_TOP/scripts/build-test-kernel.sh" \
				"$AMP_TOP/tests/qemu/$k.config" >/dev/null || true
		done
	) >"$AMP_OUT/check-prebuild.log" 2>&1 &
	prebuild=$!
	echo "# building test kernels in the background: ${kernels[*]} (log: $AMP_OUT/check-prebuild.log)"
fi

# run_target T: make T into $AMP_OUT/check-T.log (.err: its stderr), with
# its exit code and time in .rc and .time, and in .busy the share of the
# cores its processes used (what it leaves idle, the background kernel
# build can use).
run_target() {
	local t=$1 t0 log=$AMP_OUT/check-$1.log extra=() TIMEFORMAT='%U %S' u s
	t0=$(date +%s)
	# AMP_CHECK_E2E_TARGETS: which make e2e targets to run (default: all).
	[ "$t" != e2e ] || extra=("E2E_TARGETS=${AMP_CHECK_E2E_TARGETS:-amd64 arm64 armhf debug}")
	# The short form of the fault injection: the first failures of each
	# operation only (make faultinject runs every one).
	[ "$t" != faultinject ] || extra=("FI_LIMIT=${AMP_CHECK_FI_LIMIT:-4}")
	# In a subshell of its own: the shell's children's CPU time would also
	# take in the background kernel build when it is reaped meanwhile.
	(time make -s -C "$AMP_TOP" "$t" "${extra[@]}" >"$log" 2>"$log.err") 2>"$log.cpu"
	echo $? >"$log.rc"
	echo $(($(date +%s) - t0)) >"$log.time"
	read -r u s <"$log.cpu"
	awk -v u="$u" -v s="$s" -v t="$(cat "$log.time")" -v n="$(nproc)" \
		'BEGIN { printf "%d\n", (t > 0 ? (u + s) * 100 / (t * n) : 0) }' >"$log.busy"
}

# report_target T: T's result lines, renumbered into the run's sequence.
report_target() {
	local t=$1 log=$AMP_OUT/check-$1.log rc
	rc=$(cat "$log.rc")
	n=$seq pass=0 fail=0 skip=0
	amp_replay "$log"
	if [ "$rc" = 0 ] && [ $((pass + fail + skip)) = 0 ]; then
		result 0 "$t" "ran no test"
	elif [ "$rc" != 0 ] && [ $fail = 0 ]; then
		result 0 "$t" "exit $rc without a failed test"
		tail -n 20 "$log.err" | sed 's/^/# /'
	fi
	seq=$n
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail)) total_skip=$((total_skip + skip))
	echo "# $t: $pass passed, $fail failed in $(cat "$log.time") s (CPU $(cat "$log.busy")% busy)"
}

for item in "${targets[@]}"; do
	if [[ "$item" != *[+,]* ]]; then
		echo "# == $item"
		run_target "$item"
		report_target "$item"
		continue
	fi
	t0=$(date +%s)
	echo "# == $item (side by side)"
	IFS=+ read -ra lanes <<<"$item"
	pids=()
	for lane in "${lanes[@]}"; do
		(IFS=,; for t in $lane; do run_target "$t"; done) &
		pids+=($!)
	done
	wait "${pids[@]}"
	for t in $(names "$item"); do
		report_target "$t"
	done
	echo "# $item: $(($(date +%s) - t0)) s"
done

[ -z "$prebuild" ] || wait "$prebuild"
echo "# total time $(($(date +%s) - start)) s (CPU $(busy_since "$cpu0")% busy)"
echo "$total_pass passed, $total_fail failed$([ $total_skip -gt 0 ] && echo ", $total_skip skipped")"
[ "$total_fail" = 0 ]
