#!/bin/sh
# The soak (scripts/soak.sh), run as init's child in the debug kernel's
# guest with the helpers of /e2e/lib.sh. Parameters come from /soak/params:
# SOAK_FUZZ hostile messages, SOAK_CYCLES crash/recovery cycles, SOAK_RELOADS
# module unload/reload cycles, SOAK_SYSCALLS syscall sequences, SOAK_SEED. Prints `AMP-E2E ok|fail NAME`
# lines and one `AMP-SOAK KEY=VALUE...` line per part with its figures.
cd /e2e || exit 1
. ./lib.sh
. /soak/params
. /soak/lib.sh

if [ -w /sys/kernel/debug/kmemleak ]; then ok kmemleak-on; else fail kmemleak-on "no kmemleak"; fi
soak_load || exit 0
for part in $SOAK_PARTS; do
	echo "# soak: $part from $(cut -d ' ' -f 1 /proc/uptime) s"
	. /soak/$part.sh
done
soak_unload
echo "# soak: done at $(cut -d ' ' -f 1 /proc/uptime) s"
