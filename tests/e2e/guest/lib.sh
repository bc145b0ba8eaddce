# shellcheck shell=sh
# Helpers for the guest-side end-to-end cases (busybox sh). Every case
# reports itself with exactly one of ok, fail or skip.

# busybox sh runs its own applets before PATH: the module tools must be
# kmod's (softdeps, modinfo -F, depmod's indexes), so they are named by path.
for t in modprobe rmmod insmod modinfo; do
	eval "$t() { /usr/sbin/$t \"\$@\"; }"
done

ok() { echo "AMP-E2E ok $1"; }
fail() {
	n=$1
	shift
	echo "AMP-E2E fail $n $*"
}
skip() {
	n=$1
	shift
	echo "AMP-E2E skip $n $*"
}

# check NAME CMD...: ok when CMD succeeds, else fail with its output.
check() {
	n=$1
	shift
	if out=$("$@" 2>&1); then ok "$n"; else fail "$n" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"; fi
}

# check_fails NAME ERRTEXT CMD...: ok when CMD fails and its output holds
# ERRTEXT (the documented error), else fail.
check_fails() {
	n=$1 want=$2
	shift 2
	if out=$("$@" 2>&1); then
		fail "$n" "succeeded, expected failure ($want)"
	elif echo "$out" | grep -qi -- "$want"; then
		ok "$n"
	else
		fail "$n" "expected '$want', got: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	fi
}

# nap: 0.1 s, without a fork: read(1) with a timeout on a fifo nobody
# writes to. sleep(1) is a fork and an exec, about 0.2 s each in the loaded
# debug guest.
nap() {
	[ -p /tmp/.amp-nap ] || mkfifo /tmp/.amp-nap 2>/dev/null
	# shellcheck disable=SC3045 # busybox ash's read has -t, fractions too
	read -r -t 0.1 _ <>/tmp/.amp-nap
	:
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds, for
# SECONDS of the guest's clock (not a number of tries: on a loaded host
# each try of a forking CMD can take far longer than the 0.1 s between).
wait_for() {
	read -r _wf_up _wf_idle </proc/uptime
	_wf_end=$((${_wf_up%.*} + $1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		read -r _wf_up _wf_idle </proc/uptime
		[ "${_wf_up%.*}" -lt "$_wf_end" ] || return 1
		nap
	done
}

# rproc NAME ATTR: a processor's sysfs attribute.
rproc() { cat "/sys/class/amp_rproc/$1/$2" 2>/dev/null; }

# rproc_get NAME ATTR: the first line of processor NAME's attribute ATTR
# into $rproc_val; fails if it cannot be read. A builtin read, no fork:
# what wait_for polls is built on it.
rproc_get() { rproc_val=; read -r rproc_val 2>/dev/null <"/sys/class/amp_rproc/$1/$2"; }

# state_is NAME STATE
state_is() { rproc_get "$1" state && [ "$rproc_val" = "$2" ]; }

# glob_at_least N PATTERN: at least N paths match PATTERN. The caller quotes
# PATTERN, so that it is expanded here, on each of wait_for's polls.
glob_at_least() {
	_n=$1
	# shellcheck disable=SC2086 # the expansion is the point
	set -- $2
	[ $# -ge "$_n" ] && [ -e "$1" ]
}

# dmesg_since MARK: kernel log lines after the line holding MARK (written
# with mark).
mark() { echo "AMP-E2E-MARK $1" >/dev/kmsg; }
dmesg_since() { dmesg | sed -n "/AMP-E2E-MARK $1\$/,\$p"; }

# rproc_devnode NAME: the /dev/amp_rprocN node of processor NAME.
rproc_devnode() {
	for d in /sys/class/amp_rproc/"$1"/amp_rproc_cdev/* /sys/class/amp_rproc/"$1"/amp_rproc[0-9]*; do
		[ -e "$d/dev" ] && { echo "/dev/$(basename "$d")"; return 0; }
	done
	return 1
}

# channel SERVICE: the rpmsg channel devices named SERVICE (link.name.src.dst).
channels() { ls /sys/bus/amp_rpmsg/devices 2>/dev/null | grep "\.$1\.[0-9-]*\.[0-9-]*\$"; }
has_channel() { [ -n "$(channels "$1")" ]; }
no_channel() { [ -z "$(channels "$1")" ]; }

# start NAME / stop NAME through sysfs.
start() { echo start >"/sys/class/amp_rproc/$1/state"; }
stop() { echo stop >"/sys/class/amp_rproc/$1/state"; }

# why: a failure's context (processor states, channels, recent kernel log).
why() {
	echo "dsp $(rproc dsp state); channels: $(ls /sys/bus/amp_rpmsg/devices 2>/dev/null | tr '\n' ' ');" \
		"virtio: $(ls /sys/bus/virtio/devices 2>/dev/null | tr '\n' ' ');" \
		"sim: $(grep -E 'state|rx_msgs|tx_msgs|ns_sent|dropped|host_errors' /sys/kernel/debug/amp_sim/dsp/stats 2>/dev/null | tr '\n' ' ');" \
		"trace: $(cat /sys/kernel/debug/amp_rproc/dsp/trace* 2>/dev/null | tail -n 4 | tr '\n' ' ');" \
		"log: $(dmesg | tail -n 6 | tr '\n' ' ')"
}

# has_node NAME: an exported channel NAME has its /dev/amp_rpmsgN.
has_node() { grep -qx "$1" /sys/class/amp_rpmsg/*/name 2>/dev/null; }
