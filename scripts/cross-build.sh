#!/usr/bin/env bash
# make cross: build every module against Debian's stock arm64 and armhf
# (armmp) kernel headers with Debian's cross gcc. The headers come from the
# archive by multiarch download (scripts/lib/apt.sh); no foreign kernel is
# installed. Prints one result line per target.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"

# flavour  dpkg-arch
targets=(
	"arm64 arm64"
	"armmp armhf"
)

amp_apt_bookworm
for t in "${targets[@]}"; do
	read -r flavour arch <<<"$t"
	kdir=$(amp_stock_headers "$flavour" "$arch")
	abi=$(basename "$kdir")
	abi=${abi#linux-headers-}
	amp_stock_args "$arch"
	if dir=$(amp_kbuild "stock-samples-$abi" "$kdir" "${AMP_STOCK_ARGS[@]}"); then
		result 1 "cross.$arch ($abi: $(amp_modules "$dir" | xargs -n1 basename | tr '\n' ' '))"
	else
		result 0 "cross.$arch ($abi)"
	fi
done
amp_summary
