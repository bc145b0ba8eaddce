# Name service: the sim announces its services when it boots; the channels
# go away when it stops.
start dsp
for svc in amp-sim-echo amp-sim-sink amp-sim-source amp-sim-sendto; do
	if wait_for 20 has_channel "$svc"; then ok "rpmsg.ns-create.$svc"
	else fail "rpmsg.ns-create.$svc" "no channel; modules: $(grep -o '^amp_[a-z_]*' /proc/modules | tr '\n' ' '); $(why)"; fi
done
# Autoload by modalias, as udev does: every channel's modalias resolves
# through depmod's modules.alias to a module or to nothing, never an error.
for d in /sys/bus/amp_rpmsg/devices/*; do
	a=$(cat "$d/modalias" 2>/dev/null)
	case "$a" in
	amp_rpmsg:*) ok "rpmsg.modalias.$(basename "$d" | cut -d. -f2)" ;;
	*) fail "rpmsg.modalias.$(basename "$d")" "modalias '$a'" ;;
	esac
done
stop dsp
if wait_for 10 no_channel amp-sim-echo; then ok rpmsg.ns-gone-on-stop; else fail rpmsg.ns-gone-on-stop "$(channels amp-sim-echo)"; fi
# The stock virtio rpmsg driver, where loaded, never binds our devices.
for d in /sys/bus/virtio/devices/*; do
	[ -e "$d/driver" ] || continue
	drv=$(basename "$(readlink "$d/driver")")
	case "$drv" in
	virtio_rpmsg_bus) fail coexist.stock-driver-bound "$(basename "$d")" ;;
	esac
done
start dsp
wait_for 10 has_channel amp-sim-echo
bound=$(for d in /sys/bus/virtio/devices/*; do [ -e "$d/driver" ] && basename "$(readlink "$d/driver")"; done | sort -u | tr '\n' ' ')
case "$bound" in
*virtio_rpmsg_bus*) fail coexist.ours-only "drivers: $bound" ;;
*amp*) ok coexist.ours-only ;;
*) fail coexist.ours-only "drivers: $bound" ;;
esac
stop dsp
wait_for 10 state_is dsp offline
