# Everything unloads, and loads again.
for p in modem dsp; do
	state_is "$p" offline || echo stop >"/sys/class/amp_rproc/$p/state" 2>/dev/null
done
wait_for 10 state_is modem offline
wait_for 10 state_is dsp offline
# Users before what they use: each round removes what nothing holds any more
# (modprobe -r would also try each module's dependencies, still in use).
bad=
for round in 1 2 3 4 5 6 7 8; do
	for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do
		rmmod "$m" 2>/tmp/err || bad="$bad $m:$(cat /tmp/err)"
	done
done
left=$(grep -o '^amp_[a-z_]*' /proc/modules | tr '\n' ' ')
if [ -z "$bad" ] && [ -z "$left" ]; then ok unload.all; else fail unload.all "failed:$bad left: $left"; fi
if [ -z "$(ls /sys/class | grep '^amp')" ] && [ ! -e /sys/bus/amp_rpmsg ]; then ok unload.no-class-left
else fail unload.no-class-left "$(ls /sys/class | grep '^amp') $(ls -d /sys/bus/amp* 2>/dev/null)"; fi
# The keyring went with amp_rproc: provision the certificate again.
if modprobe amp_rproc_sim procs=sim0 firmware=amp-sim-echo.ambn &&
	keyctl padd asymmetric e2e "$(cat /sys/module/amp_rproc/parameters/fw_keyring)" </e2e/keys/cert.der >/dev/null &&
	echo start >/sys/class/amp_rproc/sim0/state 2>/dev/null; then
	state_is sim0 running && ok unload.reload || fail unload.reload "state $(rproc sim0 state)"
	echo stop >/sys/class/amp_rproc/sim0/state
else
	fail unload.reload "modprobe or start failed"
fi
wait_for 10 state_is sim0 offline
for round in 1 2 3 4 5 6; do
	for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do rmmod "$m"; done
done
true
