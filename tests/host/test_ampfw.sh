#!/usr/bin/env bash
# Host tests of ampfw, the signed firmware bundle tool: every subcommand on
# generated images (ELF32/ELF64, both byte orders, bss-only, Qualcomm .mbn
# and .mdt + .bNN), reproducibility, round trips, an independent check of
# the signature with `openssl cms`, every error's exit code and message, and
# the shared tamper matrix (tests/common/bundle_tamper.c), which `ampfw
# verify` must refuse completely.
#
# usage: test_ampfw.sh AMPFW MKBUNDLEVEC WORKDIR
# Prints TAP lines `ok N - ampfw.<case>` and exits non-zero on any failure.
set -uo pipefail
ampfw=$1 vec=$2 w=$3
rm -rf "$w"
mkdir -p "$w"
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - ampfw.$1"; }
nok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - ampfw.$1${2:+ # $2}"; }

# run NAME WANT_RC STDERR_SUBSTRING CMD...: exit code and message checked.
run() {
	local name=$1 want=$2 msg=$3 rc
	shift 3
	"$@" >"$w/out" 2>"$w/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		nok "$name" "exit $rc, want $want: $(head -c 300 "$w/err")"
	elif [ -n "$msg" ] && ! grep -qF -- "$msg" "$w/err"; then
		nok "$name" "stderr lacks '$msg': $(head -c 300 "$w/err")"
	else
		ok "$name"
	fi
}

check() { # NAME CONDITION...
	local name=$1
	shift
	if "$@"; then ok "$name"; else nok "$name"; fi
}

K=$w/key.pem C=$w/cert.pem T=amp,host-test
run genkey 0 "NOT FOR PRODUCTION" "$ampfw" genkey --bits 2048 --key "$K" --cert "$C"
run genkey.wrong 0 "" "$ampfw" genkey --bits 2048 --key "$w/wrong.pem" --cert "$w/wrongcert.pem"
run genkey.no_overwrite 3 "not overwriting" "$ampfw" genkey --key "$K" --cert "$w/other.pem"
run genkey.bits 2 "--bits" "$ampfw" genkey --bits 1000 --key "$w/x.pem" --cert "$w/y.pem"
openssl x509 -in "$C" -noout -text >"$w/cert.txt" 2>&1
check genkey.key_usage grep -q "Digital Signature" "$w/cert.txt"
check genkey.skid grep -q "Subject Key Identifier" "$w/cert.txt"
check genkey.label grep -q "NOT FOR PRODUCTION" "$w/cert.txt"
check genkey.rsa grep -q "rsaEncryption" "$w/cert.txt"
check genkey.key_mode test "$(stat -c %a "$K")" = 600

# --help everywhere, usage errors.
for c in create verify inspect extract genkey; do
	run "help.$c" 0 "" "$ampfw" "$c" --help
	check "help.$c.text" grep -q "usage: ampfw $c" "$w/out"
done
run help.main 0 "" "$ampfw" --help
run usage.none 2 "usage: ampfw COMMAND" "$ampfw"
run usage.unknown 2 "unknown command 'frob'" "$ampfw" frob
run usage.bad_option 2 "usage: ampfw create" "$ampfw" create --frob

"$vec" images "$w/img" || nok images.generate
img=$w/img
[ -f "$img/qcom.mdt" ] && ok images.generate

# Every image: create, verify, reproducible, extract round trip, inspect.
for f in "$img"/valid_*.elf "$img/qcom.mbn" "$img/qcom.mdt"; do
	b=$(basename "$f")
	run "create.$b" 0 "" "$ampfw" create "$f" -o "$w/$b.bnd" --key "$K" --cert "$C" \
		--target "$T" --security-version 7
	"$ampfw" create "$f" -o "$w/$b.again" --key "$K" --cert "$C" --target "$T" \
		--security-version 7 2>/dev/null
	check "reproducible.$b" cmp -s "$w/$b.bnd" "$w/$b.again"
	run "verify.$b" 0 "" "$ampfw" verify "$w/$b.bnd" --cert "$C" --target "$T" --min-version 7
	run "extract.$b" 0 "" "$ampfw" extract "$w/$b.bnd" -o "$w/$b.out"
	orig=$f
	[ "$b" = qcom.mdt ] && orig=$img/qcom-split.elf
	check "roundtrip.$b" cmp -s "$w/$b.out" "$orig"
	run "inspect.$b" 0 "" "$ampfw" inspect "$f"
	check "inspect.$b.segments" grep -q "da: 0x10000000" "$w/out"
	run "inspect_json.$b" 0 "" "$ampfw" inspect --json "$w/$b.bnd"
	check "inspect_json.$b.valid" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
b = d["bundle"]
assert d["kind"] == "bundle" and b["target"] == sys.argv[2] and b["security_version"] == 7
assert "NOT FOR PRODUCTION" in b["signer"] and len(b["manifest"]) == len([s for s in d["elf"]["segments"] if s["type"] == "LOAD" and int(s["memsz"], 16)])
' "$w/out" "$T"
done
check mdt.parts grep -q '"split_parts"' <("$ampfw" inspect --json "$img/qcom.mdt")
check qcom.hash_segment grep -q "qcom_hash_segment" <("$ampfw" inspect "$img/qcom.mbn")
check rsc.decoded grep -q "type: vdev" <("$ampfw" inspect "$img/valid_full_rsc-elf64be.elf")
check rsc.vrings grep -q "vrings:" <("$ampfw" inspect "$img/valid_full_rsc-elf32le.elf")
check bss.manifest grep -q "filesz: 0$" <("$ampfw" inspect "$w/valid_bss_only-elf32be.elf.bnd")

# An independent verifier: OpenSSL's own cms -verify over the signed bytes.
good=$w/valid_full_rsc-elf32le.elf.bnd
read -r ss so sz < <(python3 -c '
import struct, sys
h = open(sys.argv[1], "rb").read(128)
print(128 + struct.unpack_from("<I", h, 92)[0], struct.unpack_from("<Q", h, 112)[0], struct.unpack_from("<I", h, 120)[0])' "$good")
head -c "$ss" "$good" >"$w/signed.bin"
tail -c "$sz" "$good" >"$w/sig.der"
check openssl.cms_verify openssl cms -verify -binary -inform DER -in "$w/sig.der" \
	-content "$w/signed.bin" -certfile "$C" -nointern -noverify -out /dev/null
check openssl.no_attrs bash -c "! openssl cms -cmsout -print -inform DER -in '$w/sig.der' | grep -q signedAttrs:.*[a-z]"
check openssl.sha256 grep -q sha256 <(openssl cms -cmsout -print -inform DER -in "$w/sig.der")

# Trust, policy and signature kinds.
"$ampfw" create "$img/valid_full_rsc-elf32le.elf" -o "$w/wrongkey.bnd" --key "$w/wrong.pem" \
	--cert "$w/wrongcert.pem" --target "$T" 2>/dev/null
run verify.wrong_key 5 "signer is not a trusted certificate" "$ampfw" verify "$w/wrongkey.bnd" --cert "$C"
run verify.wrong_target 6 "target: 'amp,host-test' is not 'amp,other'" "$ampfw" verify "$good" --cert "$C" --target amp,other
run verify.rollback 6 "security_version: 7 is below the floor 8" "$ampfw" verify "$good" --cert "$C" --min-version 8
run verify.floor_equal 0 "" "$ampfw" verify "$good" --cert "$C" --min-version 7
"$vec" authattrs "$good" "$K" "$C" "$w/authattrs.bnd"
run verify.authattrs 5 "has authenticated attributes" "$ampfw" verify "$w/authattrs.bnd" --cert "$C"
run verify.plain_elf 1 "not a bundle" "$ampfw" verify "$img/valid_std-elf32le.elf" --cert "$C"
mkdir -p "$w/certs" "$w/wrongcerts" "$w/nocerts"
cp "$C" "$w/certs/good.pem"
openssl x509 -in "$w/wrongcert.pem" -outform DER -out "$w/certs/other.der"
cp "$w/wrongcert.pem" "$w/wrongcerts/wrong.crt"
run verify.cert_dir 0 "" "$ampfw" verify "$good" --cert-dir "$w/certs"
run verify.cert_dir_der 0 "" "$ampfw" verify "$w/wrongkey.bnd" --cert-dir "$w/certs"
run verify.cert_dir_wrong 5 "not a trusted certificate" "$ampfw" verify "$good" --cert-dir "$w/wrongcerts"
run verify.cert_dir_empty 4 "no certificate files" "$ampfw" verify "$good" --cert-dir "$w/nocerts"
run verify.cert_missing 4 "$w/none.pem" "$ampfw" verify "$good" --cert "$w/none.pem"
run verify.cert_garbage 4 "no X.509 certificate" "$ampfw" verify "$good" --cert "$img/qcom.mbn"
run verify.no_cert 2 "--cert or --cert-dir" "$ampfw" verify "$good"
run verify.min_version_bad 2 "--min-version" "$ampfw" verify "$good" --cert "$C" --min-version -1
run verify.missing_file 3 "$w/nothing.bnd: cannot open" "$ampfw" verify "$w/nothing.bnd" --cert "$C"

# create's errors.
cr() { "$ampfw" create "$@"; }
run create.no_target 2 "--target are required" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$K" --cert "$C"
run create.bad_target 2 "--target: 'a b' is not" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$K" --cert "$C" --target "a b"
long=$(printf 'x%.0s' $(seq 64))
run create.long_target 2 "--target" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$long"
run create.bad_secver 2 "--security-version: 'abc'" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T" --security-version abc
run create.big_secver 2 "--security-version" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T" --security-version 4294967296
run create.missing_input 3 "$w/none.elf: cannot open" cr "$w/none.elf" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T"
head -c 40 "$img/valid_std-elf32le.elf" >"$w/short.elf"
run create.truncated_elf 1 "$w/short.elf: file is shorter than the ELF header" cr "$w/short.elf" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T"
printf 'not an elf at all, not at all' >"$w/text.elf"
run create.not_elf 1 "e_ident[EI_MAG0..EI_MAG3]" cr "$w/text.elf" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T"
run create.from_bundle 1 "already a bundle" cr "$good" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T"
mkdir -p "$w/split"
cp "$img/qcom.mdt" "$img/qcom.b00" "$img/qcom.b02" "$w/split/"
run create.mdt_missing_part 3 "$w/split/qcom.b01: missing" cr "$w/split/qcom.mdt" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T"
cp "$img/qcom.b01" "$w/split/"
head -c 10 "$img/qcom.b01" >"$w/split/qcom.b01"
run create.mdt_short_part 3 "qcom.b01: size 10 differs from p_filesz" cr "$w/split/qcom.mdt" -o "$w/x.bnd" --key "$K" --cert "$C" --target "$T"
run create.key_missing 4 "$w/nokey.pem: cannot read PEM private key" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$w/nokey.pem" --cert "$C" --target "$T"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$w/ec.pem" 2>/dev/null
run create.key_not_rsa 4 "key type: not RSA" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$w/ec.pem" --cert "$C" --target "$T"
run create.key_cert_mismatch 4 "does not match the private key" cr "$img/valid_std-elf32le.elf" -o "$w/x.bnd" --key "$w/wrong.pem" --cert "$C" --target "$T"
rm -f "$w/x.bnd"
run create.unwritable 3 "$w/no/dir/x.bnd: cannot create" cr "$img/valid_std-elf32le.elf" -o "$w/no/dir/x.bnd" --key "$K" --cert "$C" --target "$T"
check create.no_partial_output test ! -e "$w/x.bnd"

# extract and inspect errors.
run extract.plain 1 "not a bundle" "$ampfw" extract "$img/valid_std-elf32le.elf" -o "$w/x.elf"
run extract.no_output 2 "-o are required" "$ampfw" extract "$good"
run inspect.malformed 1 "$w/short.elf" "$ampfw" inspect "$w/short.elf"
run inspect.two_files 2 "exactly one FILE" "$ampfw" inspect "$good" "$good"

# The tamper matrix on four bundles of different formats: 100% refused,
# each with its expected exit code and a message naming the file.
for g in valid_full_rsc-elf32le.elf valid_std-elf64be.elf valid_bss_only-elf32be.elf qcom.mdt; do
	td=$w/tamper-$g
	"$vec" tamper "$w/$g.bnd" "$td" || { nok "tamper.$g.generate"; continue; }
	total=0 refused=0 bad=""
	while read -r name want; do
		total=$((total + 1))
		"$ampfw" verify "$td/$name.bin" --cert "$C" --target "$T" --min-version 7 \
			>/dev/null 2>"$td/$name.err"
		rc=$?
		if [ "$rc" != 0 ] && { [ "$want" = -1 ] || [ "$rc" = "$want" ]; } &&
			grep -qF "ampfw: $td/$name.bin: " "$td/$name.err"; then
			refused=$((refused + 1))
		else
			bad="$bad $name(rc=$rc,want=$want)"
		fi
	done <"$td/cases.txt"
	echo "# tamper.$g: $refused/$total refused"
	if [ "$total" -gt 50 ] && [ "$refused" = "$total" ]; then ok "tamper.$g"; else nok "tamper.$g" "$bad"; fi
done

# The man page renders without groff warnings.
man1=$(dirname "$0")/../../firmware_tools/ampfw.1
check man.renders bash -c "groff -man -Tutf8 -ww '$man1' 2>&1 >/dev/null | { ! grep -q .; }"
check man.sections grep -q '^\.SH EXIT STATUS' "$man1"

echo "1..$n"
[ "$failed" = 0 ]
