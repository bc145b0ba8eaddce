#!/bin/sh
# The demo, run in the guest as init's child (make demo). Lines meant for the
# viewer start with "DEMO "; the host shows only those.
cd /e2e || exit 1
. ./lib.sh
say() { echo "DEMO $*"; }
show_states() {
	for p in dsp modem; do say "   $p: $(rproc "$p" state)"; done
}
# The dsp's link (both processors run the same firmware, so each has an
# echo channel); it is named anew after a recovery.
dsp_link() {
	amp-rpmsg list 2>/dev/null | awk '$2 == "dsp" && $3 ~ /^\/dev\// { print $1; exit }'
}
ping_echo() {
	amp-rpmsg ping --link "$(dsp_link)" -c "$1" -s 64 amp-sim-echo 2>&1 |
		while IFS= read -r l; do say "   $l"; done
}

say "kernel $(uname -r) (Debian's stock image), ampipc $(cat /sys/module/amp_rproc/version 2>/dev/null || modinfo -F version amp_rproc)"
modprobe amp_rproc || { say "FAILED: modprobe amp_rproc"; exit 1; }
ring=$(cat /sys/module/amp_rproc/parameters/fw_keyring)
keyctl padd asymmetric demo "$ring" </e2e/keys/cert.der >/dev/null &&
	say "provisioned the development certificate into the amp_firmware keyring with keyctl"
modprobe amp_rpmsg_char
amp-rpmsg export amp-sim-echo >/dev/null && say "exported the 'amp-sim-echo' channel to userspace (amp-rpmsg export amp-sim-echo)"
modprobe amp_rproc_sim procs=dsp,modem:dsp firmware=amp-sim-all.ambn
say "two sim processors registered; modem depends on dsp:"
show_states
say "starting modem (echo start > /sys/class/amp_rproc/modem/state):"
start modem
show_states
dmesg | grep -E 'amp_rproc.*(dsp|modem)' | grep -iE 'boot|start|running' | tail -n 4 |
	while IFS= read -r l; do say "   log: ${l#*] }"; done
wait_for 20 has_node amp-sim-echo
say "channels the remote announced (name service):"
amp-rpmsg list 2>&1 | while IFS= read -r l; do say "   $l"; done
say "200 round trips to the echo service through /dev/amp_rpmsgN:"
ping_echo 200
say "crashing dsp (debugfs amp_rproc/dsp/crash): modem stops first, both recover"
echo 1 >/sys/kernel/debug/amp_rproc/dsp/crash
sleep 0.2
show_states
wait_for 20 state_is dsp running
wait_for 20 state_is modem running
wait_for 20 has_node amp-sim-echo
show_states
say "   crash_count: $(rproc dsp crash_count); the echo channel is back:"
ping_echo 20
say "a tampered bundle (one byte of a segment flipped) is refused:"
stop modem
wait_for 10 state_is dsp offline
echo amp-sim-echo-tampered.ambn >/sys/class/amp_rproc/dsp/firmware
mark tamper
if start dsp 2>/tmp/err; then say "   UNEXPECTED: it booted"; stop dsp
else say "   echo start: $(sed 's/^.*: //' /tmp/err)"; fi
dmesg_since tamper | grep amp_rproc | tail -n 2 | while IFS= read -r l; do say "   log: ${l#*] }"; done
show_states
say "shutting down: the processors stop, the modules unload"
for round in 1 2 3 4 5 6; do
	for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do rmmod "$m"; done
done
left=$(grep -c '^amp_' /proc/modules)
say "   ampipc modules still loaded: $left"
say "done"
