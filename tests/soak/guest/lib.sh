# shellcheck shell=sh
# Helpers of the soak's guest parts (busybox sh).

# The processors: "dsp" with the bigbuf image (negotiated 2048-byte
# buffers), "modem" with the standard one, depending on the dsp. Their
# watchdog fires after 500 ms without a kick; the KCSAN kernel runs several
# times slower, and on a loaded host its sims' threads could miss that
# while nothing hangs, so there it is 2 s.
soak_wdog_ms=500
! grep -qx 'SOAK_VARIANT=kcsan' /soak/params 2>/dev/null || soak_wdog_ms=2000
SOAK_MODPROBE_SIM="procs=dsp=amp-sim-bigbuf.ambn,modem:dsp firmware=amp-sim-all.ambn wdog_ms=$soak_wdog_ms"

soak_keys() {
	keyctl padd asymmetric soak "$(cat /sys/module/amp_rproc/parameters/fw_keyring)" \
		</e2e/keys/cert.der >/dev/null
}

# soak_serving: both remotes serve their links: each link's echo channel is
# back, announced by its remote. A control node comes back with its link
# whether or not the remote takes the vdev up again, so it proves nothing
# of the remote.
soak_serving() { glob_at_least 2 '/sys/bus/amp_rpmsg/devices/*.amp-sim-echo.*'; }

# soak_ctrls: both links' control nodes are there.
soak_ctrls() { glob_at_least 2 '/sys/class/amp_rpmsg/amp_rpmsg_ctrl*'; }

# soak_up: both processors running, both links' control nodes and echo
# channels back.
soak_up() {
	wait_for 30 state_is dsp running && wait_for 30 state_is modem running &&
		wait_for 30 soak_ctrls &&
		wait_for 30 soak_serving
}

soak_load() {
	if modprobe amp_rproc && soak_keys &&
		modprobe amp_rproc_sim $SOAK_MODPROBE_SIM &&
		modprobe amp_rpmsg_char && start modem && soak_up; then
		ok load
	else
		fail load "$(why)"
		return 1
	fi
}

soak_unload() {
	stop modem 2>/dev/null
	stop dsp 2>/dev/null
	wait_for 10 state_is dsp offline
	for _ in 1 2 3 4 5 6 7 8; do
		for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do
			rmmod "$m" 2>/dev/null
		done
	done
	left=$(grep -o '^amp_[a-z_]*' /proc/modules | tr '\n' ' ')
	if [ -z "$left" ]; then ok unload; else fail unload "left: $left"; fi
}

# lsum NAME: a counter of every rpmsg link, summed.
lsum() { cat /sys/kernel/debug/amp_rpmsg/*/stats 2>/dev/null | awk -v k="$1" '$1 == k { s += $2 } END { print s + 0 }'; }
# simstat PROC NAME: a field of a sim processor's stats.
simstat() { awk -v k="$2:" '$1 == k { print $2 }' "/sys/kernel/debug/amp_sim/$1/stats" 2>/dev/null; }
# simstat_ge PROC NAME N: a field of a sim processor's stats is N or more.
simstat_ge() { [ "$(simstat "$1" "$2")" -ge "$3" ] 2>/dev/null; }

# soak_rewrite_table PROC: a hostile burst that rewrites bytes of PROC's
# loaded resource table and nothing else (the fuzz fault's class 0x10,
# seeded: the same bytes every run), as the crash part's bursts leave the
# dsp's. The remote serves on; the next time it takes its vdev up without
# a reboot (which loads a fresh table), it reads the rewritten vrings,
# carveout and features and cannot.
soak_rewrite_table() {
	d=/sys/kernel/debug/amp_sim/$1
	f=$(($(simstat "$1" fuzzed) + 64))
	echo 13 >$d/fuzz_seed && echo 0x10 >$d/fuzz_mask && echo 64 >$d/fuzz_count &&
		echo fuzz >$d/fault && wait_for 10 simstat_ge "$1" fuzzed "$f"
	rc=$?
	echo none >$d/fault
	echo 0 >$d/fuzz_mask
	return $rc
}

# soak_field LINE KEY: KEY=VALUE out of an amp_soak result line.
soak_field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# soak_check NAME OUTFILE RC: the verdict on one amp_soak run.
soak_check() {
	line=$(grep '^SOAK ' "$2" | tail -n 1)
	sed -n 's/^# soak: /# /p' "$2" | head -n 20
	if [ "$3" = 0 ] && [ -n "$line" ]; then
		ok "$1"
	else
		fail "$1" "rc $3: ${line:-no result} $(grep 'soak: thread' "$2" | head -n 2 | tr '\n' ' ')"
	fi
}

# The kernel client (tests/soak/amp_soak_kclient.c): an rpmsg driver bound
# to both links' echo channels, with threads sending checked messages.
KC=/sys/kernel/debug/amp_soak_kclient
# kc_field LINE KEY: KEY=VALUE out of its stats line.
kc_field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# kc_get KEY: KC_VAL, a field of its stats line now. Shell builtins only:
# the waits below poll it ten times a second, and in the loaded debug guest
# every fork takes long enough to stretch a 30 s wait_for into minutes.
kc_get() {
	KC_VAL=
	read -r _kl 2>/dev/null <$KC/stats || return 1
	_kv=" $_kl "
	_kv=${_kv#*" $1="}
	[ "$_kv" != " $_kl " ] || return 1
	KC_VAL=${_kv%% *}
}
# kc_stat KEY: a field of its stats line now, printed.
kc_stat() { kc_get "$1" && echo "$KC_VAL"; }
# kc_window open|close: declare a crash window to it (when it is loaded).
kc_window() { [ ! -e $KC/window ] || echo "$1" >$KC/window; }
kc_bound() { kc_get channels && [ "$KC_VAL" -ge 2 ]; }
kc_idle() { kc_get inflight && [ "$KC_VAL" = 0 ]; }
kc_flowing() { kc_get delivered && [ "$KC_VAL" -gt 0 ]; }
# kc_above KEY N: its counter KEY is above N.
kc_above() { kc_get "$1" && [ "$KC_VAL" -gt "$2" ]; }
# kc_up: it is bound to both echo channels again (true when not loaded).
kc_up() { [ ! -d $KC ] || wait_for 30 kc_bound; }

# kc_load PART [PARAM=VALUE...]: load it and wait until it runs on both
# links.
kc_load() {
	p=$1
	shift
	if modprobe amp_soak_kclient "$@" && wait_for 30 kc_bound && wait_for 30 kc_flowing; then
		ok "$p.kclient.load"
	else
		fail "$p.kclient.load" "$(head -n 3 $KC/stats 2>/dev/null | tr '\n' ' ') $(why)"
	fi
}

# kc_resumed PART: after the last window, traffic flows on both channels.
kc_resumed() {
	d0=$(kc_stat delivered)
	sleep 2
	d1=$(kc_stat delivered)
	if kc_bound && [ "$d1" -gt "$d0" ] 2>/dev/null; then ok "$1.kclient.resumed"
	else fail "$1.kclient.resumed" "channels $(kc_stat channels), delivered $d0 -> $d1"; fi
}

# kc_verdict PART LINE: print the figures of LINE (its stats, after the
# traffic stopped), and the verdicts: nothing lost outside a window,
# nothing wrong, something delivered, every message accounted for.
kc_verdict() {
	p=$1 l=$2
	echo "AMP-SOAK kclient part=$p $l"
	if [ -d $KC ]; then sed -n 's/^error: /# kclient error: /p' $KC/stats
	else dmesg | sed -n 's/.*amp_soak_kclient: error: /# kclient error: /p' | tail -n 4; fi
	for k in lost wrong; do
		if [ "$(kc_field "$l" $k)" = 0 ]; then ok "$p.kclient.$k"
		else fail "$p.kclient.$k" "$k=$(kc_field "$l" $k)"; fi
	done
	if [ "$(kc_field "$l" delivered)" -gt 0 ] 2>/dev/null; then ok "$p.kclient.delivered"
	else fail "$p.kclient.delivered" "delivered=$(kc_field "$l" delivered)"; fi
	s=$(kc_field "$l" sent)
	a=$(($(kc_field "$l" delivered) + $(kc_field "$l" lost_window) + $(kc_field "$l" lost)))
	if [ "$(kc_field "$l" inflight)" = 0 ] && [ "$s" = "$a" ]; then ok "$p.kclient.accounted"
	else fail "$p.kclient.accounted" "sent $s, accounted $a, inflight $(kc_field "$l" inflight)"; fi
}

# The watchdog of a part: the debug kernel has no hung-task detector, and a
# part that stops making progress would otherwise sit silently until QEMU's
# time limit. The part's scripts note their steps with soak_step; when no
# step comes for SOAK_WATCH_S seconds the watchdog dumps what every task
# waits in and the state of the processors, links, channels and nodes, and
# again every 120 s while nothing moves.
SOAK_TRACE=/tmp/soak.trace
: "${SOAK_WATCH_S:=90}"
# soak_step TEXT: note a step (with the guest's uptime).
soak_step() { echo "$(cut -d ' ' -f 1 /proc/uptime) $*" >>$SOAK_TRACE; }

# soak_tasks: every thread's state, parent, wait channel and system call
# (idle kernel threads left out); the kernel stack of user tasks and of
# threads with a frame of ours (a running thread shows none). Builtins
# where they do: forks are slow in the loaded guest.
soak_tasks() {
	for t in /proc/[0-9]*/task/[0-9]*; do
		read -r stat 2>/dev/null <"$t/stat" || continue
		read -r comm 2>/dev/null <"$t/comm"
		# shellcheck disable=SC2086 # the fields after "(comm) "
		set -- ${stat##*) }
		st=$1 ppid=$2
		kthread=
		if [ "$ppid" = 2 ] || [ "${t%%/task/*}" = /proc/2 ]; then kthread=1; fi
		stk=
		if [ -z "$kthread" ] || [ "$st" = D ]; then
			stk=$(cat "$t/stack" 2>/dev/null)
		else
			case "$comm" in
			amp*) stk=$(cat "$t/stack" 2>/dev/null) ;;
			kworker*)
				stk=$(cat "$t/stack" 2>/dev/null)
				case "$stk" in *"[amp_"*) ;; *) continue ;; esac
				;;
			*) continue ;;
			esac
		fi
		wchan= sc= cmd=
		read -r wchan 2>/dev/null <"$t/wchan"
		read -r sc 2>/dev/null <"$t/syscall"
		# shellcheck disable=SC2086 # number and first two arguments
		set -- $sc
		[ -n "$kthread" ] || cmd=$(tr '\0' ' ' <"${t%/task/*}/cmdline" 2>/dev/null | cut -c 1-80)
		echo "# task ${t#/proc/} $st ppid=$ppid $comm wchan=$wchan syscall=$1 $2 $3 cmd=$cmd"
		[ -z "$stk" ] || echo "$stk" | sed -n 's/^\[<[0-9a-f]*>\] /#   /p' | head -n 16
	done
}

# soak_dump WHY: the state of everything the parts wait for.
soak_dump() {
	echo "# watch: $1 (uptime $(cut -d ' ' -f 1 /proc/uptime))"
	tail -n 8 $SOAK_TRACE 2>/dev/null | sed 's/^/# step: /'
	for p in /sys/class/amp_rproc/*; do
		[ -e "$p/state" ] && echo "# rproc $(basename "$p") $(cat "$p/state") crashes $(cat "$p/crash_count" 2>/dev/null)"
	done
	echo "# modules: $(grep -o '^amp_[a-z_]* [0-9]* [0-9]*' /proc/modules | tr '\n' ',')"
	echo "# virtio: $(ls /sys/bus/virtio/devices 2>/dev/null | tr '\n' ' ')"
	echo "# channels: $(ls /sys/bus/amp_rpmsg/devices 2>/dev/null | tr '\n' ' ')"
	for n in /sys/class/amp_rpmsg/*; do
		[ -e "$n" ] || continue
		echo "# node $(basename "$n") name=$(cat "$n/name" 2>/dev/null) link=$(cat "$n/link" 2>/dev/null)"
	done
	for l in /sys/kernel/debug/amp_rpmsg/*/; do
		[ -e "$l/stats" ] || continue
		echo "# link $(basename "$l"): $(awk '$2 != 0 { printf "%s=%s ", $1, $2 }' "$l/stats")"
		tail -n +2 "$l/channels" | sed 's/^/#   channel /'
		tail -n +2 "$l/endpoints" | sed 's/^/#   ept /'
	done
	for s in /sys/kernel/debug/amp_sim/*/stats; do
		[ -e "$s" ] && echo "# sim $(basename "$(dirname "$s")"): $(grep -E 'state|rx_msgs|tx_msgs|fault' "$s" | tr '\n' ' ')"
	done
	for t in /sys/kernel/debug/amp_rproc/*/trace0; do
		[ -e "$t" ] && tail -n 6 "$t" | sed "s|^|# trace $(basename "$(dirname "$t")"): |"
	done
	[ -d $KC ] && sed 's/^/# kclient: /' $KC/stats $KC/channels
	# amp_soak reports what its threads do (SIGUSR1).
	for p in $(pidof amp_soak); do kill -USR1 "$p"; done
	sleep 1
	for f in $SOAK_WATCH_FILES; do
		tail -n 6 "$f" 2>/dev/null | sed "s|^|# $f: |"
	done
	soak_tasks
	dmesg | tail -n 15 | sed 's/^/# dmesg: /'
}

# soak_watch_start PART [FILE...] / soak_watch_stop: the watchdog around a
# part; its dumps show the tail of each FILE (the part's outputs).
soak_watch_start() {
	SOAK_WATCH_FILES="$*"
	SOAK_WATCH_FILES=${SOAK_WATCH_FILES#"$1"}
	: >$SOAK_TRACE
	(
		last=-1 still=0
		while :; do
			sleep 10
			cur=$(wc -c <$SOAK_TRACE 2>/dev/null)
			if [ "$cur" != "$last" ]; then
				last=$cur still=0
				continue
			fi
			still=$((still + 10))
			if [ "$still" -ge "$SOAK_WATCH_S" ] && [ $(((still - SOAK_WATCH_S) % 120)) = 0 ]; then
				soak_dump "$1: no step for $still s"
			fi
		done
	) &
	SOAK_WATCH_PID=$!
}
soak_watch_stop() {
	kill "$SOAK_WATCH_PID" 2>/dev/null
	wait "$SOAK_WATCH_PID" 2>/dev/null
	SOAK_WATCH_PID=
}
