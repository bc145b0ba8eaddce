# Loading: modprobe resolves our dependencies through depmod; the
# firmware-signing certificate is provisioned with standard keyctl; two sim
# processors come up, "modem" depending on "dsp".
check load.modprobe-core modprobe amp_rproc
ring=$(cat /sys/module/amp_rproc/parameters/fw_keyring 2>/dev/null)
if [ -n "$ring" ] && keyctl padd asymmetric e2e "$ring" </e2e/keys/cert.der >/tmp/keyid 2>/tmp/keyerr; then
	ok load.keyctl-provision
else
	fail load.keyctl-provision "keyring '$ring': $(cat /tmp/keyerr)"
fi
if modprobe -v amp_rproc_sim procs=dsp,modem:dsp firmware=amp-sim-all.ambn >/tmp/mp 2>&1; then
	ok load.modprobe-sim
else
	fail load.modprobe-sim "$(tr '\n' ' ' </tmp/mp)"
fi
sed 's/^/# modprobe: /' /tmp/mp
for m in amp_rproc amp_rproc_virtio amp_rpmsg amp_rpmsg_virtio; do
	# The backend's soft dependency brings the transport and the bus (and
	# without it, the core asks for the transport and the transport for
	# the rpmsg driver by modalias, when a processor boots).
	if grep -q "^$m " /proc/modules; then ok "load.softdep.$m"
	else fail "load.softdep.$m" "not loaded; modprobe $m: $(modprobe $m 2>&1 | tr '\n' ' ') dmesg: $(dmesg | grep -i amp | tail -n 3 | tr '\n' ' ')"; fi
done
for p in dsp modem; do
	if state_is "$p" offline; then ok "load.registered.$p"; else fail "load.registered.$p" "state '$(rproc "$p" state)'"; fi
done
if rproc modem dependencies | grep -q '^dsp'; then ok load.dependency-visible
else fail load.dependency-visible "modem/dependencies: $(rproc modem dependencies)"; fi
