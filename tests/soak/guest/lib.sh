# shellcheck shell=sh
# Helpers of the soak's guest parts (busybox sh).

# The processors: "dsp" with the bigbuf image (negotiated 2048-byte
# buffers), "modem" with the standard one, depending on the dsp.
SOAK_MODPROBE_SIM="procs=dsp=amp-sim-bigbuf.ambn,modem:dsp firmware=amp-sim-all.ambn wdog_ms=500"

soak_keys() {
	keyctl padd asymmetric soak "$(cat /sys/module/amp_rproc/parameters/fw_keyring)" \
		</e2e/keys/cert.der >/dev/null
}

# soak_up: both processors running, both links' control nodes back.
soak_up() {
	wait_for 30 state_is dsp running && wait_for 30 state_is modem running &&
		wait_for 30 sh -c '[ "$(ls -d /sys/class/amp_rpmsg/amp_rpmsg_ctrl* 2>/dev/null | wc -l)" -ge 2 ]'
}

soak_load() {
	if modprobe amp_rproc && soak_keys &&
		modprobe amp_rproc_sim $SOAK_MODPROBE_SIM &&
		modprobe amp_rpmsg_char && start modem && soak_up; then
		ok load
	else
		fail load "$(why)"
		return 1
	fi
}

soak_unload() {
	stop modem 2>/dev/null
	stop dsp 2>/dev/null
	wait_for 10 state_is dsp offline
	for _ in 1 2 3 4 5 6 7 8; do
		for m in $(awk '$1 ~ /^amp_/ && $3 == 0 { print $1 }' /proc/modules); do
			rmmod "$m" 2>/dev/null
		done
	done
	left=$(grep -o '^amp_[a-z_]*' /proc/modules | tr '\n' ' ')
	if [ -z "$left" ]; then ok unload; else fail unload "left: $left"; fi
}

# lsum NAME: a counter of every rpmsg link, summed.
lsum() { cat /sys/kernel/debug/amp_rpmsg/*/stats 2>/dev/null | awk -v k="$1" '$1 == k { s += $2 } END { print s + 0 }'; }
# simstat PROC NAME: a field of a sim processor's stats.
simstat() { awk -v k="$2:" '$1 == k { print $2 }' "/sys/kernel/debug/amp_sim/$1/stats" 2>/dev/null; }
# soak_field LINE KEY: KEY=VALUE out of an amp_soak result line.
soak_field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# soak_check NAME OUTFILE RC: the verdict on one amp_soak run.
soak_check() {
	line=$(grep '^SOAK ' "$2" | tail -n 1)
	sed -n 's/^# soak: /# /p' "$2" | head -n 20
	if [ "$3" = 0 ] && [ -n "$line" ]; then
		ok "$1"
	else
		fail "$1" "rc $3: ${line:-no result} $(grep 'soak: thread' "$2" | head -n 2 | tr '\n' ' ')"
	fi
}
