#!/usr/bin/env bash
# Generate the amp_bundle KUnit suite's test vectors with the host tool:
# a development key pair and a second ("wrong") one, good bundles made by
# `ampfw create` from generated ELF32/ELF64 images of both byte orders, a
# bss-only image and a Qualcomm .mdt split image, a bundle signed by the
# wrong key, one re-signed with CMS signed attributes, and the plain ELF.
# Writes them as C arrays into OUT (the build tree; tests/kunit/Kbuild runs
# this), and beside it amp-bundle-10m.bnd, a 10 MiB bundle that
# run-kunit.sh puts into the guest's /lib/firmware for the load-time
# comparison. The tamper matrix itself is built in the kernel from the good
# bundles by tests/common/bundle_tamper.c.
#
# usage: scripts/gen-bundle-vectors.sh OUT.h
set -euo pipefail
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A clean make: kbuild's variables (W=1, M=, CC, flags) are not ours.
hmake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEFILES make -s CC=cc "$@"; }
hmake -C "$root/firmware_tools" AMPFW="$tmp/ampfw" >"$tmp/build.log" 2>&1 ||
	{ cat "$tmp/build.log" >&2; exit 1; }
hmake -C "$root/tests/host" OUT="$tmp" "$tmp/mkbundlevec" >>"$tmp/build.log" 2>&1 ||
	{ cat "$tmp/build.log" >&2; exit 1; }

ampfw=$tmp/ampfw
target=amp,test-dsp
"$ampfw" genkey --bits 2048 --key "$tmp/key.pem" --cert "$tmp/cert.pem" 2>/dev/null
"$ampfw" genkey --bits 2048 --key "$tmp/wrong.pem" --cert "$tmp/wrongcert.pem" 2>/dev/null
"$tmp/mkbundlevec" images "$tmp/img"

mk() { # NAME IMAGE [KEY CERT]
	"$ampfw" create "$2" -o "$tmp/$1.bnd" --key "${3:-$tmp/key.pem}" \
		--cert "${4:-$tmp/cert.pem}" --target "$target" --security-version 5
}
mk b32le "$tmp/img/valid_full_rsc-elf32le.elf"
mk b32be "$tmp/img/valid_std-elf32be.elf"
mk b64le "$tmp/img/valid_full_rsc-elf64le.elf"
mk b64be "$tmp/img/valid_std-elf64be.elf"
mk bss "$tmp/img/valid_bss_only-elf64le.elf"
mk qcom "$tmp/img/qcom.mdt"
mk wrongkey "$tmp/img/valid_full_rsc-elf32le.elf" "$tmp/wrong.pem" "$tmp/wrongcert.pem"
"$tmp/mkbundlevec" authattrs "$tmp/b32le.bnd" "$tmp/key.pem" "$tmp/cert.pem" "$tmp/authattrs.bnd"

"$tmp/mkbundlevec" header "$out.tmp" \
	amp_bv_cert="$tmp/cert.pem" \
	amp_bv_b32le="$tmp/b32le.bnd" amp_bv_b32be="$tmp/b32be.bnd" \
	amp_bv_b64le="$tmp/b64le.bnd" amp_bv_b64be="$tmp/b64be.bnd" \
	amp_bv_bss="$tmp/bss.bnd" amp_bv_qcom="$tmp/qcom.bnd" \
	amp_bv_wrongkey="$tmp/wrongkey.bnd" amp_bv_authattrs="$tmp/authattrs.bnd" \
	amp_bv_plain="$tmp/img/valid_full_rsc-elf32le.elf"
{
	echo "#define AMP_BV_TARGET \"$target\""
	echo "#define AMP_BV_SECVER 5"
} >>"$out.tmp"
"$tmp/mkbundlevec" big "$tmp/big.elf" 10
mk big "$tmp/big.elf"
cp "$tmp/big.bnd" "$(dirname "$out")/amp-bundle-10m.bnd"
mv "$out.tmp" "$out"
