# Userspace through the character devices, with the sim as the remote: the
# policy matrix as root and as an unprivileged user, I/O, poll, MTU, crash
# and recovery (tests/userspace/amp_rpmsg_test), a program written for the
# mainline rpmsg uapi, and the CLI.
modprobe amp_rpmsg_char
check userspace.export amp-rpmsg export amp-sim-echo amp-sim-sink
start dsp
wait_for 20 has_node amp-sim-echo
wait_for 20 has_node amp-sim-sink
# udev's part (debian/ampipc-dkms.udev): group ampipc (998) may use endpoint
# nodes; control nodes stay root's.
printf 'amp_rpmsg_ctrl[0-9]+ 0:0 600\namp_rpmsg[0-9]+ 0:998 660\n' >/etc/mdev.conf
mdev -s
ctrl=$(ls /dev/amp_rpmsg_ctrl* 2>/dev/null | head -n 1)
stats=/sys/kernel/debug/amp_sim/dsp/stats
cat >/tmp/recover.sh <<'R'
#!/bin/sh
. /e2e/lib.sh
wait_for 20 state_is dsp running && wait_for 20 has_node amp-sim-echo && mdev -s
R
chmod +x /tmp/recover.sh
amp_rpmsg_test --ctrl "$ctrl" --echo amp-sim-echo --sink amp-sim-sink --hidden amp-sim-source \
	--uid 1000 --gid 998 \
	--seen "awk '/^rx_msgs/ {print \$2}' $stats" \
	--crash "echo 1 >/sys/kernel/debug/amp_rproc/dsp/crash" --recover /tmp/recover.sh \
	>/tmp/us.out 2>&1
sed -n -e 's/^ok [0-9]* - \([^ ]*\) # SKIP \(.*\)$/AMP-E2E skip userspace.\1 \2/p' \
	-e '/# SKIP/d' \
	-e 's/^ok [0-9]* - \([^ ]*\).*$/AMP-E2E ok userspace.\1/p' \
	-e 's/^not ok [0-9]* - \([^ ]*\) *\(.*\)$/AMP-E2E fail userspace.\1 \2/p' /tmp/us.out
grep -q '^ok\|^not ok' /tmp/us.out || fail userspace.ran "$(tail -n 3 /tmp/us.out | tr '\n' ' ')"
/tmp/recover.sh
if mainline_compat 0x400 20 >/tmp/mc.out 2>&1; then ok userspace.mainline-uapi-program
else fail userspace.mainline-uapi-program "$(tail -n 2 /tmp/mc.out | tr '\n' ' ')"; fi
check userspace.cli-list sh -c 'amp-rpmsg list | grep -q "amp-sim-echo"'
check userspace.cli-ping amp-rpmsg ping -c 50 -s 64 amp-sim-echo
check_fails userspace.cli-ping-over-mtu "" amp-rpmsg ping -c 1 -s 497 amp-sim-echo
check userspace.cli-unexport amp-rpmsg unexport amp-sim-sink
stop dsp
wait_for 10 state_is dsp offline
