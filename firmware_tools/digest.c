// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 (OpenSSL EVP) of the regions a bundle manifest covers: the ELF
 * header with the program header table, the bytes outside every segment
 * (amp_bundle_next_gap(), the same definition the kernel uses), and each
 * loadable segment's file bytes.
 */
#include <openssl/evp.h>

#include "ampfw.h"

struct sha {
	EVP_MD_CTX *ctx;
};

static int sha_begin(struct sha *s)
{
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx || !EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(s->ctx);
		s->ctx = NULL;
		return -1;
	}
	return 0;
}

static int sha_update(struct sha *s, const void *p, size_t len)
{
	return EVP_DigestUpdate(s->ctx, p, len) ? 0 : -1;
}

static int sha_end(struct sha *s, int ret, uint8_t out[32])
{
	unsigned int n = 0;

	if (!ret && (!EVP_DigestFinal_ex(s->ctx, out, &n) || n != 32))
		ret = -1;
	EVP_MD_CTX_free(s->ctx);
	return ret;
}

int ampfw_sha256(const void *data, size_t len, uint8_t out[32])
{
	struct sha s;

	if (sha_begin(&s))
		return -1;
	return sha_end(&s, sha_update(&s, data, len), out);
}

int ampfw_headers_digest(const struct amp_fw_elf *elf, uint8_t out[32])
{
	u64 eh_len, ph_off, ph_len;
	struct sha s;
	int ret;

	amp_bundle_headers(elf, &eh_len, &ph_off, &ph_len);
	if (sha_begin(&s))
		return -1;
	ret = sha_update(&s, elf->data, eh_len);
	if (!ret)
		ret = sha_update(&s, elf->data + ph_off, ph_len);
	return sha_end(&s, ret, out);
}

int ampfw_rest_digest(const struct amp_fw_elf *elf, uint8_t out[32])
{
	u64 cursor = 0, off, len;
	struct sha s;
	int ret = 0;

	if (sha_begin(&s))
		return -1;
	while (!ret && amp_bundle_next_gap(elf, &cursor, &off, &len))
		ret = sha_update(&s, elf->data + off, len);
	return sha_end(&s, ret, out);
}

int ampfw_segment_digest(const struct amp_fw_elf *elf,
			 const struct amp_fw_seg *seg, uint8_t out[32])
{
	/* p_offset is only meaningful (and validated) when p_filesz != 0. */
	return ampfw_sha256(seg->filesz ? elf->data + seg->offset : elf->data,
			    seg->filesz, out);
}
