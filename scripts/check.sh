#!/usr/bin/env bash
# make check: install what is missing, then run every test target. Each
# target's result lines are shown as they come, renumbered into one sequence;
# the run ends with the total line `N passed, N failed[, N skipped]` and exits
# non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

"$AMP_TOP/scripts/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

# The targets that need no 6.1 test kernel come first (matrix-check also
# makes the sid chroot kunit-sid builds in; lint's sparse build is against
# the debug kernel), so those kernels can build meanwhile.
targets=(${AMP_CHECK_TARGETS:-cross symvers-check host-test deb deb-test matrix-check kunit-sid lint kunit userspace e2e soak-check soak-kcsan-check faultinject bench-smoke})
total_pass=0 total_fail=0 total_skip=0 seq=0
start=$(date +%s)

# The 6.1 test kernels (debug, kcsan) build in the background at the lowest
# CPU priority while the first targets run: they take the CPU those leave
# idle (single-threaded linters and fuzzers, one-vCPU guests) and hardly
# slow them. A target that needs a kernel still calls
# scripts/build-test-kernel.sh, which waits for the build of the same key
# (or builds it, when the background one failed). AMP_CHECK_PREBUILD=0 turns
# this off.
kernels=()
for t in "${targets[@]}"; do
	case "$t" in
	lint | kunit | userspace | e2e | soak-check | faultinject | bench-smoke)
		[[ " ${kernels[*]} " == *" debug "* ]] || kernels+=(debug) ;;
	soak-kcsan-check)
		[[ " ${kernels[*]} " == *" kcsan "* ]] || kernels+=(kcsan) ;;
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

for t in "${targets[@]}"; do
	t0=$(date +%s)
	echo "# == $t"
	log=$AMP_OUT/check-$t.log
	# AMP_CHECK_E2E_TARGETS: which make e2e targets to run (default: all).
	extra=()
	[ "$t" != e2e ] || extra=("E2E_TARGETS=${AMP_CHECK_E2E_TARGETS:-amd64 arm64 armhf debug}")
	# The short form of the fault injection: the first failures of each
	# operation only (make faultinject runs every one).
	[ "$t" != faultinject ] || extra=("FI_LIMIT=${AMP_CHECK_FI_LIMIT:-4}")
	make -s -C "$AMP_TOP" "$t" "${extra[@]}" >"$log" 2>"$log.err"
	rc=$?
	n=$seq pass=0 fail=0 skip=0
	amp_replay "$log"
	if [ $rc = 0 ] && [ $((pass + fail + skip)) = 0 ]; then
		result 0 "$t" "ran no test"
	elif [ $rc != 0 ] && [ $fail = 0 ]; then
		result 0 "$t" "exit $rc without a failed test"
		tail -n 20 "$log.err" | sed 's/^/# /'
	fi
	seq=$n p=$pass f=$fail s=$skip
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
	echo "# $t: $p passed, $f failed in $(($(date +%s) - t0)) s"
done

[ -z "$prebuild" ] || wait "$prebuild"
echo "# total time $(($(date +%s) - start)) s"
echo "$total_pass passed, $total_fail failed$([ $total_skip -gt 0 ] && echo ", $total_skip skipped")"
[ "$total_fail" = 0 ]
