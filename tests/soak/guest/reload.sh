# shellcheck shell=sh
# Module unload and reload under traffic: rmmod of each of our modules
# while channels are open either refuses cleanly (the module stays, the
# traffic goes on) or drains and succeeds (the traffic sees its nodes go,
# reported as errors), and never crashes; then everything is loaded again.
# The kernel client amp_soak_kclient runs beside the userspace traffic: it
# holds amp_rpmsg (whose rmmod must then refuse), survives the transport's
# unload under it (its window is open from the first rmmod until every
# link and its channels are back) and resumes on the new links. A remote
# that does not serve its link again after the transport's reset is
# restarted; a last reload with the dsp's loaded resource table rewritten
# (which it cannot take its vdev up from again) must end in that restart.
cat >/tmp/reload.sh <<'R'
#!/bin/sh
. /e2e/lib.sh
. /soak/lib.sh
kc_window open
for m in amp_rpmsg_char amp_rpmsg_virtio amp_rpmsg amp_rproc_virtio amp_rproc_sim; do
	soak_step "rmmod $m"
	if rmmod "$m" 2>>/tmp/reload.err; then echo "$m" >>/tmp/reload.removed
	else echo "$m" >>/tmp/reload.refused; fi
done
soak_step modprobe
grep -q '^amp_rproc_sim ' /proc/modules || modprobe amp_rproc_sim $SOAK_MODPROBE_SIM
modprobe amp_rproc_virtio
modprobe amp_rpmsg_virtio
modprobe amp_rpmsg_char
soak_step "start modem"
state_is modem running || start modem 2>/dev/null
soak_step "wait for the links"
# A remote that does not take its vdev up again after the transport's
# reset (whose vdev went with a transport module, or that cannot follow a
# reset: the dsp once a hostile burst rewrote its loaded resource table)
# comes back on a restart, which loads a fresh table: a recovery, not a
# loss. Its link and control node come back without it, its channels not.
if ! wait_for 10 soak_serving; then
	echo restart >>/tmp/reload.restarts
	soak_step restart
	stop modem 2>/dev/null
	stop dsp 2>/dev/null
	wait_for 10 state_is dsp offline
	start modem
fi
soak_step "reload done"
R
cat >/tmp/reload-up.sh <<'U'
#!/bin/sh
. /e2e/lib.sh
. /soak/lib.sh
soak_step "wait: up"
soak_up && kc_up
rc=$?
kc_window close
soak_step "wait: done $rc"
exit $rc
U
chmod +x /tmp/reload.sh /tmp/reload-up.sh
mark reload-soak
rm -f /tmp/reload.removed /tmp/reload.refused /tmp/reload.err /tmp/reload.restarts
soak_watch_start reload /tmp/reload.out
kc_load reload
soak_step traffic
amp_soak -l dsp -l modem -t 1 -W 16 -n "$SOAK_RELOADS" -s "$SOAK_SEED" -g 300:800 -G 500 \
	-a /tmp/reload.sh -w /tmp/reload-up.sh >/tmp/reload.out 2>&1
rc=$?
soak_step "traffic done $rc"
line=$(grep '^SOAK ' /tmp/reload.out | tail -n 1)
echo "AMP-SOAK part=reload $line removed=$(wc -l </tmp/reload.removed 2>/dev/null || echo 0) refused=$(wc -l </tmp/reload.refused 2>/dev/null || echo 0) restarts=$(wc -l </tmp/reload.restarts 2>/dev/null || echo 0)"
sort /tmp/reload.refused 2>/dev/null | uniq -c | sed 's/^/# refused: /'
sort /tmp/reload.removed 2>/dev/null | uniq -c | sed 's/^/# removed: /'
sort -u /tmp/reload.err 2>/dev/null | head -n 5 | sed 's/^/# rmmod: /'
soak_check reload.traffic /tmp/reload.out $rc
if soak_up; then ok reload.up; else fail reload.up "$(why)"; fi
# The kernel client: it held amp_rpmsg in every cycle, and lost nothing
# outside the windows. Its traffic stops, what is in flight comes back; it
# stays loaded for the final unload.
if [ "$(grep -c '^amp_rpmsg$' /tmp/reload.refused 2>/dev/null)" = "$SOAK_RELOADS" ]; then
	ok reload.kclient.holds-bus
else
	fail reload.kclient.holds-bus "amp_rpmsg refused $(grep -c '^amp_rpmsg$' /tmp/reload.refused 2>/dev/null) of $SOAK_RELOADS times"
fi
# A remote that cannot follow a reset of its vdev: a hostile burst
# rewrote bytes of the dsp's loaded resource table, as the crash part's
# bursts leave it. The transport brings its link and control node back,
# not its channels: the reload must end in the restart that loads a fresh
# table, and both remotes must serve again (issue 13: the reload part
# waited for the control nodes only, and crawled on without the dsp).
soak_step "hostile table"
restarts() { cat /tmp/reload.restarts 2>/dev/null | wc -l; }
n0=$(restarts)
if soak_rewrite_table dsp && /tmp/reload.sh && /tmp/reload-up.sh && [ "$(restarts)" -gt "$n0" ]; then
	ok reload.hostile-table
else
	fail reload.hostile-table "restarts $n0 -> $(restarts); echo channels: $(channels amp-sim-echo | tr '\n' ' '); kclient: $(head -n 1 $KC/stats); $(why)"
fi
kc_resumed reload
echo N >$KC/running
wait_for 20 kc_idle
soak_watch_stop
kc_verdict reload "$(head -n 1 $KC/stats)"
