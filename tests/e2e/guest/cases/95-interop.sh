# Interop mode: with amp_rproc_virtio.interop_ids=1 the sim's vdev is a
# standard rpmsg device on the virtio bus, and the kernel's own stack
# (virtio_rpmsg_bus, rpmsg_ns, rpmsg_ctrl, rpmsg_char) drives it: the sim's
# announcements become stock /sys/bus/rpmsg channels and a program written
# for mainline's uapi echoes through /dev/rpmsg_ctrl0. With the parameter off
# again our transport takes the device and the stock driver never binds.
# Runs after 90-unload (nothing of ours loaded) and unloads ours at the end.
cases="interop.stock-modules interop.load interop.stock-bound interop.dma-parent
interop.ns-channel interop.ours-not-bound interop.ctrl-node interop.mainline-uapi
interop.crash-recovered interop.crash-mainline-uapi interop.ns-gone-on-stop interop.default-off interop.default-off-echo interop.unload"

if ! modinfo virtio_rpmsg_bus >/dev/null 2>&1; then
	for c in $cases; do skip "$c" "this kernel has no stock virtio_rpmsg_bus"; done
	exit 0
fi

# ours_unload: every amp_ module, users first (as 90-unload); stopped first.
ours_unload() {
	for p in $(ls /sys/class/amp_rproc 2>/dev/null); do
		[ -e "/sys/class/amp_rproc/$p/state" ] || continue
		state_is "$p" offline || stop "$p" 2>/dev/null
		wait_for 10 state_is "$p" offline
	done
	for round in 1 2 3 4 5 6 7 8; do
		for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do
			rmmod "$m" 2>/dev/null
		done
	done
	! grep -q '^amp_' /proc/modules
}
# stock_channel NAME: the stock rpmsg channel NAME at the sim's address for it.
stock_channel() { ls /sys/bus/rpmsg/devices 2>/dev/null | grep "\.$1\.-1\.$2\$"; }
# sim_vdev: the sim's virtio device (under the processor's device).
sim_vdev() {
	for d in /sys/bus/virtio/devices/*; do
		case "$(readlink -f "$d")" in */sim0/*) echo "$d"; return 0 ;; esac
	done
	return 1
}
vdev_driver() {
	d=$(sim_vdev) && [ -e "$d/driver" ] && basename "$(readlink "$d/driver")"
}
ictx() {
	echo "virtio: $(for d in /sys/bus/virtio/devices/*; do echo "$(basename "$d")=$(basename "$(readlink "$d/driver" 2>/dev/null)")"; done | tr '\n' ' ');" \
		"rpmsg: $(ls /sys/bus/rpmsg/devices 2>/dev/null | tr '\n' ' ');" \
		"sim: $(grep -E 'state|rx_msgs|tx_msgs|ns_sent|dropped|host_errors' /sys/kernel/debug/amp_sim/sim0/stats 2>/dev/null | tr '\n' ' ');" \
		"trace: $(cat /sys/kernel/debug/amp_rproc/sim0/trace* 2>/dev/null | tail -n 4 | tr '\n' ' ');" \
		"log: $(dmesg | tail -n 6 | tr '\n' ' ')"
}

ours_unload
out=
for m in virtio_rpmsg_bus rpmsg_ns rpmsg_ctrl rpmsg_char; do
	modprobe "$m" 2>>/tmp/interop.err || out="$out $m"
done
if [ -z "$out" ]; then ok interop.stock-modules; else fail interop.stock-modules "not loaded:$out $(cat /tmp/interop.err)"; fi

mark interop
if modprobe amp_rproc_virtio interop_ids=1 &&
	keyctl padd asymmetric e2e "$(cat /sys/module/amp_rproc/parameters/fw_keyring)" </e2e/keys/cert.der >/dev/null &&
	modprobe amp_rproc_sim procs=sim0 firmware=amp-sim-all.ambn &&
	[ "$(cat /sys/module/amp_rproc_virtio/parameters/interop_ids)" = Y ] && start sim0 &&
	wait_for 10 state_is sim0 running; then
	ok interop.load
else
	fail interop.load "state '$(rproc sim0 state)'; $(dmesg_since interop | tail -n 4 | tr '\n' ' ')"
fi
if wait_for 10 eval '[ "$(vdev_driver)" = virtio_rpmsg_bus ]'; then ok interop.stock-bound
else fail interop.stock-bound "driver '$(vdev_driver)'; $(ictx)"; fi
# mainline remoteproc gives the stock driver a parent that allocates from the
# vdev's memory; ours is the processor's vdevN device.
case "$(readlink -f "$(sim_vdev)")" in
*/sim0/vdev0/virtio*) ok interop.dma-parent ;;
*) fail interop.dma-parent "$(readlink -f "$(sim_vdev)")" ;;
esac
out=
for s in amp-sim-echo:1024 amp-sim-sink:1025 amp-sim-source:1026 amp-sim-sendto:1027; do
	wait_for 20 stock_channel "${s%:*}" "${s#*:}" || out="$out ${s%:*}"
done
if [ -z "$out" ]; then ok interop.ns-channel; else fail interop.ns-channel "missing:$out; $(ictx)"; fi
if [ -z "$(ls /sys/bus/amp_rpmsg/devices 2>/dev/null)" ]; then ok interop.ours-not-bound
else fail interop.ours-not-bound "$(ls /sys/bus/amp_rpmsg/devices | tr '\n' ' ')"; fi
if wait_for 10 test -c /dev/rpmsg_ctrl0; then ok interop.ctrl-node
else fail interop.ctrl-node "no /dev/rpmsg_ctrl0; $(ls /dev | grep rpmsg | tr '\n' ' ')"; fi
# The program knows only <linux/rpmsg.h>: create an endpoint through the
# stock rpmsg_ctrl, echo with the sim's echo service (0x400), destroy it.
if mainline_compat -s 0x400 20 >/tmp/interop.mc 2>&1; then ok interop.mainline-uapi
else fail interop.mainline-uapi "$(grep -v '^ok' /tmp/interop.mc | tr '\n' ' ') $(ictx)"; fi
sed 's/^/# mainline_compat: /' /tmp/interop.mc
# Our recovery under the stock driver: it unbinds with the old device and
# binds the new one; the channels and the control device come back.
echo 1 >/sys/kernel/debug/amp_rproc/sim0/crash
if wait_for 20 state_is sim0 running && [ "$(rproc sim0 crash_count)" = 1 ] &&
	wait_for 10 eval '[ "$(vdev_driver)" = virtio_rpmsg_bus ]' &&
	wait_for 20 stock_channel amp-sim-echo 1024; then
	ok interop.crash-recovered
else
	fail interop.crash-recovered "state $(rproc sim0 state), crashes $(rproc sim0 crash_count); $(ictx)"
fi
if wait_for 10 test -c /dev/rpmsg_ctrl0 && mainline_compat -s 0x400 5 >/tmp/interop.mc 2>&1; then
	ok interop.crash-mainline-uapi
else
	fail interop.crash-mainline-uapi "$(grep -v '^ok' /tmp/interop.mc | tr '\n' ' ') $(ictx)"
fi
stop sim0
if wait_for 10 eval '[ -z "$(ls /sys/bus/rpmsg/devices 2>/dev/null | grep amp-sim)" ]'; then ok interop.ns-gone-on-stop
else fail interop.ns-gone-on-stop "$(ls /sys/bus/rpmsg/devices | tr '\n' ' ')"; fi
wait_for 10 state_is sim0 offline

# Off again (the parameter is read when a device is added): ours again.
echo 0 >/sys/module/amp_rproc_virtio/parameters/interop_ids
start sim0
if wait_for 20 has_channel amp-sim-echo && [ "$(vdev_driver)" != virtio_rpmsg_bus ] &&
	[ -z "$(ls /sys/bus/rpmsg/devices 2>/dev/null | grep amp-sim)" ]; then
	ok interop.default-off
else
	fail interop.default-off "driver '$(vdev_driver)'; ours: $(channels amp-sim-echo); $(ictx)"
fi
modprobe amp_rpmsg_char && amp-rpmsg export amp-sim-echo >/dev/null 2>&1
wait_for 20 has_node amp-sim-echo
check interop.default-off-echo amp-rpmsg ping -c 5 amp-sim-echo
if ours_unload; then ok interop.unload; else fail interop.unload "left: $(grep -o '^amp_[a-z_]*' /proc/modules | tr '\n' ' ')"; fi
true
