#!/bin/sh
# The soak (scripts/soak.sh), run as init's child in the debug kernel's
# guest with the helpers of /e2e/lib.sh. Parameters come from /soak/params:
# SOAK_FUZZ hostile messages, SOAK_CYCLES crash/recovery cycles, SOAK_RELOADS
# module unload/reload cycles, SOAK_SYSCALLS syscall sequences, SOAK_SEED,
# SOAK_PARTS (the part scripts to run, in order), SOAK_VARIANT (debug or
# kcsan). Prints `AMP-E2E ok|fail NAME`
# lines and one `AMP-SOAK KEY=VALUE...` line per part with its figures.
cd /e2e || exit 1
. ./lib.sh
. /soak/params
. /soak/lib.sh

# The race-detection kernel (SOAK_VARIANT=kcsan) has no kmemleak.
if [ "$SOAK_VARIANT" = kcsan ]; then
	if [ -d /sys/kernel/debug/kcsan ] || [ -e /sys/kernel/debug/kcsan ]; then ok kcsan-on
	else fail kcsan-on "no /sys/kernel/debug/kcsan"; fi
	online=$(grep -c '^processor' /proc/cpuinfo)
	if [ "$online" -ge 2 ]; then ok two-cpus; else fail two-cpus "$online CPU online"; fi
elif [ -w /sys/kernel/debug/kmemleak ]; then ok kmemleak-on
else fail kmemleak-on "no kmemleak"; fi
soak_load || exit 0
for part in $SOAK_PARTS; do
	echo "# soak: $part from $(cut -d ' ' -f 1 /proc/uptime) s"
	. /soak/$part.sh
done
if [ "$SOAK_VARIANT" = kcsan ]; then
	# The detector watched: watchpoints were set up while the parts ran.
	kc() { awk -v k="$1:" '$1 == k { print $2 }' /sys/kernel/debug/kcsan; }
	echo "AMP-SOAK part=kcsan-stats setup_watchpoints=$(kc setup_watchpoints) data_races=$(kc data_races) races_unknown_origin=$(kc races_unknown_origin)"
	if [ "$(kc setup_watchpoints)" -gt 0 ] 2>/dev/null; then ok kcsan-watching
	else fail kcsan-watching "setup_watchpoints $(kc setup_watchpoints)"; fi
fi
soak_unload
echo "# soak: done at $(cut -d ' ' -f 1 /proc/uptime) s"
