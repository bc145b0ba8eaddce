/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signed firmware bundle validator, shared by the kernel and host programs.
 *
 * A bundle (docs/bundle-format.md) wraps an unchanged firmware ELF with a
 * fixed little-endian header, a manifest of SHA-256 digests and a detached
 * PKCS#7 signature over header and manifest. amp_bundle_parse() checks the
 * structure: every header field, every region in bounds, in order, without
 * overlap, zero padding, no trailing data, the embedded ELF accepted by
 * amp_fw_elf_parse() and every manifest entry matching its program header.
 * It computes no digest and checks no signature: the freestanding code has
 * no crypto. Callers hash with their own library and compare against the
 * manifest; the verification status codes below are shared so that the
 * kernel and the host tool report the same failure in the same words.
 *
 * Like the rest of rproc_core/fwparse/, the implementation is freestanding.
 */
#ifndef AMPIPC_BUNDLE_H
#define AMPIPC_BUNDLE_H

#include <ampipc/fwparse.h>

/* Header layout, format version 1 (all little-endian). */
#define AMP_BUNDLE_MAGIC		"AMPFWBDL"
#define AMP_BUNDLE_MAGIC_LEN		8
#define AMP_BUNDLE_VERSION		1
#define AMP_BUNDLE_HDR_SIZE		128
#define AMP_BUNDLE_TARGET_MAX		64	/* field size; at most 63 chars */
#define AMP_BUNDLE_ALIGN		8

#define AMP_BUNDLE_OFF_MAGIC		0
#define AMP_BUNDLE_OFF_VERSION		8	/* u16 */
#define AMP_BUNDLE_OFF_HDR_SIZE		10	/* u16 */
#define AMP_BUNDLE_OFF_FLAGS		12	/* u32 */
#define AMP_BUNDLE_OFF_SECVER		16	/* u32 */
#define AMP_BUNDLE_OFF_TARGET_LEN	20	/* u32 */
#define AMP_BUNDLE_OFF_TARGET		24	/* u8[64] */
#define AMP_BUNDLE_OFF_MAN_OFF		88	/* u32 */
#define AMP_BUNDLE_OFF_MAN_SIZE		92	/* u32 */
#define AMP_BUNDLE_OFF_ELF_OFF		96	/* u64 */
#define AMP_BUNDLE_OFF_ELF_SIZE		104	/* u64 */
#define AMP_BUNDLE_OFF_SIG_OFF		112	/* u64 */
#define AMP_BUNDLE_OFF_SIG_SIZE		120	/* u32 */
#define AMP_BUNDLE_OFF_RESERVED		124	/* u32 */

/* Manifest layout. */
#define AMP_BUNDLE_DIGEST_SIZE		32	/* SHA-256 */
#define AMP_BUNDLE_MAN_HDR_SIZE		72
#define AMP_BUNDLE_MAN_OFF_COUNT	0	/* u32 */
#define AMP_BUNDLE_MAN_OFF_RESERVED	4	/* u32 */
#define AMP_BUNDLE_MAN_OFF_HEADERS	8	/* u8[32] */
#define AMP_BUNDLE_MAN_OFF_REST		40	/* u8[32] */
#define AMP_BUNDLE_ENT_SIZE		64
#define AMP_BUNDLE_ENT_OFF_INDEX	0	/* u32 */
#define AMP_BUNDLE_ENT_OFF_RESERVED	4	/* u32 */
#define AMP_BUNDLE_ENT_OFF_DA		8	/* u64 */
#define AMP_BUNDLE_ENT_OFF_FILESZ	16	/* u64 */
#define AMP_BUNDLE_ENT_OFF_MEMSZ	24	/* u64 */
#define AMP_BUNDLE_ENT_OFF_DIGEST	32	/* u8[32] */

/* Limits. */
#define AMP_BUNDLE_SIG_MAX		65536

/**
 * enum amp_bundle_status - result of validating or verifying a bundle
 * @AMP_BUNDLE_OK: valid
 * @AMP_BUNDLE_E_TRUNC: file shorter than the header
 * @AMP_BUNDLE_E_MAGIC: magic is not "AMPFWBDL"
 * @AMP_BUNDLE_E_VERSION: format version is not 1
 * @AMP_BUNDLE_E_HDR_SIZE: header_size is not 128
 * @AMP_BUNDLE_E_FLAGS: flags has a bit set (none are defined)
 * @AMP_BUNDLE_E_RESERVED: reserved header word not zero
 * @AMP_BUNDLE_E_TARGET_LEN: target_len is 0 or above 63
 * @AMP_BUNDLE_E_TARGET_CHAR: target has a byte outside printable ASCII
 * @AMP_BUNDLE_E_TARGET_PAD: target field not zero after target_len bytes
 * @AMP_BUNDLE_E_MAN_OFF: manifest_offset is not header_size
 * @AMP_BUNDLE_E_MAN_SIZE: manifest_size too small, not 72 + 64 * count,
 *	or runs past the file
 * @AMP_BUNDLE_E_ELF_OFF: elf_offset is not the end of the manifest
 * @AMP_BUNDLE_E_ELF_SIZE: elf_size is zero or runs past the file
 * @AMP_BUNDLE_E_SIG_OFF: sig_offset is not the 8-aligned end of the ELF
 * @AMP_BUNDLE_E_SIG_SIZE: sig_size zero or above %AMP_BUNDLE_SIG_MAX
 * @AMP_BUNDLE_E_BODY_TRUNC: file ends before sig_offset + sig_size
 * @AMP_BUNDLE_E_TRAILING: bytes after the signature (appended data)
 * @AMP_BUNDLE_E_PAD: padding between ELF and signature not zero
 * @AMP_BUNDLE_E_ELF: the embedded ELF is rejected (see @elf in the diag)
 * @AMP_BUNDLE_E_MAN_RESERVED: manifest reserved word not zero
 * @AMP_BUNDLE_E_MAN_COUNT: manifest count differs from the ELF's loadable
 *	segments
 * @AMP_BUNDLE_E_ENT_INDEX: entry index is not the segment's phdr index
 * @AMP_BUNDLE_E_ENT_RESERVED: entry reserved word not zero
 * @AMP_BUNDLE_E_ENT_DA: entry da differs from p_paddr
 * @AMP_BUNDLE_E_ENT_FILESZ: entry filesz differs from p_filesz
 * @AMP_BUNDLE_E_ENT_MEMSZ: entry memsz differs from p_memsz
 * @AMP_BUNDLE_V_SIGNATURE: signature invalid, malformed or untrusted
 * @AMP_BUNDLE_V_TARGET: target differs from the processor's
 * @AMP_BUNDLE_V_ROLLBACK: security version below the floor
 * @AMP_BUNDLE_V_HEADERS: ELF header + program headers digest mismatch
 * @AMP_BUNDLE_V_REST: digest of the ELF bytes outside segments mismatch
 * @AMP_BUNDLE_V_SEGMENT: segment digest mismatch
 * @AMP_BUNDLE_V_UNSIGNED: a plain image where a signed bundle is required
 * @AMP_BUNDLE_STATUS_COUNT: number of codes
 *
 * amp_bundle_status_str() names the field; amp_bundle_status_errno() maps:
 * %-ENOEXEC for structure errors (AMP_BUNDLE_E_*, except %AMP_BUNDLE_E_ELF,
 * which carries the ELF parser's own errno, and %AMP_BUNDLE_E_SIG_SIZE,
 * %-E2BIG), %-EKEYREJECTED for signature and digest mismatches, %-EINVAL
 * for a wrong target, %-EPERM for rollback and unsigned images.
 */
enum amp_bundle_status {
	AMP_BUNDLE_OK = 0,
	AMP_BUNDLE_E_TRUNC,
	AMP_BUNDLE_E_MAGIC,
	AMP_BUNDLE_E_VERSION,
	AMP_BUNDLE_E_HDR_SIZE,
	AMP_BUNDLE_E_FLAGS,
	AMP_BUNDLE_E_RESERVED,
	AMP_BUNDLE_E_TARGET_LEN,
	AMP_BUNDLE_E_TARGET_CHAR,
	AMP_BUNDLE_E_TARGET_PAD,
	AMP_BUNDLE_E_MAN_OFF,
	AMP_BUNDLE_E_MAN_SIZE,
	AMP_BUNDLE_E_ELF_OFF,
	AMP_BUNDLE_E_ELF_SIZE,
	AMP_BUNDLE_E_SIG_OFF,
	AMP_BUNDLE_E_SIG_SIZE,
	AMP_BUNDLE_E_BODY_TRUNC,
	AMP_BUNDLE_E_TRAILING,
	AMP_BUNDLE_E_PAD,
	AMP_BUNDLE_E_ELF,
	AMP_BUNDLE_E_MAN_RESERVED,
	AMP_BUNDLE_E_MAN_COUNT,
	AMP_BUNDLE_E_ENT_INDEX,
	AMP_BUNDLE_E_ENT_RESERVED,
	AMP_BUNDLE_E_ENT_DA,
	AMP_BUNDLE_E_ENT_FILESZ,
	AMP_BUNDLE_E_ENT_MEMSZ,
	AMP_BUNDLE_V_SIGNATURE,
	AMP_BUNDLE_V_TARGET,
	AMP_BUNDLE_V_ROLLBACK,
	AMP_BUNDLE_V_HEADERS,
	AMP_BUNDLE_V_REST,
	AMP_BUNDLE_V_SEGMENT,
	AMP_BUNDLE_V_UNSIGNED,
	AMP_BUNDLE_STATUS_COUNT
};

/**
 * struct amp_bundle_diag - where validation stopped
 * @status: %AMP_BUNDLE_OK or the rejection
 * @index: manifest entry index at fault (0 for header fields)
 * @value: the offending field value
 * @elf: the ELF parser's diagnosis when @status is %AMP_BUNDLE_E_ELF
 */
struct amp_bundle_diag {
	enum amp_bundle_status status;
	u32 index;
	u64 value;
	struct amp_fw_diag elf;
};

/**
 * struct amp_bundle - a structurally valid bundle
 * @data: the bundle
 * @size: its size
 * @version: format version
 * @flags: header flags
 * @security_version: anti-rollback version
 * @target: the target string (not NUL-terminated in the bundle: use
 *	@target_len; the field is zero-padded, so @target[@target_len] is 0)
 * @target_len: its length
 * @manifest: the manifest
 * @manifest_size: its size
 * @nr_entries: manifest entries (loadable segments)
 * @headers_digest: SHA-256 of the ELF header and program header table
 * @rest_digest: SHA-256 of the ELF bytes outside every segment's file data
 * @signed_size: bytes covered by the signature, from offset 0
 * @elf_data: the embedded ELF
 * @elf_size: its size
 * @sig: the DER PKCS#7 signature
 * @sig_size: its size
 * @elf: the embedded ELF, parsed
 */
struct amp_bundle {
	const u8 *data;
	size_t size;
	u16 version;
	u32 flags;
	u32 security_version;
	const char *target;
	u32 target_len;
	const u8 *manifest;
	u32 manifest_size;
	u32 nr_entries;
	const u8 *headers_digest;
	const u8 *rest_digest;
	size_t signed_size;
	const u8 *elf_data;
	size_t elf_size;
	const u8 *sig;
	u32 sig_size;
	struct amp_fw_elf elf;
};

/**
 * struct amp_bundle_entry - one manifest entry, decoded
 * @index: program header index
 * @da: device address (p_paddr)
 * @filesz: p_filesz
 * @memsz: p_memsz
 * @digest: SHA-256 of the segment's p_filesz file bytes
 */
struct amp_bundle_entry {
	u32 index;
	u64 da;
	u64 filesz;
	u64 memsz;
	const u8 *digest;
};

const char *amp_bundle_status_str(enum amp_bundle_status status);
int __must_check amp_bundle_status_errno(enum amp_bundle_status status);

bool __must_check amp_bundle_is_bundle(const void *data, size_t size);
int __must_check amp_bundle_parse(struct amp_bundle *b, const void *data,
				  size_t size, const struct amp_fw_limits *lim,
				  struct amp_bundle_diag *diag);
void amp_bundle_entry(const struct amp_bundle *b, unsigned int i,
		      struct amp_bundle_entry *ent);
bool __must_check amp_bundle_next_gap(const struct amp_fw_elf *elf,
				      u64 *cursor, u64 *off, u64 *len);
void amp_bundle_headers(const struct amp_fw_elf *elf, u64 *ehdr_len,
			u64 *phdr_off, u64 *phdr_len);

#endif /* AMPIPC_BUNDLE_H */
