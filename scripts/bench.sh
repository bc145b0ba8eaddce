#!/usr/bin/env bash
# make bench: ampipc against mainline rpmsg, side by side in one boot of the
# bench kernel (tests/qemu/bench.config: no KASAN, lockdep, kmemleak, UBSAN
# or KUnit; 2 vCPUs, nothing pinned), plus the host tool. Each round runs
# every figure, ours then the reference; the report gives min, median and
# max of each and the ratio of the medians (tests/bench/report.py):
# bench/results.json (commit, kernel, rounds, raw samples), bench/results.png
# (gnuplot) and a table on the terminal. Speed is never asserted: a figure
# fails only when it could not be produced; reference figures report
# "skipped: interop not available" while the stock driver does not bind the
# sim in interop mode.
#
# usage: [AMP_BENCH_PROFILE=1] scripts/bench.sh [--smoke] [ROUNDS]
#   --smoke   one round, shorter loops, results under out/ (make bench-smoke,
#             part of make check); ROUNDS defaults to 5
#   AMP_BENCH_PROFILE=1: a last pass of the 64-byte kernel-client and
#             character-device echo, ours and the reference, each under
#             `perf record -a -g` in the guest (Debian's linux-perf, copied
#             into the initramfs with its libraries); profile.txt beside the
#             results puts them side by side (tests/bench/profile.py);
#             with ROUNDS 0 only that pass runs: the results, the README's
#             table and the host tool's figures are left alone;
#             AMP_BENCH_PROFILE_FIGS="uecho64 ..." profiles only those
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/guest.sh"
. "$AMP_TOP/scripts/lib/e2e.sh"

smoke=0
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
rounds=${1:-5}
div=1
resdir=$AMP_TOP/bench
if [ "$smoke" = 1 ]; then rounds=1 div=10 resdir=$AMP_OUT/bench-smoke; fi
work=$AMP_OUT/bench
rm -rf "$work"
mkdir -p "$work" "$resdir"

# The bench fragment shares debug.config's base sections line for line.
frag=$AMP_TOP/tests/qemu/bench.config
base() { sed -n '/^# --- base/,/^# --- KUnit/p' "$1" | sed '/^# --- KUnit/d'; }
base_of_bench() { sed -n '/^# --- base/,/^# --- bench/p' "$1" | sed '/^# --- bench/d'; }
if diff <(base "$AMP_TOP/tests/qemu/debug.config") <(base_of_bench "$frag") >"$work/base.diff"; then
	result 1 "bench.kernel-base-shared"
else
	result 0 "bench.kernel-base-shared" "bench.config's base differs from debug.config's: $work/base.diff"
fi

# AMP_BENCH_KDIR: an already built kernel tree to use instead (comparisons
# across kernel configurations).
kdir=${AMP_BENCH_KDIR:-$("$AMP_TOP/scripts/build-test-kernel.sh" "$frag")}
rel=$(cat "$kdir/kernelrelease")
vmlinuz=$kdir/arch/x86/boot/bzImage
kmods=$kdir/modroot/lib/modules/$rel
if bdir=$(amp_kbuild_test "$kdir"); then
	result 1 "bench.build ($rel)"
else
	result 0 "bench.build" "log: $AMP_OUT/build/$(amp_kbuild_test_name "$kdir").log"
	amp_summary
	exit 1
fi

# Payload: the sim images as signed bundles, a 10 MiB image signed and
# unsigned, the test key's certificate, the programs, the guest script.
payload=$work/payload
mkdir -p "$payload/bench/keys" "$payload/usr/lib/firmware" "$payload/usr/local/bin"
make -s -C "$AMP_TOP" tools >"$work/tools.log" 2>&1 ||
	{ tail -n 20 "$work/tools.log" >&2; amp_die "make tools failed"; }
ampfw=$AMP_TOP/firmware_tools/ampfw
keys=$(amp_e2e_keys)
cp "$keys/cert.der" "$payload/bench/keys/"
"$AMP_OUT/host/mksimfw" "$work" all bigbuf >"$work/mksimfw.log" 2>&1 ||
	{ cat "$work/mksimfw.log" >&2; amp_die "mksimfw failed"; }
for img in amp-sim-all amp-sim-bigbuf; do
	"$ampfw" create "$work/$img.elf" -o "$payload/usr/lib/firmware/$img.ambn" \
		--key "$keys/key.pem" --cert "$keys/cert.pem" --target ampipc,sim \
		--security-version 1 >>"$work/sign.log" 2>&1 || amp_die "ampfw create $img failed"
done
python3 "$AMP_TOP/tests/bench/mkelf.py" "$payload/usr/lib/firmware/amp-bench-10m.elf" 10
"$ampfw" create "$payload/usr/lib/firmware/amp-bench-10m.elf" \
	-o "$payload/usr/lib/firmware/amp-bench-10m.ambn" --key "$keys/key.pem" \
	--cert "$keys/cert.pem" --target ampipc,bench --security-version 1 \
	>>"$work/sign.log" 2>&1 || amp_die "ampfw create of the 10 MiB image failed"
for prog in "$AMP_TOP"/tests/bench/progs/*.c; do
	gcc -static -O2 -Wall -Wextra -Werror -pthread \
		-o "$payload/usr/local/bin/$(basename "$prog" .c)" "$prog" ||
		amp_die "cannot build $(basename "$prog")"
done
cp "$AMP_TOP/tests/bench/guest/run.sh" "$AMP_TOP/tests/bench/guest/perf-fold.awk" \
	"$payload/bench/"
# PROFILE=1: the host's perf (bookworm's, as the guest's userspace is) and
# the shared libraries it links, at their sonames under /usr/lib.
if [ "${AMP_BENCH_PROFILE:-0}" = 1 ]; then
	perf=$(command -v perf || true)
	if [ -z "$perf" ] || ! "$perf" version >/dev/null 2>&1; then
		"$AMP_TOP/scripts/install-deps.sh" >&2 ||
			amp_die "PROFILE=1 needs perf (linux-perf); scripts/install-deps.sh failed"
		perf=$(command -v perf)
	fi
	cp -L "$perf" "$payload/usr/local/bin/perf"
	ldd "$perf" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }
		$1 ~ /^\// { n = split($1, p, "/"); print p[n], $1 }' |
		while read -r so path; do
			mkdir -p "$payload/usr/lib/x86_64-linux-gnu"
			cp -L "$path" "$payload/usr/lib/x86_64-linux-gnu/$so"
		done
fi
printf 'BENCH_ROUNDS=%s\nBENCH_DIV=%s\nBENCH_PROFILE=%s\nBENCH_PROFILE_FIGS="%s"\n' "$rounds" "$div" \
	"${AMP_BENCH_PROFILE:-0}" "${AMP_BENCH_PROFILE_FIGS:-}" >"$payload/bench/params"

# One boot: the kernel client, userspace, floor, bulk, firmware and endpoint
# figures, alternating ours and the reference.
amp_apt_bookworm
rootlet=$(amp_rootlet amd64)
# A kernel without ACPI has neither HPET nor the PM timer to calibrate the
# TSC against, and a TCG guest then keeps jiffies as its clock: give it the
# host's TSC rate (TCG's TSC is the host's).
append=
if ! grep -qx 'CONFIG_ACPI=y' "$kdir/.config"; then
	khz=$(awk '/^cpu MHz/ { printf "%d", $4 * 1000; exit }' /proc/cpuinfo)
	[ -z "$khz" ] || append="tsc_early_khz=$khz tsc=reliable"
fi
AMP_E2E_APPEND=$append AMP_E2E_RUN=/bench/run.sh AMP_E2E_TIMEOUT=${AMP_BENCH_TIMEOUT:-1500} \
	amp_e2e_guest bench "$work" amd64 "$rel" "$vmlinuz" "$kmods" "$bdir" \
	"$rootlet" "$payload"
accel=$(amp_qemu_accel "$vmlinuz")

# The host tool (not with ROUNDS 0): ampfw create on a 100 MiB image beside sha256sum and
# openssl cms -sign -binary of the same file, alternating, warm page cache.
host=$work/host
mkdir -p "$host"
img=$AMP_OUT/bench-ampfw/image-100m.elf
if [ "$rounds" -gt 0 ]; then
	mkdir -p "$(dirname "$img")"
	[ -s "$img" ] || python3 "$AMP_TOP/tests/bench/mkelf.py" "$img" 100
	cat "$img" >/dev/null
fi
secs() { # seconds one run of CMD takes
	local s e
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1 || return 1
	e=$(date +%s%N)
	echo $(((e - s) / 1000))
}
hostfail=0
: >"$host/samples"
for r in $(seq 1 "$rounds"); do
	t=$(secs sha256sum "$img") && echo "AMP-BENCH ampfw sha256sum $r us=$t" >>"$host/samples" || hostfail=1
	t=$(secs "$ampfw" create "$img" -o "$host/image.ambn" --key "$keys/key.pem" \
		--cert "$keys/cert.pem" --target amp,bench --security-version 1) &&
		echo "AMP-BENCH ampfw ours $r us=$t" >>"$host/samples" || hostfail=1
	t=$(secs openssl cms -sign -binary -in "$img" -signer "$keys/cert.pem" \
		-inkey "$keys/key.pem" -outform DER -out "$host/image.p7s") &&
		echo "AMP-BENCH ampfw openssl-cms $r us=$t" >>"$host/samples" || hostfail=1
done
[ "$hostfail" = 0 ] || echo "AMP-BENCH-FAIL ampfw ours 0 a host command failed" >>"$host/samples"

commit=$(git -C "$AMP_TOP" describe --always --dirty 2>/dev/null || echo unknown)
# Report: the table, results.json, the plot; one result line per figure.
if [ "$rounds" -gt 0 ]; then
	python3 "$AMP_TOP/tests/bench/report.py" --commit "$commit" --kernel "$rel" \
		--accel "$accel" --rounds "$rounds" --json "$resdir/results.json" \
		--plot "$resdir/results.png" --table "$resdir/results.md" \
		--results "$work/results.tap" "$work/console.log" "$host/samples"
	# make bench (not the smoke) puts the table into the README's Performance
	# section, between the bench markers.
	if [ "$smoke" = 0 ] && grep -q '^<!-- bench:begin -->$' "$AMP_TOP/README.md"; then
		awk -v table="$resdir/results.md" '
			/^<!-- bench:end -->$/ { skip = 0 }
			!skip { print }
			/^<!-- bench:begin -->$/ { while ((getline l < table) > 0) print l; skip = 1 }
		' "$AMP_TOP/README.md" >"$work/README.md" && cp "$work/README.md" "$AMP_TOP/README.md"
	fi
fi
if [ "${AMP_BENCH_PROFILE:-0}" = 1 ]; then
	if grep -aq 'AMP-BENCH-PROF .* meta ' "$work/console.log"; then
		python3 "$AMP_TOP/tests/bench/profile.py" --commit "$commit" --kernel "$rel" \
			--accel "$accel" "$work/console.log" >"$resdir/profile.txt"
		result 1 "bench.profile"
	else
		result 0 "bench.profile" "no profile in $work/console.log: $(grep -ao 'AMP-BENCH-PROF .* error .*' "$work/console.log" | head -n 2 | tr '\n' ' ')"
	fi
fi
while IFS= read -r line; do
	case "$line" in
	"ok "*" # SKIP "*) echo "ok $((n + 1)) - ${line#ok - }"; n=$((n + 1)); skip=$((skip + 1)) ;;
	"ok "*) result 1 "${line#ok - }" ;;
	"not ok "*) result 0 "${line#not ok - }" ;;
	esac
done < <(cat "$work/results.tap" 2>/dev/null)
amp_summary
