// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: amp_bundle_parse() on arbitrary bytes, and the helpers
 * the kernel and ampfw run on an accepted bundle (manifest entries, header
 * and gap ranges of the embedded ELF).
 *
 * AddressSanitizer catches any read outside the input; the checks below
 * abort if an accepted bundle breaks a promise the verifier relies on.
 */
#include <stdint.h>

#include <ampipc/bundle.h>

#include "fuzz_common.h"

static void check_layout(const struct amp_bundle *b, size_t size)
{
	const u8 *end = b->data + size;

	require(b->version == AMP_BUNDLE_VERSION && !b->flags);
	require(b->target_len > 0 && b->target_len < AMP_BUNDLE_TARGET_MAX);
	require(!b->target[b->target_len]);
	require(b->manifest == b->data + AMP_BUNDLE_HDR_SIZE);
	require(b->signed_size == AMP_BUNDLE_HDR_SIZE + (size_t)b->manifest_size);
	require(b->elf_data == b->manifest + b->manifest_size);
	require(b->elf_size && b->elf_data + b->elf_size <= b->sig);
	require(b->sig_size && b->sig + b->sig_size == end);
	require(b->manifest_size == AMP_BUNDLE_MAN_HDR_SIZE +
		b->nr_entries * AMP_BUNDLE_ENT_SIZE);
	touch(b->sig, b->sig_size);
	touch(b->manifest, b->manifest_size);
}

static void check_entries(const struct amp_bundle *b)
{
	struct amp_bundle_entry ent;
	struct amp_fw_seg seg;
	unsigned int cursor = 0, i = 0;

	while (amp_fw_elf_next_load(&b->elf, &cursor, &seg)) {
		require(i < b->nr_entries);
		amp_bundle_entry(b, i++, &ent);
		require(ent.index == seg.index && ent.da == seg.da);
		require(ent.filesz == seg.filesz && ent.memsz == seg.memsz);
		touch(ent.digest, AMP_BUNDLE_DIGEST_SIZE);
	}
	require(i == b->nr_entries);
}

/* The gaps and the segments' file bytes together cover the ELF exactly. */
static void check_cover(const struct amp_bundle *b)
{
	u64 cursor = 0, off, len, last = 0, eh, phoff, phlen;
	const struct amp_fw_elf *elf = &b->elf;

	amp_bundle_headers(elf, &eh, &phoff, &phlen);
	require(eh <= elf->size && phoff <= elf->size && phlen <= elf->size - phoff);
	while (amp_bundle_next_gap(elf, &cursor, &off, &len)) {
		require(len && off >= last && off <= elf->size &&
			len <= elf->size - off);
		touch(elf->data + off, len);
		last = off + len;
	}
	require(cursor == elf->size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct amp_fw_limits lim = { .mem_cap = 1U << 20 };
	struct amp_bundle_diag diag;
	struct amp_bundle b;
	int ret;

	ret = amp_bundle_parse(&b, data, size, &lim, &diag);
	require(amp_bundle_status_str(diag.status) != NULL);
	if (diag.status == AMP_BUNDLE_E_ELF)
		require(ret == amp_fw_status_errno(diag.elf.status) && ret);
	else
		require(ret == amp_bundle_status_errno(diag.status));
	require(!ret == (diag.status == AMP_BUNDLE_OK));
	if (ret)
		return 0;
	require(amp_bundle_is_bundle(data, size));
	check_layout(&b, size);
	check_entries(&b);
	check_cover(&b);
	return 0;
}
