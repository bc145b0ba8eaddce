#!/bin/sh
# make bench, guest side (busybox sh, run as init's child in the bench
# kernel). Three sim processors: "ref" booted with amp_rproc_virtio in
# interop mode (virtio id 7, for the stock virtio_rpmsg_bus, rpmsg_char and
# rpmsg_ctrl and amp_bench_ref), "ours" (standard 512-byte buffers) and
# "big" (negotiated buffers), both on amp_rpmsg with amp_bench and
# amp_rpmsg_char. Each round runs every figure, ours and the reference one
# after the other. One line per measurement:
#   AMP-BENCH FIGURE IMPL ROUND key=value...
#   AMP-BENCH-SKIP FIGURE IMPL reason
#   AMP-BENCH-FAIL FIGURE IMPL ROUND reason
# Parameters (/bench/params, from scripts/bench.sh): BENCH_ROUNDS, BENCH_DIV
# (message counts are divided by it: the smoke run's shorter loops),
# BENCH_PROFILE.
cd /bench || exit 1
# shellcheck disable=SC1091
[ -f /bench/params ] && . /bench/params
for t in modprobe rmmod; do
	eval "$t() { /usr/sbin/$t \"\$@\"; }"
done
rounds=${BENCH_ROUNDS:-5}
div=${BENCH_DIV:-1}
ours_dbg=/sys/kernel/debug/amp_bench
ref_dbg=/sys/kernel/debug/amp_bench_ref
SIM=0x400

wait_for() { # SECONDS CMD...
	t=$(($1 * 10))
	shift
	while [ $t -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}
nonempty() { [ -n "$(cat "$1" 2>/dev/null)" ]; }
has_chan() { grep -q " $1\$" $ours_dbg/channels 2>/dev/null; }
big_chan() { awk '$2 > 496 { f = 1 } END { exit !f }' $ours_dbg/channels; }
std_chan() { awk '$2 == 496 { f = 1 } END { exit !f }' $ours_dbg/channels; }
n() { echo $(($1 / div > 0 ? $1 / div : 1)); }

# kcmd FIGURE IMPL ROUND DIR CMD: a kernel client command, its result line.
kcmd() {
	fig=$1 impl=$2 r=$3 dir=$4
	shift 4
	if echo "$*" >"$dir/run" 2>/dev/null; then
		echo "AMP-BENCH $fig $impl $r $(cat "$dir/run")"
	else
		echo "AMP-BENCH-FAIL $fig $impl $r '$*': $(cat "$dir/run")"
	fi
}
# ucmd FIGURE IMPL ROUND PROGRAM ARGS...: a userspace program's result line.
ucmd() {
	fig=$1 impl=$2 r=$3
	shift 3
	if out=$("$@" 2>&1); then
		echo "AMP-BENCH $fig $impl $r $out"
	else
		echo "AMP-BENCH-FAIL $fig $impl $r $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	fi
}

echo "AMP-BENCH-INFO kernel $(uname -r) cpus $(grep -c ^processor /proc/cpuinfo) rounds $rounds div $div"
modprobe amp_rproc || echo "AMP-BENCH-INFO modprobe amp_rproc failed"
ring=$(cat /sys/module/amp_rproc/parameters/fw_keyring 2>/dev/null)
keyctl padd asymmetric bench "$ring" </bench/keys/cert.der >/dev/null ||
	echo "AMP-BENCH-INFO keyctl padd into '$ring' failed"
# No watchdog: a long figure (64k endpoints, in the debug kernel of
# make bench-smoke) can starve the sim's thread past its period, and a
# recovery in the middle of a figure would only spoil it.
modprobe amp_rproc_sim wdog_ms=0 procs=ref=amp-sim-all.ambn,ours=amp-sim-all.ambn,big=amp-sim-bigbuf.ambn
# The reference stack (mainline modules of this kernel) and its client.
for m in virtio_rpmsg_bus rpmsg_char rpmsg_ctrl amp_bench_ref; do
	modprobe $m || echo "AMP-BENCH-INFO modprobe $m failed"
done
modprobe amp_rpmsg_char
modprobe amp_bench || echo "AMP-BENCH-INFO modprobe amp_bench failed"

# The reference processor's vdev gets virtio id 7 (interop mode); the
# parameter is read when a device is added, so it is set around its start.
ref=1
if [ -w /sys/module/amp_rproc_virtio/parameters/interop_ids ]; then
	echo 1 >/sys/module/amp_rproc_virtio/parameters/interop_ids
	echo start >/sys/class/amp_rproc/ref/state
	wait_for 10 nonempty $ref_dbg/channels || ref=0
	echo 0 >/sys/module/amp_rproc_virtio/parameters/interop_ids
else
	ref=0
fi
ref_ctrl=$(ls /dev/rpmsg_ctrl* 2>/dev/null | head -n 1)
echo "AMP-BENCH-INFO reference bound: $ref ($(cat $ref_dbg/channels 2>/dev/null)) ctrl: ${ref_ctrl:-none}"
[ "$ref" = 1 ] || echo "AMP-BENCH-INFO virtio: $(ls /sys/bus/virtio/devices/ 2>/dev/null | tr '\n' ' ') rpmsg: $(ls /sys/bus/rpmsg/devices/ 2>/dev/null | tr '\n' ' ') log: $(dmesg | grep -iE 'rpmsg|virtio' | tail -n 4 | tr '\n' ' ')"

before=$(ls /dev/amp_rpmsg_ctrl* 2>/dev/null)
echo start >/sys/class/amp_rproc/ours/state
wait_for 20 std_chan || echo "AMP-BENCH-INFO no standard channel: $(dmesg | tail -n 5 | tr '\n' ' ')"
wait_for 10 sh -c "ls /dev/amp_rpmsg_ctrl* 2>/dev/null | grep -qv '^\$'"
ours_ctrl=
for c in $(ls /dev/amp_rpmsg_ctrl* 2>/dev/null); do
	echo "$before" | grep -qx "$c" || { ours_ctrl=$c; break; }
done
echo start >/sys/class/amp_rproc/big/state
wait_for 20 big_chan || echo "AMP-BENCH-INFO no negotiated channel: $(dmesg | tail -n 5 | tr '\n' ' ')"
echo "AMP-BENCH-INFO ours: $(tr '\n' ' ' <$ours_dbg/channels) ctrl: ${ours_ctrl:-none}"

skip_ref() { # FIGURE...
	for f in "$@"; do echo "AMP-BENCH-SKIP $f ref interop not available"; done
}
[ "$ref" = 1 ] || skip_ref kecho64-lat kecho64-tput kecho496-lat kecho496-tput \
	bulk4k bulk64k ept1k ept64k
[ -n "$ref_ctrl" ] || skip_ref uecho64 uecho496

r=1
while [ $r -le "$rounds" ]; do
	for sz in 64 496; do
		kcmd kecho$sz-lat ours $r $ours_dbg std lat "$(n 2000)" $sz
		[ "$ref" = 1 ] && kcmd kecho$sz-lat ref $r $ref_dbg std lat "$(n 2000)" $sz
		kcmd kecho$sz-tput ours $r $ours_dbg std tput "$(n 20000)" $sz 32
		[ "$ref" = 1 ] && kcmd kecho$sz-tput ref $r $ref_dbg std tput "$(n 20000)" $sz 32
	done
	for sz in 64 496; do
		ucmd uecho$sz ours $r rpmsg_echo_bench "$ours_ctrl" \
			"/sys/class/amp_rpmsg/${ours_ctrl#/dev/}" amp_rpmsg $SIM $sz "$(n 2000)"
		[ -n "$ref_ctrl" ] && ucmd uecho$sz ref $r rpmsg_echo_bench "$ref_ctrl" \
			"/sys/class/rpmsg/${ref_ctrl#/dev/}" rpmsg $SIM $sz "$(n 2000)"
	done
	ucmd floor futex $r futex_floor "$(n 20000)"
	kcmd bulk4k ours $r $ours_dbg big bulk 4096 "$(n 2000)" 64
	[ "$ref" = 1 ] && kcmd bulk4k ref $r $ref_dbg std bulk 4096 "$(n 2000)" 64
	kcmd bulk64k ours $r $ours_dbg big bulk 65536 "$(n 200)" 64
	[ "$ref" = 1 ] && kcmd bulk64k ref $r $ref_dbg std bulk 65536 "$(n 200)" 64
	kcmd fw10m ours $r $ours_dbg fw amp-bench-10m.ambn amp-bench-10m.elf
	kcmd ept1k ours $r $ours_dbg std ept 1024
	[ "$ref" = 1 ] && kcmd ept1k ref $r $ref_dbg std ept 1024
	kcmd ept64k ours $r $ours_dbg std ept 65536
	[ "$ref" = 1 ] && kcmd ept64k ref $r $ref_dbg std ept 65536
	r=$((r + 1))
done

# BENCH_PROFILE=1 (make bench PROFILE=1): one more pass of the 64-byte
# kernel-client round trip and throughput and the character-device echo,
# ours and the reference, each under `perf record -a -g` (scripts/bench.sh
# copies perf into the initramfs): cpu-clock samples (hrtimer-driven, the
# only clock a TCG guest has) every BENCH_PERF_NS of busy CPU time (the idle
# task is not sampled: idle is the wall time less the busy samples) with
# their call chains, and every sched_waking and sched_switch. /bench/perf-fold.awk
# folds `perf script` into per-function self and inclusive sample counts,
# busy samples per thread and wake-ups per waker, wakee and call site;
# bench/profile.py on the host puts ours and the reference side by side.
perf_fig() { # FIGURE IMPL MESSAGES CMD...
	fig=$1 impl=$2 msgs=$3
	shift 3
	# BENCH_PROFILE_FIGS: a subset (words), all by default
	case " ${BENCH_PROFILE_FIGS:-$fig} " in *" $fig "*) ;; *) return ;; esac
	t0=$(cut -d ' ' -f 1 /proc/uptime)
	if ! perf record -q -a -g -c "$period" --no-buildid --no-buildid-cache \
		-e cpu-clock:I -e sched:sched_waking -e sched:sched_switch \
		-o /tmp/perf.data -- "$@" >/tmp/perf.out 2>&1; then
		echo "AMP-BENCH-PROF $fig $impl error $(tail -n 3 /tmp/perf.out | tr '\n' ' ')"
		return
	fi
	t1=$(cut -d ' ' -f 1 /proc/uptime)
	echo "AMP-BENCH-PROF $fig $impl meta msgs=$msgs period_ns=$period wall_cs=$(($(echo "$t1" | tr -d .) - $(echo "$t0" | tr -d .))) cpus=$(grep -c ^processor /proc/cpuinfo) $(grep -o 'n=.*' /tmp/perf.out | head -n 1)"
	perf script -i /tmp/perf.data -F comm,event,trace,ip,sym --max-stack 24 2>/dev/null |
		awk -v pfx="AMP-BENCH-PROF $fig $impl" -f /bench/perf-fold.awk
	rm -f /tmp/perf.data
}
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	export HOME=/tmp
	period=${BENCH_PERF_NS:-250000}
	# perf script and the fold are slow under TCG: a few seconds per figure
	lat=$(n 3000) tput=$(n 10000) uecho=$(n 2000)
	if ! command -v perf >/dev/null; then
		echo "AMP-BENCH-PROF all all error no perf in the initramfs"
	else
		echo "AMP-BENCH-INFO profiling: $(perf version)"
		kfig() { # FIGURE IMPL DIR MESSAGES CMD
			perf_fig "$1" "$2" "$4" sh -c "echo $5 >$3/run && cat $3/run"
		}
		kfig kecho64-lat ours $ours_dbg "$lat" "std lat $lat 64"
		[ "$ref" = 1 ] && kfig kecho64-lat ref $ref_dbg "$lat" "std lat $lat 64"
		kfig kecho64-tput ours $ours_dbg "$tput" "std tput $tput 64 32"
		[ "$ref" = 1 ] && kfig kecho64-tput ref $ref_dbg "$tput" "std tput $tput 64 32"
		perf_fig uecho64 ours "$uecho" rpmsg_echo_bench "$ours_ctrl" \
			"/sys/class/amp_rpmsg/${ours_ctrl#/dev/}" amp_rpmsg $SIM 64 "$uecho"
		[ -n "$ref_ctrl" ] && perf_fig uecho64 ref "$uecho" rpmsg_echo_bench "$ref_ctrl" \
			"/sys/class/rpmsg/${ref_ctrl#/dev/}" rpmsg $SIM 64 "$uecho"
	fi
fi

for p in big ours ref; do echo stop >/sys/class/amp_rproc/$p/state 2>/dev/null; done
echo "AMP-BENCH-DONE"
