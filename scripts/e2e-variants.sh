#!/usr/bin/env bash
# The firmware files the end-to-end refusal cases boot, made from the sim's
# echo image: scripts/e2e-variants.sh FWDIR OUTDIR KEYDIR
#   amp-sim-echo.elf                  the plain ELF (unsigned)
#   amp-sim-echo-tampered.ambn        one byte flipped inside a loadable segment
#   amp-sim-echo-wrong-target.ambn    signed for another target
#   amp-sim-echo-wrong-key.ambn       signed with a key the guest does not trust
#   amp-sim-echo-rollback.ambn        security version 1 (the cases raise the floor to 2)
#   amp-sim-echo-truncated.ambn       the good bundle without its last 64 bytes
#   amp-sim-echo-appended.ambn        the good bundle twice
set -euo pipefail
fw=$1 out=$2 keys=$3
ampfw=$(cd "$(dirname "$0")/.." && pwd)/firmware_tools/ampfw
elf=$fw/amp-sim-echo.elf
good=$out/amp-sim-echo.ambn
[ -f "$good" ] || { echo "no $good" >&2; exit 1; }
sign() { "$ampfw" create "$elf" -o "$out/$1" --key "$2" --cert "$3" --target "$4" --security-version "$5"; }
cp "$elf" "$out/amp-sim-echo.elf"
sign amp-sim-echo-wrong-target.ambn "$keys/key.pem" "$keys/cert.pem" ampipc,other 2
sign amp-sim-echo-wrong-key.ambn "$keys/other-key.pem" "$keys/other-cert.pem" ampipc,sim 2
sign amp-sim-echo-rollback.ambn "$keys/key.pem" "$keys/cert.pem" ampipc,sim 1
head -c "$(($(stat -c %s "$good") - 64))" "$good" >"$out/amp-sim-echo-truncated.ambn"
cat "$good" "$good" >"$out/amp-sim-echo-appended.ambn"
python3 - "$good" "$elf" "$out/amp-sim-echo-tampered.ambn" <<'PY'
import struct, sys
bundle, elf = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
base = bundle.find(elf)
assert base >= 0, "the ELF is not stored unchanged in the bundle"
cls, data = elf[4], elf[5]
e = "<" if data == 1 else ">"
if cls == 1:
    phoff, = struct.unpack_from(e + "I", elf, 28)
    phentsize, phnum = struct.unpack_from(e + "HH", elf, 42)
else:
    phoff, = struct.unpack_from(e + "Q", elf, 32)
    phentsize, phnum = struct.unpack_from(e + "HH", elf, 54)
for i in range(phnum):
    p = phoff + i * phentsize
    if cls == 1:
        ptype, off, _, _, filesz = struct.unpack_from(e + "IIIII", elf, p)
    else:
        ptype, _, off, _, _, filesz = struct.unpack_from(e + "IIQQQQ", elf, p)
    if ptype == 1 and filesz > 0:
        at = base + off + filesz // 2
        break
else:
    sys.exit("no loadable segment with file data")
b = bytearray(bundle)
b[at] ^= 0x40
open(sys.argv[3], "wb").write(bytes(b))
PY
