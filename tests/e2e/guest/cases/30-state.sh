# The state machine through sysfs: legal requests, and each illegal one with
# its documented errno.
check_fails state.stop-offline "already in progress\|Operation already" sh -c 'echo stop >/sys/class/amp_rproc/dsp/state'
check_fails state.bad-word "invalid argument" sh -c 'echo dance >/sys/class/amp_rproc/dsp/state'
check state.start sh -c 'echo start >/sys/class/amp_rproc/dsp/state'
if state_is dsp running; then ok state.running; else fail state.running "$(rproc dsp state)"; fi
check_fails state.start-twice "already in progress\|Operation already" sh -c 'echo start >/sys/class/amp_rproc/dsp/state'
check_fails state.firmware-while-running "busy" sh -c 'echo x.elf >/sys/class/amp_rproc/dsp/firmware'
check_fails state.firmware-dotdot "invalid argument" sh -c 'echo ../x >/sys/class/amp_rproc/modem/firmware'
# A second client (a /dev node holder) keeps it running past sysfs stop;
# closing the file releases it.
node=$(rproc_devnode dsp)
if [ -n "$node" ] && exec 7<>"$node"; then
	echo start >&7
	check state.stop-sysfs stop dsp
	if state_is dsp running; then ok state.fd-holds; else fail state.fd-holds "state $(rproc dsp state)"; fi
	exec 7>&-
	wait_for 10 state_is dsp offline && ok state.fd-close-releases ||
		fail state.fd-close-releases "state $(rproc dsp state)"
else
	fail state.devnode "node '$node': $(ls /sys/class/amp_rproc_cdev/ 2>&1) $(readlink -f /sys/class/amp_rproc_cdev/* 2>&1) $(ls /dev | grep amp)"
	stop dsp
fi
