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
# Reload, with a static channel for a remote that never announces (the
# sim's "static" image): amp_rpmsg's channels= parameter names it. The
# keyring went with amp_rproc: the certificate is provisioned again.
if modprobe amp_rpmsg channels=amp-sim-echo:0x400 &&
	modprobe amp_rproc_sim procs=sim0 firmware=amp-sim-static.ambn &&
	keyctl padd asymmetric e2e "$(cat /sys/module/amp_rproc/parameters/fw_keyring)" </e2e/keys/cert.der >/dev/null &&
	start sim0; then
	state_is sim0 running && ok unload.reload || fail unload.reload "state $(rproc sim0 state)"
	if wait_for 20 has_channel amp-sim-echo; then ok static.channel; else fail static.channel "no channel"; fi
	modprobe amp_rpmsg_char && amp-rpmsg export amp-sim-echo >/dev/null 2>&1
	wait_for 20 has_node amp-sim-echo
	check static.echo amp-rpmsg ping -c 5 amp-sim-echo
	if no_channel amp-sim-sink; then ok static.no-announcements; else fail static.no-announcements "$(channels amp-sim-sink)"; fi
	stop sim0
else
	fail unload.reload "modprobe or start failed"
fi
wait_for 10 state_is sim0 offline
for round in 1 2 3 4 5 6; do
	for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do rmmod "$m"; done
done
true
