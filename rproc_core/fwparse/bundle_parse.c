// SPDX-License-Identifier: GPL-2.0
/*
 * Signed firmware bundle validation (docs/bundle-format.md).
 *
 * Freestanding: compiled unchanged into amp_rproc.ko and the host tools. It
 * checks structure only; digests and the signature are checked by the
 * callers, which have crypto libraries. Fields are read byte by byte as
 * little-endian; every offset and size is bounds-checked with arithmetic
 * that cannot overflow before it is used.
 */
#include <ampipc/bundle.h>

#include "fwparse_priv.h"

#define AMP_EHDR32_SIZE		52
#define AMP_EHDR64_SIZE		64

struct amp_bundle_status_desc {
	const char *msg;
	int err;
};

#define B_ERR(msg)	{ msg, -ENOEXEC }
#define V_ERR(msg)	{ msg, -EKEYREJECTED }

static const struct amp_bundle_status_desc
amp_bundle_status_descs[AMP_BUNDLE_STATUS_COUNT] = {
	[AMP_BUNDLE_OK] = { "no error", 0 },
	[AMP_BUNDLE_E_TRUNC] =
		B_ERR("file is shorter than the bundle header (128 bytes)"),
	[AMP_BUNDLE_E_MAGIC] =
		B_ERR("magic is not \"AMPFWBDL\""),
	[AMP_BUNDLE_E_VERSION] =
		B_ERR("format_version is not 1"),
	[AMP_BUNDLE_E_HDR_SIZE] =
		B_ERR("header_size is not 128"),
	[AMP_BUNDLE_E_FLAGS] =
		B_ERR("flags has an undefined bit set"),
	[AMP_BUNDLE_E_RESERVED] =
		B_ERR("header reserved word is not zero"),
	[AMP_BUNDLE_E_TARGET_LEN] =
		B_ERR("target_len is zero or above 63"),
	[AMP_BUNDLE_E_TARGET_CHAR] =
		B_ERR("target has a byte outside printable ASCII (0x21..0x7e)"),
	[AMP_BUNDLE_E_TARGET_PAD] =
		B_ERR("target field is not zero after target_len bytes"),
	[AMP_BUNDLE_E_MAN_OFF] =
		B_ERR("manifest_offset is not header_size"),
	[AMP_BUNDLE_E_MAN_SIZE] =
		B_ERR("manifest_size is not 72 + 64 * count or runs past the file"),
	[AMP_BUNDLE_E_ELF_OFF] =
		B_ERR("elf_offset is not manifest_offset + manifest_size"),
	[AMP_BUNDLE_E_ELF_SIZE] =
		B_ERR("elf_size is zero or runs past the file"),
	[AMP_BUNDLE_E_SIG_OFF] =
		B_ERR("sig_offset is not elf_offset + elf_size rounded up to 8"),
	[AMP_BUNDLE_E_SIG_SIZE] = {
		"sig_size is zero or above 65536", -E2BIG
	},
	[AMP_BUNDLE_E_BODY_TRUNC] =
		B_ERR("file ends before sig_offset + sig_size (truncated)"),
	[AMP_BUNDLE_E_TRAILING] =
		B_ERR("data after sig_offset + sig_size (appended or concatenated)"),
	[AMP_BUNDLE_E_PAD] =
		B_ERR("padding between the ELF and the signature is not zero"),
	[AMP_BUNDLE_E_ELF] =
		B_ERR("embedded ELF image rejected"),
	[AMP_BUNDLE_E_MAN_RESERVED] =
		B_ERR("manifest reserved word is not zero"),
	[AMP_BUNDLE_E_MAN_COUNT] =
		B_ERR("manifest count differs from the ELF's loadable segments"),
	[AMP_BUNDLE_E_ENT_INDEX] =
		B_ERR("manifest entry index differs from the segment's program header index"),
	[AMP_BUNDLE_E_ENT_RESERVED] =
		B_ERR("manifest entry reserved word is not zero"),
	[AMP_BUNDLE_E_ENT_DA] =
		B_ERR("manifest entry da differs from the segment's p_paddr"),
	[AMP_BUNDLE_E_ENT_FILESZ] =
		B_ERR("manifest entry filesz differs from the segment's p_filesz"),
	[AMP_BUNDLE_E_ENT_MEMSZ] =
		B_ERR("manifest entry memsz differs from the segment's p_memsz"),
	[AMP_BUNDLE_V_SIGNATURE] =
		V_ERR("signature over header and manifest is invalid or not from a trusted key"),
	[AMP_BUNDLE_V_TARGET] = {
		"target does not match this processor", -EINVAL
	},
	[AMP_BUNDLE_V_ROLLBACK] = {
		"security_version is below the processor's floor (rollback)", -EPERM
	},
	[AMP_BUNDLE_V_HEADERS] =
		V_ERR("SHA-256 of the ELF header and program headers does not match the manifest"),
	[AMP_BUNDLE_V_REST] =
		V_ERR("SHA-256 of the ELF bytes outside the segments does not match the manifest"),
	[AMP_BUNDLE_V_SEGMENT] =
		V_ERR("SHA-256 of a segment does not match its manifest entry"),
	[AMP_BUNDLE_V_UNSIGNED] = {
		"image is not a signed bundle and signatures are enforced", -EPERM
	},
};

/**
 * amp_bundle_status_str() - describe a bundle status
 * @status: status from a struct amp_bundle_diag
 *
 * Return: a constant message naming the field at fault.
 */
const char *amp_bundle_status_str(enum amp_bundle_status status)
{
	if ((unsigned int)status >= AMP_BUNDLE_STATUS_COUNT)
		return "unknown bundle status";
	return amp_bundle_status_descs[status].msg;
}

/**
 * amp_bundle_status_errno() - errno for a bundle status
 * @status: status from a struct amp_bundle_diag
 *
 * See &enum amp_bundle_status for the mapping. For %AMP_BUNDLE_E_ELF the
 * caller should prefer amp_fw_status_errno() of the ELF diagnosis, which
 * amp_bundle_parse() returns.
 *
 * Return: 0 for %AMP_BUNDLE_OK, otherwise a negative errno.
 */
int amp_bundle_status_errno(enum amp_bundle_status status)
{
	if ((unsigned int)status >= AMP_BUNDLE_STATUS_COUNT)
		return -EINVAL;
	return amp_bundle_status_descs[status].err;
}

static u64 amp_bundle_le64(const u8 *p)
{
	return amp_fw_load(p, 8, false);
}

static u16 amp_bundle_le16(const u8 *p)
{
	return (u16)amp_fw_load(p, 2, false);
}

static int amp_bundle_fail(struct amp_bundle_diag *diag,
			   enum amp_bundle_status status, u32 index, u64 value)
{
	diag->status = status;
	diag->index = index;
	diag->value = value;
	return amp_bundle_status_errno(status);
}

/**
 * amp_bundle_is_bundle() - does this look like a bundle
 * @data: file contents
 * @size: file size
 *
 * Return: true if @data starts with the bundle magic. Nothing else is
 * checked: a file with the magic is a bundle, valid or not, and is never
 * treated as a plain ELF.
 */
bool amp_bundle_is_bundle(const void *data, size_t size)
{
	const u8 *p = data;
	unsigned int i;

	if (size < AMP_BUNDLE_MAGIC_LEN)
		return false;
	for (i = 0; i < AMP_BUNDLE_MAGIC_LEN; i++)
		if (p[i] != (u8)AMP_BUNDLE_MAGIC[i])
			return false;
	return true;
}

static int amp_bundle_check_target(struct amp_bundle *b, const u8 *p,
				   struct amp_bundle_diag *diag)
{
	const u8 *t = p + AMP_BUNDLE_OFF_TARGET;
	u32 len = amp_fw_le32(p + AMP_BUNDLE_OFF_TARGET_LEN);
	u32 i;

	if (len == 0 || len >= AMP_BUNDLE_TARGET_MAX)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_TARGET_LEN, 0, len);
	for (i = 0; i < len; i++)
		if (t[i] < 0x21 || t[i] > 0x7e)
			return amp_bundle_fail(diag, AMP_BUNDLE_E_TARGET_CHAR, i,
					       t[i]);
	for (; i < AMP_BUNDLE_TARGET_MAX; i++)
		if (t[i])
			return amp_bundle_fail(diag, AMP_BUNDLE_E_TARGET_PAD, i,
					       t[i]);
	b->target = (const char *)t;
	b->target_len = len;
	return 0;
}

/* The fixed header: each field on its own, then the regions' placement. */
static int amp_bundle_check_header(struct amp_bundle *b,
				   struct amp_bundle_diag *diag)
{
	const u8 *p = b->data;
	u64 man_off, man_size, elf_off, elf_size, sig_off, sig_size, end;
	u32 v;
	int ret;

	if (b->size < AMP_BUNDLE_HDR_SIZE)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_TRUNC, 0, b->size);
	if (!amp_bundle_is_bundle(p, b->size))
		return amp_bundle_fail(diag, AMP_BUNDLE_E_MAGIC, 0,
				       amp_bundle_le64(p));
	b->version = amp_bundle_le16(p + AMP_BUNDLE_OFF_VERSION);
	if (b->version != AMP_BUNDLE_VERSION)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_VERSION, 0, b->version);
	v = amp_bundle_le16(p + AMP_BUNDLE_OFF_HDR_SIZE);
	if (v != AMP_BUNDLE_HDR_SIZE)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_HDR_SIZE, 0, v);
	b->flags = amp_fw_le32(p + AMP_BUNDLE_OFF_FLAGS);
	if (b->flags)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_FLAGS, 0, b->flags);
	v = amp_fw_le32(p + AMP_BUNDLE_OFF_RESERVED);
	if (v)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_RESERVED, 0, v);
	b->security_version = amp_fw_le32(p + AMP_BUNDLE_OFF_SECVER);
	ret = amp_bundle_check_target(b, p, diag);
	if (ret)
		return ret;

	man_off = amp_fw_le32(p + AMP_BUNDLE_OFF_MAN_OFF);
	man_size = amp_fw_le32(p + AMP_BUNDLE_OFF_MAN_SIZE);
	elf_off = amp_bundle_le64(p + AMP_BUNDLE_OFF_ELF_OFF);
	elf_size = amp_bundle_le64(p + AMP_BUNDLE_OFF_ELF_SIZE);
	sig_off = amp_bundle_le64(p + AMP_BUNDLE_OFF_SIG_OFF);
	sig_size = amp_fw_le32(p + AMP_BUNDLE_OFF_SIG_SIZE);

	if (man_off != AMP_BUNDLE_HDR_SIZE)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_MAN_OFF, 0, man_off);
	if (man_size < AMP_BUNDLE_MAN_HDR_SIZE ||
	    (man_size - AMP_BUNDLE_MAN_HDR_SIZE) % AMP_BUNDLE_ENT_SIZE ||
	    (man_size - AMP_BUNDLE_MAN_HDR_SIZE) / AMP_BUNDLE_ENT_SIZE >
	    AMP_FW_MAX_PHNUM ||
	    !amp_fw_in_bounds(man_off, man_size, b->size))
		return amp_bundle_fail(diag, AMP_BUNDLE_E_MAN_SIZE, 0, man_size);
	if (elf_off != man_off + man_size)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_ELF_OFF, 0, elf_off);
	if (elf_size == 0 || !amp_fw_in_bounds(elf_off, elf_size, b->size))
		return amp_bundle_fail(diag, AMP_BUNDLE_E_ELF_SIZE, 0, elf_size);
	/* elf_off + elf_size <= size, so rounding up cannot overflow. */
	end = elf_off + elf_size;
	end = (end + AMP_BUNDLE_ALIGN - 1) & ~(u64)(AMP_BUNDLE_ALIGN - 1);
	if (sig_off != end)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_SIG_OFF, 0, sig_off);
	if (sig_size == 0 || sig_size > AMP_BUNDLE_SIG_MAX)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_SIG_SIZE, 0, sig_size);
	if (!amp_fw_in_bounds(sig_off, sig_size, b->size))
		return amp_bundle_fail(diag, AMP_BUNDLE_E_BODY_TRUNC, 0, b->size);
	if (sig_off + sig_size != b->size)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_TRAILING, 0,
				       b->size - (sig_off + sig_size));
	for (end = elf_off + elf_size; end < sig_off; end++)
		if (p[end])
			return amp_bundle_fail(diag, AMP_BUNDLE_E_PAD, 0, end);

	b->manifest = p + man_off;
	b->manifest_size = (u32)man_size;
	b->signed_size = (size_t)(man_off + man_size);
	b->elf_data = p + elf_off;
	b->elf_size = (size_t)elf_size;
	b->sig = p + sig_off;
	b->sig_size = (u32)sig_size;
	return 0;
}

/**
 * amp_bundle_entry() - decode a manifest entry
 * @b: bundle accepted by amp_bundle_parse()
 * @i: entry index, below @b->nr_entries
 * @ent: filled with the entry
 */
void amp_bundle_entry(const struct amp_bundle *b, unsigned int i,
		      struct amp_bundle_entry *ent)
{
	const u8 *e = b->manifest + AMP_BUNDLE_MAN_HDR_SIZE +
		      (size_t)i * AMP_BUNDLE_ENT_SIZE;

	ent->index = amp_fw_le32(e + AMP_BUNDLE_ENT_OFF_INDEX);
	ent->da = amp_bundle_le64(e + AMP_BUNDLE_ENT_OFF_DA);
	ent->filesz = amp_bundle_le64(e + AMP_BUNDLE_ENT_OFF_FILESZ);
	ent->memsz = amp_bundle_le64(e + AMP_BUNDLE_ENT_OFF_MEMSZ);
	ent->digest = e + AMP_BUNDLE_ENT_OFF_DIGEST;
}

/* Each entry against the loadable segment it describes, in order. */
static int amp_bundle_check_manifest(struct amp_bundle *b,
				     struct amp_bundle_diag *diag)
{
	const u8 *m = b->manifest;
	struct amp_bundle_entry ent;
	struct amp_fw_seg seg;
	unsigned int cursor = 0, i = 0;
	u32 count, v;

	count = amp_fw_le32(m + AMP_BUNDLE_MAN_OFF_COUNT);
	if ((u64)AMP_BUNDLE_MAN_HDR_SIZE + (u64)count * AMP_BUNDLE_ENT_SIZE !=
	    b->manifest_size)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_MAN_SIZE, 0,
				       b->manifest_size);
	v = amp_fw_le32(m + AMP_BUNDLE_MAN_OFF_RESERVED);
	if (v)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_MAN_RESERVED, 0, v);
	if (count != b->elf.nr_load)
		return amp_bundle_fail(diag, AMP_BUNDLE_E_MAN_COUNT, 0, count);
	b->nr_entries = count;
	b->headers_digest = m + AMP_BUNDLE_MAN_OFF_HEADERS;
	b->rest_digest = m + AMP_BUNDLE_MAN_OFF_REST;

	while (amp_fw_elf_next_load(&b->elf, &cursor, &seg)) {
		const u8 *e = m + AMP_BUNDLE_MAN_HDR_SIZE +
			      (size_t)i * AMP_BUNDLE_ENT_SIZE;

		amp_bundle_entry(b, i, &ent);
		if (ent.index != seg.index)
			return amp_bundle_fail(diag, AMP_BUNDLE_E_ENT_INDEX, i,
					       ent.index);
		v = amp_fw_le32(e + AMP_BUNDLE_ENT_OFF_RESERVED);
		if (v)
			return amp_bundle_fail(diag, AMP_BUNDLE_E_ENT_RESERVED, i,
					       v);
		if (ent.da != seg.da)
			return amp_bundle_fail(diag, AMP_BUNDLE_E_ENT_DA, i, ent.da);
		if (ent.filesz != seg.filesz)
			return amp_bundle_fail(diag, AMP_BUNDLE_E_ENT_FILESZ, i,
					       ent.filesz);
		if (ent.memsz != seg.memsz)
			return amp_bundle_fail(diag, AMP_BUNDLE_E_ENT_MEMSZ, i,
					       ent.memsz);
		i++;
	}
	return 0;
}

/**
 * amp_bundle_parse() - validate a bundle's structure
 * @b: filled with what was found
 * @data: the bundle
 * @size: its size in bytes
 * @lim: limits for the embedded ELF, passed to amp_fw_elf_parse(); NULL
 *	accepts any machine, no memory cap and no resource table
 * @diag: filled with the status; on %AMP_BUNDLE_E_ELF, @diag->elf holds
 *	the ELF parser's diagnosis
 *
 * Checks every header field, that manifest, ELF and signature follow each
 * other at the defined offsets inside the file with zero padding and nothing
 * after the signature, that the embedded ELF is valid, and that the manifest
 * lists exactly its loadable segments with their program header values.
 * Digests and the signature are not checked here.
 *
 * Return: 0 if valid, otherwise the errno of the status (for an ELF
 * rejection, the ELF parser's errno).
 */
int amp_bundle_parse(struct amp_bundle *b, const void *data, size_t size,
		     const struct amp_fw_limits *lim,
		     struct amp_bundle_diag *diag)
{
	static const struct amp_fw_limits no_limits = { .machines = NULL };
	int ret;

	*b = (struct amp_bundle){ .data = data, .size = size };
	diag->status = AMP_BUNDLE_OK;
	diag->index = 0;
	diag->value = 0;
	diag->elf.status = AMP_FW_OK;
	diag->elf.index = 0;
	diag->elf.value = 0;

	ret = amp_bundle_check_header(b, diag);
	if (ret)
		return ret;
	ret = amp_fw_elf_parse(&b->elf, b->elf_data, b->elf_size,
			       lim ? lim : &no_limits, &diag->elf);
	if (ret) {
		amp_bundle_fail(diag, AMP_BUNDLE_E_ELF, diag->elf.index,
				diag->elf.value);
		return ret;
	}
	return amp_bundle_check_manifest(b, diag);
}

/**
 * amp_bundle_headers() - the byte ranges of the headers digest
 * @elf: image accepted by amp_fw_elf_parse()
 * @ehdr_len: set to the ELF header size; the range is [0, @ehdr_len)
 * @phdr_off: set to e_phoff
 * @phdr_len: set to e_phnum * e_phentsize; the second range is
 *	[@phdr_off, @phdr_off + @phdr_len)
 *
 * The manifest's headers digest is SHA-256 over the first range followed
 * by the second.
 */
void amp_bundle_headers(const struct amp_fw_elf *elf, u64 *ehdr_len,
			u64 *phdr_off, u64 *phdr_len)
{
	*ehdr_len = elf->elf_class == AMP_ELFCLASS64 ? AMP_EHDR64_SIZE :
						       AMP_EHDR32_SIZE;
	*phdr_off = elf->phoff;
	*phdr_len = (u64)elf->phnum * elf->phentsize;
}

/*
 * File range [*start, *end) of the next loadable segment's data, or false.
 * Segments with no file bytes cover nothing.
 */
static bool amp_bundle_next_covered(const struct amp_fw_elf *elf,
				    unsigned int *cursor, u64 *start, u64 *end)
{
	struct amp_fw_seg seg;

	while (amp_fw_elf_next_load(elf, cursor, &seg)) {
		if (!seg.filesz)
			continue;
		*start = seg.offset;
		*end = seg.offset + seg.filesz;
		return true;
	}
	return false;
}

/**
 * amp_bundle_next_gap() - iterate over the ELF bytes outside all segments
 * @elf: image accepted by amp_fw_elf_parse()
 * @cursor: file offset to continue from; set to 0 before the first call
 * @off: set to the start of the next gap
 * @len: set to its length, never 0
 *
 * The manifest's rest digest is SHA-256 over these gaps in increasing file
 * order: every byte of the ELF that is not inside the file data
 * [p_offset, p_offset + p_filesz) of a loadable segment (a PT_LOAD with a
 * non-zero p_memsz that is not the Qualcomm hash segment). Together with the
 * segment digests every byte of the ELF is covered. The segment list is
 * scanned once per gap and per covered range, at most 256 segments.
 *
 * Return: true if a gap was found, false at the end of the file.
 */
bool amp_bundle_next_gap(const struct amp_fw_elf *elf, u64 *cursor,
			 u64 *off, u64 *len)
{
	u64 pos = *cursor, start, end, next;
	unsigned int c;
	bool moved;

	/* Skip forward past every range that covers pos. */
	do {
		moved = false;
		c = 0;
		while (amp_bundle_next_covered(elf, &c, &start, &end)) {
			if (start <= pos && pos < end) {
				pos = end;
				moved = true;
			}
		}
	} while (moved);
	if (pos >= elf->size) {
		*cursor = elf->size;
		return false;
	}
	/* The gap runs to the nearest range start after pos. */
	next = elf->size;
	c = 0;
	while (amp_bundle_next_covered(elf, &c, &start, &end))
		if (start > pos && start < next)
			next = start;
	*off = pos;
	*len = next - pos;
	*cursor = next;
	return true;
}
