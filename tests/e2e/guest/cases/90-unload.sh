# Everything unloads, and loads again.
for p in modem dsp; do
	state_is "$p" offline || echo stop >"/sys/class/amp_rproc/$p/state" 2>/dev/null
done
wait_for 10 state_is modem offline
wait_for 10 state_is dsp offline
mods="amp_rpmsg_char amp_rproc_sim amp_rpmsg_virtio amp_rproc_virtio amp_rpmsg amp_rproc"
bad=
for m in $mods; do
	grep -q "^$m " /proc/modules || continue
	modprobe -r "$m" 2>/tmp/err || bad="$bad $m:$(cat /tmp/err)"
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
for m in amp_rproc_sim amp_rpmsg_virtio amp_rproc_virtio amp_rpmsg amp_rproc; do
	if grep -q "^$m " /proc/modules; then modprobe -r "$m"; fi
done
true
