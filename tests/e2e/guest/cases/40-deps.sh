# Boot dependencies: starting the modem boots the DSP first; stopping the
# modem releases it; a failed modem boot rolls the DSP back.
check deps.start-modem sh -c 'echo start >/sys/class/amp_rproc/modem/state'
if state_is dsp running && state_is modem running; then ok deps.dsp-first
else fail deps.dsp-first "dsp $(rproc dsp state), modem $(rproc modem state)"; fi
dmesg | grep -n 'amp_rproc.*\(dsp\|modem\).*\(boot\|running\)' >/tmp/order 2>/dev/null
if rproc modem dependencies | grep -q 'dsp held'; then ok deps.held; else fail deps.held "$(rproc modem dependencies)"; fi
check deps.stop-modem sh -c 'echo stop >/sys/class/amp_rproc/modem/state'
if wait_for 10 state_is modem offline && wait_for 10 state_is dsp offline; then ok deps.released
else fail deps.released "dsp $(rproc dsp state), modem $(rproc modem state)"; fi
echo amp-sim-echo-tampered.ambn >/sys/class/amp_rproc/modem/firmware
if echo start >/sys/class/amp_rproc/modem/state 2>/dev/null; then
	fail deps.rollback "tampered modem booted"
elif state_is dsp offline && state_is modem offline; then
	ok deps.rollback
else
	fail deps.rollback "dsp $(rproc dsp state), modem $(rproc modem state)"
fi
echo amp-sim-all.ambn >/sys/class/amp_rproc/modem/firmware
