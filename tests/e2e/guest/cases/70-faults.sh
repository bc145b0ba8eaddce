# Hostile remotes: each fault image misbehaves in its own way (docs/sim.md).
# The host stays up, the misbehaviour shows in the counter documented for
# it (docs/rpmsg.md, the sim's stats), and the processor ends
# crashed-and-recovered or running.
rs=/sys/kernel/debug/amp_sim/dsp/stats
# lstat NAME: a counter of the dsp's rpmsg link(s), summed.
lstat() { cat /sys/kernel/debug/amp_rpmsg/*/stats 2>/dev/null | awk -v k="$1" '$1 == k { s += $2 } END { print s + 0 }'; }
# sstat NAME: a field of the sim's stats.
sstat() { awk -v k="$1:" '$1 == k { print $2 }' "$rs" 2>/dev/null; }
gt0() { [ "$(lstat "$1")" -gt 0 ] 2>/dev/null; }
# counted NAME COUNTER...: ok when every link COUNTER is above 0.
counted() {
	n=$1
	shift
	miss=
	for c in "$@"; do gt0 "$c" || miss="$miss $c=$(lstat "$c")"; done
	if [ -z "$miss" ]; then ok "$n"; else fail "$n" "not counted:$miss; $(why)"; fi
}
crashes() { rproc dsp crash_count; }
modprobe amp_rpmsg_char
amp-rpmsg export amp-sim-sink >/dev/null 2>&1
for f in crash hang bad-hdr bad-len bad-addr ns-flood no-tx-return; do
	echo "amp-sim-$f.ambn" >/sys/class/amp_rproc/dsp/firmware
	echo disabled >/sys/class/amp_rproc/dsp/recovery
	mark "fault-$f"
	c0=$(crashes)
	if ! start dsp 2>/tmp/err; then
		fail "fault.$f" "start: $(cat /tmp/err)"
		continue
	fi
	sleep 3
	case "$f" in
	crash | hang)
		want=halted
		[ "$f" = crash ] || want=hung
		wait_for 5 state_is dsp crashed
		if state_is dsp crashed && [ "$(crashes)" -gt "$c0" ] && [ "$(sstat state)" = "$want" ]; then
			ok "fault.$f.detected"
		else
			fail "fault.$f.detected" "state $(rproc dsp state), crash_count $c0 -> $(crashes), remote $(sstat state)"
		fi
		# A fault asked of a remote that stopped running is ignored
		# (its next start clears it) and its thread sleeps meanwhile:
		# it once spun on the pending request, starving the host.
		p0=$(sstat polls)
		echo crash >/sys/kernel/debug/amp_sim/dsp/fault
		sleep 2
		p1=$(sstat polls)
		if [ $((p1 - p0)) -le 400 ] 2>/dev/null; then ok "fault.$f.asked-while-stopped"
		else fail "fault.$f.asked-while-stopped" "the remote's thread polled $p0 -> $p1 in 2 s"; fi
		;;
	bad-hdr)
		counted fault.bad-hdr.counted rx_bad_hdr rx_unknown_dst ns_bad_name ns_bad_len
		check fault.bad-hdr.channel-kept amp-rpmsg ping -c 5 amp-sim-echo
		;;
	bad-len)
		counted fault.bad-len.counted rx_bad_len
		check fault.bad-len.channel-kept amp-rpmsg ping -c 5 amp-sim-echo
		;;
	bad-addr)
		b=$(($(lstat rx_bad_buf) + $(lstat tx_bad_buf) + $(lstat vring_broken)))
		if [ "$b" -gt 0 ]; then ok fault.bad-addr.counted
		else fail fault.bad-addr.counted "rx_bad_buf, tx_bad_buf, vring_broken all 0; $(why)"; fi
		;;
	ns-flood)
		max=$(cat /sys/module/amp_rpmsg/parameters/ns_max_channels)
		nch=$(ls /sys/bus/amp_rpmsg/devices | grep -c '\.amp-flood-')
		if gt0 ns_too_many && [ "$nch" -le "$max" ]; then ok fault.ns-flood.bounded
		else fail fault.ns-flood.bounded "$nch flood channels (max $max), ns_too_many $(lstat ns_too_many)"; fi
		;;
	no-tx-return)
		# The remote keeps the host's tx buffers: once they are all
		# out, a non-blocking send says so instead of hanging.
		wait_for 10 has_node amp-sim-sink
		yes x | head -n 2000 | amp-rpmsg send --nonblock amp-sim-sink >/tmp/out 2>&1
		if grep -qi 'temporarily unavailable' /tmp/out && [ "$(sstat rx_msgs)" -gt 0 ]; then
			ok fault.no-tx-return.send-refused
		else
			fail fault.no-tx-return.send-refused "send: $(tail -n 1 /tmp/out); remote rx $(sstat rx_msgs)"
		fi
		;;
	esac
	case "$f" in
	bad-* | ns-flood)
		if [ "$(sstat faults_emitted)" -gt 0 ] 2>/dev/null; then ok "fault.$f.emitted"
		else fail "fault.$f.emitted" "the remote sent nothing malformed"; fi
		;;
	esac
	st=$(rproc dsp state)
	stop dsp 2>/dev/null
	if wait_for 10 state_is dsp offline; then
		ok "fault.$f"
	else
		fail "fault.$f" "after the fault: $st, after stop: $(rproc dsp state)"
	fi
done
amp-rpmsg unexport amp-sim-sink >/dev/null 2>&1
echo enabled >/sys/class/amp_rproc/dsp/recovery
echo amp-sim-all.ambn >/sys/class/amp_rproc/dsp/firmware
# The host kernel is still healthy: a good image boots and answers.
start dsp
if wait_for 20 has_channel amp-sim-echo; then ok fault.host-survives; else fail fault.host-survives "$(why)"; fi
check fault.host-answers amp-rpmsg ping -c 5 amp-sim-echo
stop dsp
wait_for 10 state_is dsp offline
