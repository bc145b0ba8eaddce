# shellcheck shell=sh
# Crash/recovery soak: traffic on four channels (two threads per link, the
# dsp's with negotiated 2048-byte buffers, the modem's with standard ones)
# while the processors crash or hang at seeded moments, SOAK_CYCLES times.
# The modem depends on the dsp: a dsp crash stops the modem first and
# recovers it after. Nothing may be lost outside a crash window, nothing
# duplicated, reordered or corrupted ever (tests/soak/amp_soak.c).
cat >/tmp/act.sh <<'A'
#!/bin/sh
# act.sh crash|hang PROC: note the crash count, then misbehave.
cat /sys/class/amp_rproc/$2/crash_count >/tmp/act.count
echo $2 >/tmp/act.proc
case $1 in
crash) echo 1 >/sys/kernel/debug/amp_rproc/$2/crash ;;
hang) echo hang >/sys/kernel/debug/amp_sim/$2/fault ;;
esac
A
cat >/tmp/up.sh <<'U'
#!/bin/sh
# The crash was noticed, both processors are running, both links back.
. /e2e/lib.sh
. /soak/lib.sh
p=$(cat /tmp/act.proc)
wait_for 20 sh -c "[ \"\$(cat /sys/class/amp_rproc/$p/crash_count)\" -gt $(cat /tmp/act.count) ]" &&
	soak_up
U
chmod +x /tmp/act.sh /tmp/up.sh
mark crash-soak
cd0=$(rproc dsp crash_count)
cm0=$(rproc modem crash_count)
amp_soak -l dsp -l modem -t 2 -W 32 -n "$SOAK_CYCLES" -s "$SOAK_SEED" -g 100:600 -G 300 \
	-a "/tmp/act.sh crash dsp" -a "/tmp/act.sh crash modem" \
	-a "/tmp/act.sh hang dsp" -a "/tmp/act.sh hang modem" \
	-w /tmp/up.sh >/tmp/crash.out 2>&1
rc=$?
line=$(grep '^SOAK ' /tmp/crash.out | tail -n 1)
echo "AMP-SOAK part=crash $line dsp_crashes=$(($(rproc dsp crash_count) - cd0)) modem_crashes=$(($(rproc modem crash_count) - cm0))"
soak_check soak.crash.no-loss /tmp/crash.out $rc
if [ "$(soak_field "$line" max_mtu)" -gt 496 ] 2>/dev/null; then ok soak.crash.negotiated-size
else fail soak.crash.negotiated-size "largest MTU $(soak_field "$line" max_mtu)"; fi
if soak_up; then ok soak.crash.up; else fail soak.crash.up "$(why)"; fi
