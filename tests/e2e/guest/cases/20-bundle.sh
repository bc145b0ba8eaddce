# Signed bundles: only a good bundle boots; every bad one is refused with the
# documented errno and a log line, and the processor stays offline.
# boot_with NAME FILE: write the firmware name and start; prints the error.
boot_with() {
	echo "$2" >"/sys/class/amp_rproc/$1/firmware" || return 2
	echo start >"/sys/class/amp_rproc/$1/state"
}
refuse() {
	c=$1 file=$2 err=$3 logtext=$4
	mark "$c"
	if out=$(boot_with dsp "$file" 2>&1); then
		fail "bundle.refuse.$c" "booted"
		echo stop >/sys/class/amp_rproc/dsp/state
		return
	fi
	if ! echo "$out" | grep -qi "$err"; then
		fail "bundle.refuse.$c" "error '$out', expected '$err'"
	elif ! dmesg_since "$c" | grep -qi "$logtext"; then
		fail "bundle.refuse.$c" "no log line '$logtext'"
	elif ! state_is dsp offline; then
		fail "bundle.refuse.$c" "state $(rproc dsp state)"
	else
		ok "bundle.refuse.$c"
	fi
}
refuse tampered amp-sim-echo-tampered.ambn "key was rejected\|Key was rejected" "segment\|digest"
refuse unsigned amp-sim-echo.elf "not permitted" "not a signed bundle"
refuse wrong-target amp-sim-echo-wrong-target.ambn "invalid argument" "target"
refuse wrong-key amp-sim-echo-wrong-key.ambn "required key not available\|key was rejected" "sign\|key"
refuse truncated amp-sim-echo-truncated.ambn "exec format error" "bundle"
refuse appended amp-sim-echo-appended.ambn "exec format error" "bundle"
# Anti-rollback: the floor only goes up; a bundle below it is refused.
check bundle.floor-raise sh -c 'echo 2 >/sys/class/amp_rproc/dsp/security_version_floor'
check_fails bundle.floor-lower "not permitted" sh -c 'echo 1 >/sys/class/amp_rproc/dsp/security_version_floor'
refuse rollback amp-sim-echo-rollback.ambn "not permitted" "security version\|rollback"
mark good
if boot_with dsp amp-sim-echo.ambn && state_is dsp running && [ "$(rproc dsp unsigned_loaded)" = 0 ]; then
	ok bundle.good-boots
else
	fail bundle.good-boots "state $(rproc dsp state), unsigned_loaded $(rproc dsp unsigned_loaded)"
fi
echo stop >/sys/class/amp_rproc/dsp/state
wait_for 10 state_is dsp offline || fail bundle.stop "state $(rproc dsp state)"
echo amp-sim-all.ambn >/sys/class/amp_rproc/dsp/firmware
