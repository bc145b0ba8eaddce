# shellcheck shell=sh
# Syscall sequences from hostile userspace (tests/soak/amp_sysfuzz.c):
# SOAK_SYSCALLS seeded sequences of open, close, read, write, poll, ioctl
# and mmap on the control and endpoint nodes, from three root threads and
# two of an unprivileged user (uid 1000, group ampipc 998), while the
# processors crash and hang. The policy: amp-sim-echo (0x400) and
# amp-sim-sink (0x401) are exported and their nodes given to group ampipc
# (amp_policyd plays udev's rule); control nodes, root's endpoints and
# channels and every other address are not the user's. The sims count
# what arrived where (rx_tagged): the user's payloads ("AMPU1000...") only
# at 0x400 and 0x401, and nothing from anyone at amp-sim-source (0x402),
# which root's threads never target either.
mark sysfuzz
d1=$(amp_sysfuzz -D -n 500 -s "$SOAK_SEED")
d2=$(amp_sysfuzz -D -n 500 -s "$SOAK_SEED")
d3=$(amp_sysfuzz -D -n 500 -s "$((SOAK_SEED + 1))")
if [ -n "$d1" ] && [ "$d1" = "$d2" ] && [ "$d1" != "$d3" ]; then ok sysfuzz.deterministic
else fail sysfuzz.deterministic "$d1 / $d2 / $d3"; fi

amp-rpmsg export amp-sim-echo amp-sim-sink >/dev/null
for p in dsp modem; do printf AMPU1000 >/sys/kernel/debug/amp_sim/$p/rx_tag; done
amp_policyd -g 998 -a amp-sim-echo:0x400 -a amp-sim-sink:0x401 &
keeper=$!
# The remotes misbehave every few seconds meanwhile.
rm -f /tmp/sysfuzz.stop
(
	i=0
	while [ ! -e /tmp/sysfuzz.stop ]; do
		sleep 3
		case $((i % 4)) in
		0) echo 1 >/sys/kernel/debug/amp_rproc/dsp/crash ;;
		1) echo 1 >/sys/kernel/debug/amp_rproc/modem/crash ;;
		2) echo hang >/sys/kernel/debug/amp_sim/dsp/fault ;;
		3) echo hang >/sys/kernel/debug/amp_sim/modem/fault ;;
		esac
		i=$((i + 1))
		sleep 1
		soak_up
	done
	echo "$i" >/tmp/sysfuzz.faults
) &
crasher=$!
cd0=$(rproc dsp crash_count)
cm0=$(rproc modem crash_count)
t0=$(date +%s)
amp_sysfuzz -n "$SOAK_SYSCALLS" -t 3 -U 2 -u 1000:998 -s "$SOAK_SEED" >/tmp/sysfuzz.out 2>&1
rc=$?
secs=$(($(date +%s) - t0))
touch /tmp/sysfuzz.stop
wait $crasher
kill $keeper
wait $keeper 2>/dev/null
line=$(grep '^SYSFUZZ ' /tmp/sysfuzz.out | tail -n 1)
grep -v '^SYSFUZZ ' /tmp/sysfuzz.out | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/# sysfuzz: /'
echo "AMP-SOAK part=sysfuzz ${line#SYSFUZZ } wall=$secs faults=$(cat /tmp/sysfuzz.faults 2>/dev/null) dsp_crashes=$(($(rproc dsp crash_count) - cd0)) modem_crashes=$(($(rproc modem crash_count) - cm0))"
if [ "$rc" = 0 ] && [ -n "$line" ]; then ok sysfuzz.run
else fail sysfuzz.run "rc $rc: ${line:-no result} $(grep -v '^SYSFUZZ ' /tmp/sysfuzz.out | head -n 2 | tr '\n' ' ')"; fi
seqs=$(soak_field "$line" seqs)
if [ "${seqs:-0}" -ge "$SOAK_SYSCALLS" ]; then ok sysfuzz.count; else fail sysfuzz.count "$seqs of $SOAK_SYSCALLS sequences"; fi
if [ "$(soak_field "$line" denied)" -gt 0 ] 2>/dev/null; then ok sysfuzz.denied
else fail sysfuzz.denied "no refusal counted: $line"; fi

# Where the messages arrived: "ADDRESS TAGGED ALL" per destination.
allowed=0 outside= source=
for p in dsp modem; do
	t=/sys/kernel/debug/amp_sim/$p/rx_tagged
	echo "# sysfuzz: $p rx_tagged: $(tr '\n' ' ' <$t)"
	allowed=$((allowed + $(awk '$1 == "0x400" || $1 == "0x401" { s += $2 } END { print s + 0 }' $t)))
	outside="$outside$(awk -v p=$p '$1 != "0x400" && $1 != "0x401" && $2 > 0 { printf "%s:%s=%s ", p, $1, $2 }' $t)"
	source="$source$(awk -v p=$p '$1 == "0x402" && $3 > 0 { printf "%s:%s ", p, $3 }' $t)"
	echo >/sys/kernel/debug/amp_sim/$p/rx_tag
done
if [ -z "$outside" ]; then ok sysfuzz.user-within-policy
else fail sysfuzz.user-within-policy "the user's messages arrived at $outside"; fi
if [ "$allowed" -gt 0 ]; then ok sysfuzz.user-allowed-arrived
else fail sysfuzz.user-allowed-arrived "none of the user's messages arrived at 0x400/0x401: the accounting saw nothing"; fi
if [ -z "$source" ]; then ok sysfuzz.source-untouched
else fail sysfuzz.source-untouched "messages at amp-sim-source: $source"; fi
echo "AMP-SOAK part=sysfuzz-policy user_arrived_allowed=$allowed user_arrived_denied=0${outside:+ ($outside)}"
amp-rpmsg unexport amp-sim-echo amp-sim-sink >/dev/null
if soak_up; then ok sysfuzz.up; else fail sysfuzz.up "$(why)"; fi
