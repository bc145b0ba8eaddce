#!/bin/sh
# Allocation-failure injection, run in the debug kernel's guest instead of
# the end-to-end cases (scripts/faultinject.sh). For each operation, its
# 1st allocation fails, then its 2nd, and so on (failnth: the calling task's
# /proc/thread-self/fail-nth, which counts kmalloc and page allocations)
# until a run completes with no failure injected, or up to n=LIMIT.
# Every injected failure must leave a clean state and give the caller a
# sensible errno, and the next attempt without injection must succeed. One
# `AMP-E2E ok|fail OP.nN [DETAIL]` line per (operation, n), then one
# `AMP-FI summary OP ...` line per operation.
cd /e2e || exit 1
. ./lib.sh
# shellcheck disable=SC1091
. /faultinject/config
LIMIT=${LIMIT:-0}
FIRST=${FIRST:-1}
OPS=${OPS:-load register boot vdev ns channel ept open recovery}
KO=/lib/modules/$(uname -r)/extra
DBG=/sys/kernel/debug
# What the guest's dmesg may hold after an injected failure: the allocator's
# own report of it (with a stack dump) is not a splat.
SPLAT='BUG: |WARNING: |UBSAN: |Oops|general protection fault|Kernel panic|unreferenced object|INFO: task .* blocked|rcu: INFO|detected stall|kernel BUG|Call Trace:|circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage'

if [ ! -w /proc/thread-self/fail-nth ] || [ ! -d $DBG/failslab ]; then
	fail setup "no fail-nth or failslab: kernel without CONFIG_FAULT_INJECTION*"
	exit 0
fi
# Count GFP_KERNEL allocations too (by default only atomic ones can fail),
# and do not dump a stack for each injected failure.
for a in failslab fail_page_alloc; do
	echo N >$DBG/$a/ignore-gfp-wait
	echo 0 >$DBG/$a/verbose
done
# Modules load only when a step loads them (with or without injection):
# the core's and the transport's request_module() find nothing.
echo /nonexistent >/proc/sys/kernel/modprobe
dmesg -c >/dev/null

loaded() { [ -d "/sys/module/$1" ]; }
load() { loaded "$1" || insmod "$KO/$1.ko"; }
unload() { ! loaded "$1" || rmmod "$1"; }
CORE="amp_rproc amp_rpmsg amp_rproc_virtio amp_rpmsg_virtio amp_rpmsg_char"
# A slow guest (TCG on a loaded host) must not trip the sim's watchdog: a
# crash in the middle of a run is not what is being tested (recovery is).
SIMARGS="procs=dsp firmware=amp-sim-all.ambn wdog_ms=10000"

# kernel_splats: splats logged since the last call (the log is consumed).
kernel_splats() {
	dmesg -c >/tmp/fi.kmsg
	awk '/page allocation failure|vmalloc error|FAULT_INJECTION: forcing/ { inj = 1 }
		inj { if (/<\/TASK>/) inj = 0; next } { print }' /tmp/fi.kmsg | grep -E "$SPLAT" | head -n 3 | tr '\n' ' '
}

provision() {
	ring=$(cat /sys/module/amp_rproc/parameters/fw_keyring 2>/dev/null) || return 1
	keyctl show "$ring" 2>/dev/null | grep -q asymmetric ||
		keyctl padd asymmetric faultinject "$ring" </e2e/keys/cert.der >/dev/null
}
stack_up() {
	for m in $CORE; do load $m || return 1; done
	provision || return 1
	loaded amp_rproc_sim || insmod "$KO/amp_rproc_sim.ko" $SIMARGS || return 1
}
dsp_stop() {
	state_is dsp offline && return 0
	stop dsp 2>/dev/null
	wait_for 10 state_is dsp offline && wait_for 5 no_channel amp-sim-echo
}
dsp_running() {
	stack_up || return 1
	state_is dsp running || start dsp || return 1
	wait_for 10 has_channel amp-sim-echo
}
ctrl() { ls /dev/amp_rpmsg_ctrl* 2>/dev/null | head -n 1; }
node_of() {
	for f in /sys/class/amp_rpmsg/*/name; do
		[ "$(cat "$f" 2>/dev/null)" = "$1" ] && { basename "$(dirname "$f")"; return 0; }
	done
	return 1
}
clear_dumps() {
	for d in /sys/class/devcoredump/devcd*; do
		[ -e "$d/data" ] && echo 1 >"$d/data"
	done
	return 0
}

# --- the operations: OP_pre (uninjected set-up), OP_run N, OP_ok (the
# operation's effect is there), OP_clean (a failed run left nothing),
# OP_undo (back to before the operation).

# load.M: loading module M (its init), everything it needs loaded.
LOAD_ORDER="$CORE amp_rproc_sim"
load_pre() {
	for m in $LOAD_ORDER; do
		[ "$m" = "$MOD" ] && break
		load $m || return 1
	done
	for m in amp_rproc_sim amp_rpmsg_char amp_rpmsg_virtio amp_rproc_virtio amp_rpmsg amp_rproc; do
		[ "$m" = "$MOD" ] && { unload $m; return; }
		unload $m || return 1
	done
}
load_run() { failnth "$1" insmod "$KO/$MOD.ko"; }
load_ok() { loaded "$MOD"; }
load_clean() { ! loaded "$MOD"; }
load_undo() { rmmod "$MOD"; }

# register: amp_rproc_sim with processors, registered in its init.
register_pre() {
	for m in $CORE; do load $m || return 1; done
	provision && unload amp_rproc_sim
}
register_run() { failnth "$1" insmod "$KO/amp_rproc_sim.ko" "procs=dsp,modem:dsp firmware=amp-sim-all.ambn wdog_ms=10000"; }
register_ok() { state_is dsp offline && state_is modem offline; }
register_clean() { ! loaded amp_rproc_sim && [ -z "$(ls /sys/class/amp_rproc 2>/dev/null)" ]; }
register_undo() { rmmod amp_rproc_sim; }

# boot: get/boot from the signed bundle through the sysfs state attribute:
# firmware request, signature, ELF load, resource table, start, vdevs,
# virtio rpmsg probe (name-service channels come later, from a work item).
# The virtio core keeps a driver's probe error to itself: a failure in the
# rpmsg transport's probe reaches the caller as ENODEV from the vdev.
ERRNOS_boot=ENODEV
boot_pre() { stack_up && dsp_stop; }
boot_run() { failnth "$1" write /sys/class/amp_rproc/dsp/state start; }
boot_ok() { state_is dsp running && wait_for 10 has_channel amp-sim-echo; }
boot_clean() { state_is dsp offline && no_channel amp-sim-echo; }
boot_undo() { dsp_stop; }

# vdev: the vdev transport module loads while a processor runs with its
# vdevs waiting for it; its init creates their virtio devices. (The rpmsg
# transport needs its symbols, so it loads after, uninjected.)
vdev_pre() {
	stack_up || return 1
	if loaded amp_rproc_virtio; then
		dsp_stop && unload amp_rpmsg_virtio && rmmod amp_rproc_virtio || return 1
	fi
	state_is dsp running || start dsp
}
vdev_run() { failnth "$1" insmod "$KO/amp_rproc_virtio.ko"; }
# A vdev the new transport refused makes the running processor crash: its
# devices come with the recovery (a coredump, a reload), a moment later.
vdev_ok() {
	wait_for 10 has_virtio && load amp_rpmsg_virtio &&
		wait_for 10 has_channel amp-sim-echo
}
has_virtio() { [ -n "$(ls /sys/bus/virtio/devices)" ]; }
vdev_clean() { ! loaded amp_rproc_virtio && ! has_virtio; }
vdev_undo() { dsp_stop && unload amp_rpmsg_virtio && rmmod amp_rproc_virtio; }

# channel: a channel made through a control node's CREATE_DEV ioctl, the
# same amp_rpmsg_create_channel() a name-service announcement ends in.
channel_pre() { dsp_running && [ -n "$(ctrl)" ] && { no_channel fi-chan || channel_undo; }; }
channel_run() { failnth "$1" create-dev "$(ctrl)" fi-chan 0x500; }
channel_ok() { has_channel fi-chan; }
channel_clean() { no_channel fi-chan; }
channel_undo() { failnth 0 release-dev "$(ctrl)" fi-chan 0x500 >/dev/null && wait_for 5 no_channel fi-chan; }

# ept: an endpoint node made with a control node's CREATE_EPT ioctl.
ept_pre() { dsp_running && [ -n "$(ctrl)" ] && { ! node_of fi-ept >/dev/null || ept_undo; }; }
ept_run() { failnth "$1" create-ept "$(ctrl)" fi-ept 0x400; }
ept_ok() { wait_for 5 node_of fi-ept && [ -e "/dev/$(node_of fi-ept)" ]; }
ept_clean() { ! node_of fi-ept >/dev/null; }
ept_undo() { failnth 0 destroy-ept "/dev/$(node_of fi-ept)" >/dev/null && wait_for 5 ept_clean; }

# open: opening an endpoint node (creates its endpoint; close destroys it).
open_pre() {
	dsp_running && [ -n "$(ctrl)" ] || return 1
	node_of fi-ept >/dev/null || { failnth 0 create-ept "$(ctrl)" fi-ept 0x400 >/dev/null && ept_ok; }
}
open_run() { failnth "$1" open "/dev/$(node_of fi-ept)"; }
open_ok() { node_of fi-ept >/dev/null; }
open_clean() { node_of fi-ept >/dev/null; }
open_undo() { :; }

# recovery: a crashed processor (recovery policy disabled, so it waits)
# recovered through the sysfs "recovery" attribute: power down with a
# coredump, then the whole boot again.
recovery_pre() {
	clear_dumps
	dsp_running || return 1
	echo disabled >/sys/class/amp_rproc/dsp/recovery
	echo 1 >$DBG/amp_rproc/dsp/crash
	wait_for 10 state_is dsp crashed
}
recovery_run() { failnth "$1" write /sys/class/amp_rproc/dsp/recovery recover; }
recovery_ok() { state_is dsp running && wait_for 10 has_channel amp-sim-echo; }
recovery_clean() { state_is dsp crashed; }
recovery_undo() { :; }

# ns: name-service channels. The announcements are handled in work items
# (the sim's interrupt work, the transport's rx work on the system
# workqueue), not by the task that starts the processor, so every
# workqueue worker is armed with fail-nth N for the boot: the N-th
# allocation of whichever worker handles them fails (or of another worker:
# the guest is otherwise idle). The remote is told nothing; a channel whose
# creation failed is missing until the next boot, which must bring all.
SERVICES="amp-sim-echo amp-sim-sink amp-sim-source amp-sim-sendto"
all_channels() { for s in $SERVICES; do has_channel $s || return 1; done; }
kworkers() {
	for p in /proc/[0-9]*; do
		case "$(cat "$p/comm" 2>/dev/null)" in kworker/*) echo "${p#/proc/}" ;; esac
	done
}
ns_pre() { stack_up && dsp_stop; }
ns_run() {
	kw=$(kworkers) inj=0
	# (2>/dev/null first: a worker that exited meanwhile makes the
	# redirection itself fail, and its message would become the result)
	for p in $kw; do echo "$1" 2>/dev/null >"/proc/$p/fail-nth"; done
	start dsp
	rc=$?
	wait_for 5 all_channels
	sleep 0.5
	for p in $kw; do
		[ "$1" != 0 ] && [ "$(cat "/proc/$p/fail-nth" 2>/dev/null)" = 0 ] && inj=1
		echo 0 2>/dev/null >"/proc/$p/fail-nth"
	done
	echo $inj >/tmp/ns.inj
	[ $rc = 0 ] && echo "injected=$inj ret=0 OK" || echo "injected=$inj ret=-1 EIO"
	return $rc
}
ns_ok() {
	state_is dsp running || return 1
	[ "$(cat /tmp/ns.inj)" = 1 ] || all_channels
}
ns_clean() { state_is dsp offline; }
ns_undo() { dsp_stop && ! ls /sys/bus/amp_rpmsg/devices/* >/dev/null 2>&1; }

# sweep NAME OP [ERRNOS]: fail the 1st, 2nd, ... allocation of OP. ERRNOS
# (a grep -E pattern) are the errors a caller may see besides ENOMEM.
sweep() {
	name=$1 op=$2 errs="ENOMEM${3:+|$3}"
	k=$FIRST injected=0 absorbed=0 bad=0 complete=
	kernel_splats >/dev/null
	while [ "$LIMIT" = 0 ] || [ $k -le "$LIMIT" ]; do
		if ! ${op}_pre >/tmp/fi.pre 2>&1; then
			fail "$name.n$k" "set-up failed: $(tail -n 2 /tmp/fi.pre | tr '\n' ' ') $(why)"
			bad=$((bad + 1))
			break
		fi
		kernel_splats >/dev/null
		out=$(${op}_run $k 2>&1)
		rc=$?
		reason=
		case "$out" in
		injected=0*)
			if [ $rc = 0 ] && ${op}_ok; then
				ok "$name.n$k"
				echo "# $name.n$k: completed with no failure injected"
				${op}_undo >/dev/null 2>&1
				complete=$k
				break
			fi
			reason="no failure injected, yet: $out"
			;;
		injected=1*)
			injected=$((injected + 1))
			err=${out##* }
			if [ $rc = 0 ]; then
				# The failure was absorbed (a fallback, or something
				# optional): the operation must still have worked.
				if ${op}_ok; then
					absorbed=$((absorbed + 1))
					echo "# $name.n$k: absorbed"
					${op}_undo >/dev/null 2>&1
				else
					reason="returned success, but its effect is missing: $(why)"
					${op}_undo >/dev/null 2>&1
				fi
			elif ! echo "$err" | grep -qxE "$errs"; then
				reason="caller saw $err"
			elif ! ${op}_clean; then
				reason="$err, but not unwound"
			else
				echo "# $name.n$k: $err $(dmesg | grep -iE 'amp|sim|rpmsg|virtio' | grep -iE 'fail|error|refus|cannot|no memory|-12' | tail -n 1)"
				again=$(${op}_run 0 2>&1)
				if [ $? != 0 ] || ! ${op}_ok; then
					reason="$err; the next attempt without injection failed: $again"
				fi
				${op}_undo >/dev/null 2>&1
			fi
			;;
		*) reason="failnth: $out" ;;
		esac
		splats=$(kernel_splats)
		[ -z "$splats" ] || reason="${reason:+$reason; }splat: $splats"
		if [ -n "$reason" ]; then
			fail "$name.n$k" "$reason; kernel: $(grep -iE 'amp|sim|rpmsg|virtio' /tmp/fi.kmsg | tail -n 3 | tr '\n' ' ') $(why)"
			bad=$((bad + 1))
		else
			ok "$name.n$k"
		fi
		k=$((k + 1))
	done
	echo "AMP-FI summary $name injected=$injected absorbed=$absorbed bad=$bad complete=${complete:-no}"
}

for op in $OPS; do
	case $op in
	load)
		for MOD in $LOAD_ORDER; do
			sweep "load.$MOD" load
		done
		;;
	*) sweep "$op" "$op" "$(eval echo "\${ERRNOS_$op:-}")" ;;
	esac
done
# Unload everything for the kmemleak scan that follows.
dsp_stop
clear_dumps
for m in amp_rproc_sim amp_rpmsg_char amp_rpmsg_virtio amp_rproc_virtio amp_rpmsg amp_rproc; do
	unload $m || fail unload "$m: $(rmmod $m 2>&1)"
done
