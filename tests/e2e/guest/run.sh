#!/bin/sh
# The end-to-end cases, run as init's child in the guest: stock modules named
# in AMP_E2E_PRELOAD load first (coexistence), then each cases/*.sh runs in
# order, in its own shell, with the helpers of lib.sh.
cd /e2e || exit 1
. ./lib.sh
for m in $AMP_E2E_PRELOAD; do
	check "coexist.preload.$m" modprobe "$m"
done
for c in cases/*.sh; do
	[ -e "$c" ] || continue
	echo "# case file $c"
	sh -c ". ./lib.sh; . ./$c" || fail "$(basename "$c" .sh)" "exit $?"
done
