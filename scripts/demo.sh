#!/usr/bin/env bash
# make demo: ampipc on Debian 12's stock amd64 kernel, in QEMU, from nothing.
# Installs what is missing, builds the modules against the stock headers and
# the host tools, makes a development key and signs the sim firmware with it,
# boots the stock kernel, provisions the certificate with keyctl, loads the
# modules with modprobe, and walks through two dependent sim processors,
# messaging from userspace, a crash with recovery, a refused tampered bundle
# and a clean shutdown (tests/demo/guest.sh).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

step() { printf '==> %s\n' "$*"; }
t0=$(date +%s)
step "checking the Debian packages the demo needs"
"$AMP_TOP/scripts/install-deps.sh" >"$AMP_OUT/demo-deps.log" 2>&1 ||
	{ tail -n 20 "$AMP_OUT/demo-deps.log"; amp_die "installing packages failed (log: $AMP_OUT/demo-deps.log)"; }

. "$AMP_TOP/scripts/lib/apt.sh"
. "$AMP_TOP/scripts/lib/kbuild.sh"
. "$AMP_TOP/scripts/lib/qemu.sh"
. "$AMP_TOP/scripts/lib/guest.sh"
. "$AMP_TOP/scripts/lib/e2e.sh"

amp_apt_bookworm 2>/dev/null
abi=$(amp_apt_abi amd64 amd64)
rel=$abi-amd64
step "fetching Debian's stock kernel $rel (image and headers)"
kdir=$(amp_stock_headers amd64 amd64 2>/dev/null)
img=$AMP_CACHE/images/$rel
amp_apt_fetch "$img" "linux-image-$rel:amd64" 2>/dev/null
step "building the modules against linux-headers-$rel"
bdir=$(amp_kbuild "stock-$rel" "$kdir" 2>/dev/null) ||
	amp_die "module build failed (log: $AMP_OUT/build/stock-$rel.log)"
echo "    $(amp_modules "$bdir" | grep -v '^tests/' | xargs -n1 basename | tr '\n' ' ')"
work=$AMP_OUT/demo
rm -rf "$work"
mkdir -p "$work"
step "building ampfw and amp-rpmsg, making a development key, signing the sim firmware"
amp_e2e_payload amd64 "$work/payload" 2>"$work/payload.log" ||
	{ cat "$work/payload.log"; amp_die "preparing the guest failed"; }
cp "$AMP_TOP/tests/demo/guest.sh" "$work/payload/e2e/demo.sh"
echo "    $(ls "$work/payload/usr/lib/firmware" | grep -c '\.ambn$') signed bundles; key: $(amp_e2e_keys)/key.pem (NOT FOR PRODUCTION)"
rootlet=$(amp_rootlet amd64 2>/dev/null)

step "booting $rel in QEMU (TCG; a minute or two)"
: >"$work/console.log.raw"
# The viewer: tail follows the console, sed (unbuffered) shows the demo's
# lines; when tail is killed, sed sees the end of its input.
tail -n +1 -F "$work/console.log.raw" 2>/dev/null > >(sed -un 's/\r$//; s/^DEMO /    /p') &
viewer=$!
rc=0
AMP_E2E_RUN=/e2e/demo.sh amp_e2e_guest demo "$work" amd64 "$rel" "$img/boot/vmlinuz-$rel" \
	"$img/lib/modules/$rel" "$bdir" "$rootlet" "$work/payload" >"$work/result" 2>"$work/boot.log" || rc=$?
sleep 1
kill "$viewer" 2>/dev/null || true
wait "$viewer" 2>/dev/null || true
if [ $rc = 0 ] && ! grep -q '^not ok' "$work/result" && grep -q '^DEMO done' "$work/console.log"; then
	step "demo finished in $(($(date +%s) - t0)) s (console: $work/console.log)"
else
	grep '^not ok' "$work/result" | sed 's/^/    /'
	amp_die "the demo did not finish cleanly (console: $work/console.log)"
fi
