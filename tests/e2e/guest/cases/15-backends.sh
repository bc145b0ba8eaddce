# The SoC backends load on any stock kernel and stay idle without their
# device tree nodes: no processor appears, and they unload again.
before=$(ls /sys/class/amp_rproc | tr '\n' ' ')
for m in amp_rproc_omap4 amp_rproc_davinci amp_rproc_msm; do
	if modprobe "$m" && [ "$(ls /sys/class/amp_rproc | tr '\n' ' ')" = "$before" ] && rmmod "$m"; then
		ok "backends.idle.$m"
	else
		fail "backends.idle.$m" "processors: $(ls /sys/class/amp_rproc | tr '\n' ' ') (before: $before)"
	fi
done
