# Crash and recovery: a crash injected through debugfs moves the processor
# to crashed; recovery brings it back with its channels.
start dsp
wait_for 10 has_channel amp-sim-echo
n0=$(rproc dsp crash_count)
echo 1 >/sys/kernel/debug/amp_rproc/dsp/crash
if wait_for 20 state_is dsp running && [ "$(rproc dsp crash_count)" = $((n0 + 1)) ]; then
	ok crash.recovered
else
	fail crash.recovered "state $(rproc dsp state), crash_count $(rproc dsp crash_count)"
fi
if wait_for 20 has_channel amp-sim-echo; then ok crash.channels-back; else fail crash.channels-back "$(why)"; fi
if ls /sys/class/devcoredump/ 2>/dev/null | grep -q devcd; then ok crash.coredump
else fail crash.coredump "no devcoredump"; fi
for d in /sys/class/devcoredump/devcd*; do [ -e "$d/data" ] && echo 1 >"$d/data"; done
# Policy disabled: it stays crashed until stopped.
echo disabled >/sys/class/amp_rproc/dsp/recovery
echo 1 >/sys/kernel/debug/amp_rproc/dsp/crash
sleep 1
if state_is dsp crashed; then ok crash.policy-disabled; else fail crash.policy-disabled "state $(rproc dsp state)"; fi
echo recover >/sys/class/amp_rproc/dsp/recovery
if wait_for 20 state_is dsp running; then ok crash.manual-recover; else fail crash.manual-recover "state $(rproc dsp state)"; fi
echo enabled >/sys/class/amp_rproc/dsp/recovery
# A dependency's crash: the modem is stopped first and recovered after it.
start modem
wait_for 10 state_is modem running
echo 1 >/sys/kernel/debug/amp_rproc/dsp/crash
if wait_for 20 state_is dsp running && wait_for 20 state_is modem running; then ok crash.dependent-recovered
else fail crash.dependent-recovered "dsp $(rproc dsp state), modem $(rproc modem state)"; fi
stop modem
stop dsp
wait_for 10 state_is dsp offline
