#!/usr/bin/env bash
# make symvers-check: every symbol our modules export starts with amp_ and
# clashes with no export of Debian's stock amd64, arm64 and armmp kernels
# (their Module.symvers, from the stock header packages).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"


amp_apt_bookworm
kdir=$(amp_stock_headers amd64 amd64)
# The build make cross and make e2e share (with the sample driver, whose
# exports must pass the same checks).
abi=$(basename "$kdir")
amp_stock_args amd64
bdir=$(amp_kbuild "stock-samples-${abi#linux-headers-}" "$kdir" "${AMP_STOCK_ARGS[@]}")
ours=$AMP_OUT/symvers-ours.txt
awk -F'\t' '{ print $2 }' "$bdir/Module.symvers" | sort -u >"$ours"
count=$(wc -l <"$ours")

bad=$(grep -v '^amp_' "$ours" || true)
[ -z "$bad" ] && result 1 "symvers.prefix ($count exports)" ||
	result 0 "symvers.prefix" "not amp_: $(echo $bad)"

for t in "amd64 amd64" "arm64 arm64" "armmp armhf"; do
	read -r flavour arch <<<"$t"
	stock=$(amp_stock_headers "$flavour" "$arch")/Module.symvers
	clash=$(awk -F'\t' '{ print $2 }' "$stock" | sort -u | comm -12 - "$ours")
	[ -z "$clash" ] && result 1 "symvers.clash.$(basename "$(dirname "$stock")")" ||
		result 0 "symvers.clash.$flavour" "$(echo $clash)"
done
amp_summary
