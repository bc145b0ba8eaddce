#!/usr/bin/env bash
# make check: install what is missing, then run every test target. Each
# target's result lines are shown as they come, renumbered into one sequence;
# the run ends with the total line `N passed, N failed[, N skipped]` and exits
# non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

"$AMP_TOP/scripts/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

targets=(${AMP_CHECK_TARGETS:-lint cross symvers-check host-test deb deb-test kunit kunit-sid userspace e2e soak-check soak-kcsan-check faultinject bench-smoke matrix-check})
total_pass=0 total_fail=0 total_skip=0 seq=0
start=$(date +%s)

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
	p=0 f=0 s=0
	while IFS= read -r line; do
		case "$line" in
		"ok "*|"not ok "*)
			seq=$((seq + 1))
			rest=${line#not ok }
			[ "$rest" = "$line" ] && rest=${line#ok }
			rest=${rest#* }
			if [ "${line#not ok}" != "$line" ]; then
				echo "not ok $seq $rest"; f=$((f + 1))
			else
				echo "ok $seq $rest"
				case "$rest" in *"# SKIP"*) s=$((s + 1)) ;; *) p=$((p + 1)) ;; esac
			fi ;;
		"#"*) echo "$line" ;;
		esac
	done <"$log"
	if [ $rc = 0 ] && [ $((p + f + s)) = 0 ]; then
		seq=$((seq + 1))
		echo "not ok $seq - $t (ran no test)"
		f=1
	elif [ $rc != 0 ] && [ $f = 0 ]; then
		seq=$((seq + 1))
		echo "not ok $seq - $t (exit $rc without a failed test)"
		tail -n 20 "$log.err" | sed 's/^/# /'
		f=1
	fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
	echo "# $t: $p passed, $f failed in $(($(date +%s) - t0)) s"
done

echo "# total time $(($(date +%s) - start)) s"
echo "$total_pass passed, $total_fail failed$([ $total_skip -gt 0 ] && echo ", $total_skip skipped")"
[ "$total_fail" = 0 ]
