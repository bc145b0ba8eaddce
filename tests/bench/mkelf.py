#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# make bench's large firmware images: an ELF64 little-endian executable with
# one loadable segment of SIZE_MB MiB of random bytes at 0x80000000.
#
# usage: mkelf.py OUT SIZE_MB
import os
import struct
import sys

path, mb = sys.argv[1], int(sys.argv[2])
size = mb << 20
base = 0x80000000
eh = struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9), 2, 183, 1,
                 base, 64, 0, 0, 64, 56, 1, 0, 0, 0)
ph = struct.pack("<IIQQQQQQ", 1, 5, 4096, base, base, size, size, 4096)
with open(path + ".tmp", "wb") as f:
    f.write(eh + ph + bytes(4096 - len(eh) - len(ph)))
    left = size
    while left:
        n = min(left, 1 << 24)
        f.write(os.urandom(n))
        left -= n
os.replace(path + ".tmp", path)
