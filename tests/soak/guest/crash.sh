# shellcheck shell=sh
# Crash/recovery soak: traffic on four channels (two threads per link, the
# dsp's with negotiated 2048-byte buffers, the modem's with standard ones)
# from userspace through the character devices, and from the kernel client
# amp_soak_kclient (two threads on each link's echo channel), while the
# processors crash or hang at seeded moments, SOAK_CYCLES times (some
# cycles are bursts of hostile messages from the dsp instead).
# The modem depends on the dsp: a dsp crash stops the modem first and
# recovers it after. Nothing may be lost outside a crash window, nothing
# duplicated, reordered or corrupted ever (tests/soak/amp_soak.c,
# tests/soak/amp_soak_kclient.c). The kernel client's window opens before a
# crash or hang (not for a hostile burst, which must lose nothing) and
# closes as soon as both processors run and it is bound to both channels
# again. At the end it is unloaded under traffic: the unload drains, so
# nothing in flight may be lost to it either.
cat >/tmp/act.sh <<'A'
#!/bin/sh
# act.sh crash|hang|fuzz PROC: note the crash count, then misbehave
# (fuzz: a burst of hostile messages beside the traffic, no crash).
read -r c </sys/class/amp_rproc/$2/crash_count
echo "$c" >/tmp/act.count
[ "$1" = fuzz ] || echo open >/sys/kernel/debug/amp_soak_kclient/window
echo $2 >/tmp/act.proc
echo $1 >/tmp/act.kind
case $1 in
crash) echo 1 >/sys/kernel/debug/amp_rproc/$2/crash ;;
hang) echo hang >/sys/kernel/debug/amp_sim/$2/fault ;;
fuzz)
	echo 0 >/sys/kernel/debug/amp_sim/$2/fuzz_mask
	echo 2000 >/sys/kernel/debug/amp_sim/$2/fuzz_count
	echo fuzz >/sys/kernel/debug/amp_sim/$2/fault
	;;
esac
A
cat >/tmp/up.sh <<'U'
#!/bin/sh
# The crash was noticed, both processors are running, both links back.
# Shell builtins only where it polls: forks are slow in the loaded guest.
. /e2e/lib.sh
. /soak/lib.sh
read -r p </tmp/act.proc
read -r kind </tmp/act.kind
read -r c0 </tmp/act.count
[ "$kind" = fuzz ] && exit 0
crashed() { rproc_get "$p" crash_count && [ "$rproc_val" -gt "$c0" ]; }
wait_for 20 crashed && soak_up && kc_up
rc=$?
kc_window close
exit $rc
U
chmod +x /tmp/act.sh /tmp/up.sh
mark crash-soak
kc_load crash
cd0=$(rproc dsp crash_count)
cm0=$(rproc modem crash_count)
amp_soak -l dsp -l modem -t 2 -W 32 -n "$SOAK_CYCLES" -s "$SOAK_SEED" -g 100:600 -G 300 \
	-a "/tmp/act.sh crash dsp" -a "/tmp/act.sh crash modem" \
	-a "/tmp/act.sh hang dsp" -a "/tmp/act.sh hang modem" -a "/tmp/act.sh fuzz dsp" \
	-w /tmp/up.sh >/tmp/crash.out 2>&1
rc=$?
line=$(grep '^SOAK ' /tmp/crash.out | tail -n 1)
echo "AMP-SOAK part=crash $line dsp_crashes=$(($(rproc dsp crash_count) - cd0)) modem_crashes=$(($(rproc modem crash_count) - cm0))"
soak_check crash.no-loss /tmp/crash.out $rc
if [ "$(soak_field "$line" max_mtu)" -gt 496 ] 2>/dev/null; then ok crash.negotiated-size
else fail crash.negotiated-size "largest MTU $(soak_field "$line" max_mtu)"; fi
if soak_up; then ok crash.up; else fail crash.up "$(why)"; fi
if [ "$(kc_stat max_len)" -gt 496 ] 2>/dev/null; then ok crash.kclient.negotiated-size
else fail crash.kclient.negotiated-size "largest echo $(kc_stat max_len)"; fi
# Back-pressure for certain, then a crash under blocked senders: the modem
# stops returning tx buffers (the sim's no_tx_return fault), so once its
# 256 are used the client's sends wait for one (tx_waits counts the waits
# that ended without one and were retried); then the modem crashes (in a
# window) under the waiting senders, which must wake and let the channel
# go; its recovery brings the channel and the traffic back.
kc_window open
w0=$(kc_stat tx_waits)
c0=$(rproc modem crash_count)
echo no_tx_return >/sys/kernel/debug/amp_sim/modem/fault
if wait_for 30 kc_above tx_waits "$w0"; then ok crash.kclient.back-pressure
else fail crash.kclient.back-pressure "tx_waits $w0 -> $(kc_stat tx_waits); $(head -n 1 $KC/stats)"; fi
p0=$(kc_stat probes)
echo 1 >/sys/kernel/debug/amp_rproc/modem/crash
if wait_for 20 sh -c "[ \"\$(cat /sys/class/amp_rproc/modem/crash_count)\" -gt $c0 ]" &&
	soak_up && kc_up && wait_for 30 kc_above probes "$p0"; then
	ok crash.kclient.blocked-crash
else
	fail crash.kclient.blocked-crash "$(head -n 1 $KC/stats) $(why)"
fi
kc_window close
kc_resumed crash
# Unloaded under traffic: it drains, the final figures go to the log.
if rmmod amp_soak_kclient; then ok crash.kclient.rmmod
else fail crash.kclient.rmmod "$(why)"; fi
kc_verdict crash "$(dmesg | sed -n 's/.*amp_soak_kclient: final //p' | tail -n 1)"
