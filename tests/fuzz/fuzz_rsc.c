// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: amp_fw_rsc_check() and the entry iterator on arbitrary
 * bytes. The iterator must stay inside the table even when the table was
 * rejected; an accepted table must have complete, known entries.
 */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct amp_fw_rsc_entry ent;
	struct amp_fw_diag diag;
	unsigned int cur = 0, n = 0;
	int ret;

	ret = amp_fw_rsc_check(data, size, &diag);
	require(ret == amp_fw_status_errno(diag.status));
	while (amp_fw_rsc_next(data, size, &cur, &ent)) {
		require(ent.offset + (u64)ent.avail == size && ent.len <= ent.avail);
		touch(data + ent.offset, ent.len);
		if (!ret) {
			require(ent.offset % 4 == 0 && ent.len >= 4);
			require(ent.type < AMP_RSC_LAST || (ent.type >= AMP_RSC_VENDOR_START &&
							    ent.type <= AMP_RSC_VENDOR_END));
		}
		n++;
	}
	if (!ret)
		require(n <= AMP_RSC_MAX_ENTRIES && (size < 8 || n == (u32)(data[4] |
			data[5] << 8 | data[6] << 16 | (u32)data[7] << 24)));
	return 0;
}
