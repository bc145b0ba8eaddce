# Message sizes: the standard 512-byte buffers (MTU 496) by default, and the
# negotiated larger buffers when the firmware opts into the extension.
modprobe amp_rpmsg_char
amp-rpmsg export amp-sim-echo >/dev/null 2>&1
start dsp
wait_for 20 has_node amp-sim-echo
check sizes.standard-496 amp-rpmsg ping -c 5 -s 496 amp-sim-echo
check_fails sizes.standard-497-refused "" amp-rpmsg ping -c 1 -s 497 amp-sim-echo
stop dsp
wait_for 10 state_is dsp offline
echo amp-sim-bigbuf.ambn >/sys/class/amp_rproc/dsp/firmware
start dsp
wait_for 20 has_node amp-sim-echo
check sizes.negotiated-2032 amp-rpmsg ping -c 5 -s 2032 amp-sim-echo
check_fails sizes.negotiated-2033-refused "" amp-rpmsg ping -c 1 -s 2033 amp-sim-echo
stop dsp
wait_for 10 state_is dsp offline
echo amp-sim-all.ambn >/sys/class/amp_rproc/dsp/firmware
