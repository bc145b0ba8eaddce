#!/usr/bin/env bash
# make bench: `ampfw create` on a 100 MB firmware image beside `sha256sum` of
# the same file, measured in one run (best of 3 each, warm page cache), and
# the ratio; the target is <= 1.2x. Also `ampfw verify` of the bundle, and
# the kernel side as the last `make kunit` measured it (amp_bundle_bench: a
# 10 MiB bundle loaded and verified beside an unsigned load of its ELF).
#
# usage: scripts/bench-ampfw.sh [SIZE_MB]
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

mb=${1:-100}
w=$AMP_OUT/bench-ampfw
mkdir -p "$w"
make -s -C "$AMP_TOP/firmware_tools" AMPFW="$w/ampfw" >/dev/null
ampfw=$w/ampfw

# An ELF64 image with one loadable segment of SIZE_MB random bytes.
img=$w/image-${mb}m.elf
if [ ! -s "$img" ]; then
	python3 - "$img" "$mb" <<'PY'
import os, struct, sys
path, mb = sys.argv[1], int(sys.argv[2])
size = mb << 20
eh = struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9), 2, 183, 1,
                 0x80000000, 64, 0, 0, 64, 56, 1, 0, 0, 0)
ph = struct.pack("<IIQQQQQQ", 1, 5, 4096, 0x80000000, 0x80000000, size, size, 4096)
with open(path, "wb") as f:
    f.write(eh + ph + bytes(4096 - 120))
    left = size
    while left:
        n = min(left, 1 << 24)
        f.write(os.urandom(n))
        left -= n
PY
fi
[ -s "$w/key.pem" ] || "$ampfw" genkey --key "$w/key.pem" --cert "$w/cert.pem" 2>/dev/null

best() { # best wall time of 3 runs of CMD, in seconds
	local b="" t s e
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
	done
	echo "$b"
}

cat "$img" >/dev/null
sha=$(best sha256sum "$img")
create=$(best "$ampfw" create "$img" -o "$w/image.bnd" --key "$w/key.pem" \
	--cert "$w/cert.pem" --target amp,bench --security-version 1)
verify=$(best "$ampfw" verify "$w/image.bnd" --cert "$w/cert.pem")
ratio=$(printf "%.2f" "$(echo "scale=4; $create / $sha" | bc)")
printf '# image: %s MB (%s)\n' "$mb" "$img"
printf '# sha256sum:    %6.3f s\n' "$sha"
printf '# ampfw create: %6.3f s  (%.2fx sha256sum; target <= 1.2x)\n' "$create" "$ratio"
printf '# ampfw verify: %6.3f s\n' "$verify"
kl=$AMP_OUT/kunit-bookworm/console.log.txt
if [ -f "$kl" ] && grep -q 'amp_bundle_bench: ' "$kl"; then
	printf '# kernel (last make kunit; debug kernel, QEMU TCG, KASAN): %s\n' \
		"$(grep -o 'amp_bundle_bench: .*' "$kl" | tail -n 1 | sed 's/^amp_bundle_bench: //')"
else
	echo "# kernel: run make kunit for the 10 MiB load-and-verify measurement"
fi
if [ "$(echo "$ratio <= 1.2" | bc)" = 1 ]; then
	result 1 "bench.ampfw-create-ratio ${ratio}x"
else
	result 0 "bench.ampfw-create-ratio" "${ratio}x > 1.2x"
fi
amp_summary
