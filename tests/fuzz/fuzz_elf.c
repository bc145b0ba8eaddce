// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: amp_fw_elf_parse() on arbitrary bytes.
 *
 * AddressSanitizer catches any read outside the input; the checks below
 * abort if an accepted image breaks a promise the loader relies on.
 */
#include <stdint.h>

#include "fuzz_common.h"

#define FUZZ_MEM_CAP	(1U << 20)

static void check_segments(const struct amp_fw_elf *elf, size_t size)
{
	struct amp_fw_seg seg, prev;
	unsigned int cur = 0, n = 0, j;
	u64 total = 0;

	while (amp_fw_elf_next_load(elf, &cur, &seg)) {
		require(seg.type == AMP_PT_LOAD && seg.memsz && seg.filesz <= seg.memsz);
		require(seg.da + (seg.memsz - 1) >= seg.da);
		if (elf->elf_class == AMP_ELFCLASS32)
			require(seg.da + seg.memsz <= 0x100000000ULL);
		if (seg.filesz) {
			require(seg.offset <= size && seg.filesz <= size - seg.offset);
			touch(elf->data + seg.offset, seg.filesz);
		}
		for (j = 0; j < seg.index; j++) {
			require(!amp_fw_elf_phdr(elf, j, &prev));
			if (prev.type != AMP_PT_LOAD || !prev.memsz ||
			    AMP_QCOM_SEG_TYPE(prev.flags) == AMP_QCOM_SEG_TYPE_HASH)
				continue;
			require(prev.da + (prev.memsz - 1) < seg.da ||
				seg.da + (seg.memsz - 1) < prev.da);
		}
		total += seg.memsz;
		n++;
	}
	require(n == elf->nr_load && n > 0 && total == elf->total_memsz);
	require(total <= FUZZ_MEM_CAP);
}

static void check_rsc(const struct amp_fw_elf *elf, size_t size)
{
	const u8 *t = elf->data + elf->rsc_offset;
	struct amp_fw_rsc_entry ent;
	unsigned int cur = 0;

	require(elf->rsc_offset <= size && elf->rsc_size <= size - elf->rsc_offset);
	require(!amp_fw_rsc_check(t, elf->rsc_size, NULL));
	while (amp_fw_rsc_next(t, elf->rsc_size, &cur, &ent)) {
		require(ent.len <= ent.avail && ent.offset + (u64)ent.avail == elf->rsc_size);
		touch(t + ent.offset, ent.len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u16 machines[] = { AMP_EM_ARM, AMP_EM_AARCH64, AMP_EM_QDSP6 };
	struct amp_fw_limits lim = {
		.machines = machines,
		.nr_machines = 3,
		.mem_cap = FUZZ_MEM_CAP,
	};
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	struct amp_fw_seg seg;
	int ret;

	ret = amp_fw_elf_parse(&elf, data, size, &lim, &diag);
	require(ret == amp_fw_status_errno(diag.status));
	require(amp_fw_status_str(diag.status) != NULL);
	if (ret)
		return 0;

	check_segments(&elf, size);
	if (elf.has_rsc)
		check_rsc(&elf, size);
	if (elf.hash_index >= 0) {
		require(!amp_fw_elf_phdr(&elf, (unsigned int)elf.hash_index, &seg));
		if (seg.filesz)
			touch(data + seg.offset, seg.filesz);
	}
	return 0;
}
