# Hostile remotes: each fault image misbehaves in its own way; the host
# stays up, and the processor ends crashed-and-recovered or running.
for f in crash hang bad-hdr bad-len bad-addr ns-flood no-tx-return; do
	echo "amp-sim-$f.ambn" >/sys/class/amp_rproc/dsp/firmware
	echo disabled >/sys/class/amp_rproc/dsp/recovery
	mark "fault-$f"
	if ! start dsp 2>/tmp/err; then
		fail "fault.$f" "start: $(cat /tmp/err)"
		continue
	fi
	sleep 3
	st=$(rproc dsp state)
	stop dsp 2>/dev/null
	if wait_for 10 state_is dsp offline; then
		ok "fault.$f"
	else
		fail "fault.$f" "after the fault: $st, after stop: $(rproc dsp state)"
	fi
done
echo enabled >/sys/class/amp_rproc/dsp/recovery
echo amp-sim-all.ambn >/sys/class/amp_rproc/dsp/firmware
# The host kernel is still healthy: a good image boots and answers.
start dsp
if wait_for 20 has_channel amp-sim-echo; then ok fault.host-survives; else fail fault.host-survives "$(why)"; fi
stop dsp
wait_for 10 state_is dsp offline
