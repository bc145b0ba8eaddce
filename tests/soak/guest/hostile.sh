# shellcheck shell=sh
# Hostile remote: the dsp's sim mutates a seeded share of what it writes
# (the fuzz fault, docs/sim.md) until SOAK_FUZZ messages are mutated, while
# echo traffic runs on both links and is checked: nothing it sends may be
# lost or wrong, the host counts what it dropped, and both stay up. Then
# ring-level lies: the host gives up the vring, and the processor's
# recovery brings the channel back.
d=/sys/kernel/debug/amp_sim/dsp
mark hostile
echo "$SOAK_SEED" >$d/fuzz_seed
echo "$SOAK_FUZZ" >$d/fuzz_count
echo 0 >$d/fuzz_mask
drop0=$(($(lsum rx_bad_len) + $(lsum rx_bad_hdr) + $(lsum rx_unknown_dst) + $(lsum rx_bad_buf) + $(lsum bad_vring)))
f0=$(simstat dsp fuzzed)
amp_soak -F -l dsp -l modem -t 2 -s "$SOAK_SEED" -g 1000:1000 >/tmp/hostile.out 2>&1 &
pid=$!
sleep 1
t0=$(date +%s)
echo fuzz >$d/fault
# at most an hour for a million
limit=$((60 + SOAK_FUZZ / 250))
while [ "$(($(simstat dsp fuzzed) - f0))" -lt "$SOAK_FUZZ" ] && [ $(($(date +%s) - t0)) -lt $limit ]; do
	sleep 1
done
secs=$(($(date +%s) - t0))
sleep 2
kill -INT $pid
wait $pid
rc=$?
fuzzed=$(($(simstat dsp fuzzed) - f0))
echo none >$d/fault
drop=$(($(lsum rx_bad_len) + $(lsum rx_bad_hdr) + $(lsum rx_unknown_dst) + $(lsum rx_bad_buf) + $(lsum bad_vring) - drop0))
ns=0
for c in ns_bad_len ns_bad_name ns_bad_flags ns_bad_addr ns_dup ns_too_many ns_unknown; do ns=$((ns + $(lsum $c))); done
line=$(grep '^SOAK ' /tmp/hostile.out | tail -n 1)
echo "AMP-SOAK part=hostile fuzzed=$fuzzed seconds=$secs dropped=$drop ns_refused=$ns vring_broken=$(lsum vring_broken) delivered=$(soak_field "$line" delivered) lost=$(soak_field "$line" lost) wrong=$(soak_field "$line" wrong)"
if [ "$fuzzed" -ge "$SOAK_FUZZ" ]; then ok hostile.count; else fail hostile.count "$fuzzed of $SOAK_FUZZ in $secs s"; fi
soak_check hostile.traffic /tmp/hostile.out $rc
if [ "$drop" -gt 0 ] && [ "$ns" -gt 0 ]; then ok hostile.counted
else fail hostile.counted "dropped $drop, name-service records refused $ns"; fi
if [ "$(simstat dsp state)" = running ] && state_is dsp running && state_is modem running; then ok hostile.up
else fail hostile.up "$(why)"; fi
cat /sys/kernel/debug/amp_rproc/dsp/resource_table >/dev/null 2>&1
for s in /sys/kernel/debug/amp_rpmsg/*/stats; do echo "# $s: $(tr '\n' ' ' <"$s")"; done

# Ring-level lies: used ids out of range or never given, the used index
# run ahead. The host stops using the vring (vring_broken) and survives;
# a crash and recovery of the processor brings the channel back.
b0=$(lsum vring_broken)
echo 8 >$d/fuzz_count
echo 0x40 >$d/fuzz_mask
echo fuzz >$d/fault
wait_for 10 sh -c "[ \"\$(awk '\$1 == \"fuzz_ring:\" { print \$2 }' $d/stats)\" -gt 0 ]"
sleep 1
if [ "$(lsum vring_broken)" -gt "$b0" ]; then ok hostile.ring-refused
else fail hostile.ring-refused "vring_broken $b0 -> $(lsum vring_broken); $(why)"; fi
echo none >$d/fault
echo 0 >$d/fuzz_mask
c0=$(rproc dsp crash_count)
echo 1 >/sys/kernel/debug/amp_rproc/dsp/crash
wait_for 10 sh -c "[ \"\$(cat /sys/class/amp_rproc/dsp/crash_count)\" -gt $c0 ]"
soak_up
amp_soak -F -l dsp -l modem -t 2 -s "$SOAK_SEED" -g 1000:1000 >/tmp/ring.out 2>&1 &
pid=$!
sleep 4
kill -INT $pid
wait $pid
soak_check hostile.recovered /tmp/ring.out $?
