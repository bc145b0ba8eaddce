// SPDX-License-Identifier: GPL-2.0
/*
 * The bundle tamper matrix (see bundle_tamper.h). Every case is built by
 * copying the good bundle into the caller's buffer and changing it; the
 * case list is a pure function of the good bundle's header and manifest.
 */
#include "bundle_tamper.h"

/* ampfw's exit codes (firmware_tools/ampfw.h), for the expectations. */
#define X_INVALID	1
#define X_SIG		5
#define X_DIGEST	7

enum amp_tamper_op {
	OP_SET,		/* write val (width bytes, LE) at off */
	OP_XOR,		/* xor the byte at off with val */
	OP_TRUNC,	/* cut the bundle to off bytes */
	OP_APPEND,	/* append val zero bytes */
	OP_CONCAT,	/* append a second copy of the bundle */
};

struct amp_tamper_spec {
	const char *name;
	enum amp_tamper_op op;
	u64 off;
	unsigned int width;
	u64 val;
	int exit_code;
	int err;
	int seg;	/* 1 + entry index, appended to the name; 0: none */
};

static u64 rd(const u8 *p, unsigned int width)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < width; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

struct amp_tamper_layout {
	u64 man_off, man_size, elf_off, elf_size, sig_off, sig_size;
	u32 count, target_len;
	u64 gap_off;	/* an ELF byte outside every segment, or 0 */
	u64 seg_off[AMP_TAMPER_MAX_SEGS];
	u64 seg_size[AMP_TAMPER_MAX_SEGS];
};

static void layout(const u8 *b, size_t size, struct amp_tamper_layout *l)
{
	struct amp_bundle bun;
	struct amp_bundle_diag diag;
	struct amp_fw_seg seg;
	unsigned int cursor = 0, i = 0;
	u64 gc = 0, goff, glen;

	*l = (struct amp_tamper_layout){ .man_off = 0 };
	if (size < AMP_BUNDLE_HDR_SIZE)
		return;
	l->target_len = (u32)rd(b + AMP_BUNDLE_OFF_TARGET_LEN, 4);
	l->man_off = rd(b + AMP_BUNDLE_OFF_MAN_OFF, 4);
	l->man_size = rd(b + AMP_BUNDLE_OFF_MAN_SIZE, 4);
	l->elf_off = rd(b + AMP_BUNDLE_OFF_ELF_OFF, 8);
	l->elf_size = rd(b + AMP_BUNDLE_OFF_ELF_SIZE, 8);
	l->sig_off = rd(b + AMP_BUNDLE_OFF_SIG_OFF, 8);
	l->sig_size = rd(b + AMP_BUNDLE_OFF_SIG_SIZE, 4);
	l->count = (u32)rd(b + l->man_off + AMP_BUNDLE_MAN_OFF_COUNT, 4);
	if (l->count > AMP_TAMPER_MAX_SEGS)
		l->count = AMP_TAMPER_MAX_SEGS;
	/* Segment file ranges and a gap byte, from the parsed embedded ELF. */
	if (amp_bundle_parse(&bun, b, size, NULL, &diag))
		return;
	while (i < l->count && amp_fw_elf_next_load(&bun.elf, &cursor, &seg)) {
		l->seg_off[i] = seg.filesz ? l->elf_off + seg.offset : 0;
		l->seg_size[i] = seg.filesz;
		i++;
	}
	/* Skip the ELF and program headers: they have their own cases. */
	while (amp_bundle_next_gap(&bun.elf, &gc, &goff, &glen)) {
		u64 eh, phoff, phlen;

		amp_bundle_headers(&bun.elf, &eh, &phoff, &phlen);
		for (; glen; goff++, glen--) {
			if (goff < eh || (goff >= phoff && goff < phoff + phlen))
				continue;
			l->gap_off = l->elf_off + goff;
			return;
		}
	}
}

/*
 * Walk the list: store spec number want in *one (if want is in range) and
 * return the number of specs.
 */
static unsigned int specs(const u8 *b, size_t size, unsigned int want,
			  struct amp_tamper_spec *one)
{
	struct amp_tamper_layout l;
	unsigned int n = 0, i;
	u64 e;

#define ADD(...) do { \
		if (n == want) \
			*one = (struct amp_tamper_spec){ __VA_ARGS__ }; \
		n++; \
	} while (0)

	layout(b, size, &l);
	/* Every header field. */
	ADD(.name = "hdr.magic", .op = OP_XOR, .off = 0, .val = 0x01,
	    .exit_code = X_INVALID);
	ADD(.name = "hdr.magic_last", .op = OP_XOR, .off = 7, .val = 0x80,
	    .exit_code = X_INVALID);
	ADD(.name = "hdr.format_version", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_VERSION, .width = 2, .val = 2,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.header_size", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_HDR_SIZE, .width = 2, .val = 136,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.flags", .op = OP_SET, .off = AMP_BUNDLE_OFF_FLAGS,
	    .width = 4, .val = 1, .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.security_version", .op = OP_XOR,
	    .off = AMP_BUNDLE_OFF_SECVER, .val = 0x01, .exit_code = X_SIG);
	ADD(.name = "hdr.security_version_max", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_SECVER, .width = 4, .val = 0xffffffff,
	    .exit_code = X_SIG);
	ADD(.name = "hdr.target_len_zero", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_TARGET_LEN, .width = 4, .val = 0,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.target_len_big", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_TARGET_LEN, .width = 4, .val = 64,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.target_len_short", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_TARGET_LEN, .width = 4,
	    .val = l.target_len - 1, .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.target_char", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_TARGET, .width = 1, .val = ' ',
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.target_changed", .op = OP_XOR,
	    .off = AMP_BUNDLE_OFF_TARGET, .val = 0x01, .exit_code = X_SIG);
	ADD(.name = "hdr.target_pad", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_TARGET + AMP_BUNDLE_TARGET_MAX - 1,
	    .width = 1, .val = 'x', .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.manifest_offset", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_MAN_OFF, .width = 4, .val = l.man_off + 8,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.manifest_size_odd", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_MAN_SIZE, .width = 4, .val = l.man_size - 1,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.manifest_size_more", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_MAN_SIZE, .width = 4,
	    .val = l.man_size + AMP_BUNDLE_ENT_SIZE, .exit_code = X_INVALID,
	    .err = -ENOEXEC);
	ADD(.name = "hdr.manifest_size_huge", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_MAN_SIZE, .width = 4, .val = 0xfffffff8,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.elf_offset", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_ELF_OFF, .width = 8, .val = l.elf_off + 8,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.elf_offset_wrap", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_ELF_OFF, .width = 8, .val = ~(u64)0 - 7,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.elf_size_zero", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_ELF_SIZE, .width = 8, .val = 0,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.elf_size_more", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_ELF_SIZE, .width = 8, .val = l.elf_size + 8,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.elf_size_huge", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_ELF_SIZE, .width = 8, .val = ~(u64)0,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.sig_offset", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_SIG_OFF, .width = 8, .val = l.sig_off + 8,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.sig_offset_back", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_SIG_OFF, .width = 8, .val = l.sig_off - 8,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.sig_size_zero", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_SIG_SIZE, .width = 4, .val = 0,
	    .exit_code = X_INVALID, .err = -E2BIG);
	ADD(.name = "hdr.sig_size_less", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_SIG_SIZE, .width = 4, .val = l.sig_size - 1,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.sig_size_more", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_SIG_SIZE, .width = 4, .val = l.sig_size + 1,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "hdr.sig_size_huge", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_SIG_SIZE, .width = 4, .val = 0x7fffffff,
	    .exit_code = X_INVALID, .err = -E2BIG);
	ADD(.name = "hdr.reserved", .op = OP_SET,
	    .off = AMP_BUNDLE_OFF_RESERVED, .width = 4, .val = 1,
	    .exit_code = X_INVALID, .err = -ENOEXEC);

	/* Manifest: every field, and a byte of each digest. */
	ADD(.name = "man.count", .op = OP_XOR,
	    .off = l.man_off + AMP_BUNDLE_MAN_OFF_COUNT, .val = 0x01,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "man.reserved", .op = OP_XOR,
	    .off = l.man_off + AMP_BUNDLE_MAN_OFF_RESERVED, .val = 0x01,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "man.headers_sha256", .op = OP_XOR,
	    .off = l.man_off + AMP_BUNDLE_MAN_OFF_HEADERS + 5, .val = 0x10,
	    .exit_code = X_SIG);
	ADD(.name = "man.rest_sha256", .op = OP_XOR,
	    .off = l.man_off + AMP_BUNDLE_MAN_OFF_REST + 31, .val = 0x01,
	    .exit_code = X_SIG);
	for (i = 0; i < l.count; i++) {
		e = l.man_off + AMP_BUNDLE_MAN_HDR_SIZE + (u64)i * AMP_BUNDLE_ENT_SIZE;
		ADD(.name = "man.entry_index.", .op = OP_XOR,
		    .off = e + AMP_BUNDLE_ENT_OFF_INDEX, .val = 0x01,
		    .exit_code = X_INVALID, .err = -ENOEXEC, .seg = (int)i + 1);
		ADD(.name = "man.entry_reserved.", .op = OP_XOR,
		    .off = e + AMP_BUNDLE_ENT_OFF_RESERVED, .val = 0x01,
		    .exit_code = X_INVALID, .err = -ENOEXEC, .seg = (int)i + 1);
		ADD(.name = "man.entry_da.", .op = OP_XOR,
		    .off = e + AMP_BUNDLE_ENT_OFF_DA + 1, .val = 0x10,
		    .exit_code = X_INVALID, .err = -ENOEXEC, .seg = (int)i + 1);
		ADD(.name = "man.entry_filesz.", .op = OP_XOR,
		    .off = e + AMP_BUNDLE_ENT_OFF_FILESZ, .val = 0x04,
		    .exit_code = X_INVALID, .err = -ENOEXEC, .seg = (int)i + 1);
		ADD(.name = "man.entry_memsz.", .op = OP_XOR,
		    .off = e + AMP_BUNDLE_ENT_OFF_MEMSZ, .val = 0x04,
		    .exit_code = X_INVALID, .err = -ENOEXEC, .seg = (int)i + 1);
		ADD(.name = "man.entry_sha256.", .op = OP_XOR,
		    .off = e + AMP_BUNDLE_ENT_OFF_DIGEST + 17, .val = 0x01,
		    .exit_code = X_SIG, .seg = (int)i + 1);
	}

	/* The ELF: its headers, each segment's first and last byte, a gap. */
	ADD(.name = "elf.e_entry", .op = OP_XOR, .off = l.elf_off + 24,
	    .val = 0x02, .exit_code = X_DIGEST, .err = -EKEYREJECTED);
	ADD(.name = "elf.magic", .op = OP_XOR, .off = l.elf_off + 1,
	    .val = 0x20, .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "elf.ei_data", .op = OP_XOR, .off = l.elf_off + 5,
	    .val = 0x03, .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "elf.e_ident_pad", .op = OP_XOR, .off = l.elf_off + 9,
	    .val = 0x01, .exit_code = X_DIGEST, .err = -EKEYREJECTED);
	for (i = 0; i < l.count; i++) {
		if (!l.seg_size[i])
			continue;
		ADD(.name = "elf.segment_first.", .op = OP_XOR,
		    .off = l.seg_off[i], .val = 0x01, .exit_code = AMP_TAMPER_ANY,
		    .seg = (int)i + 1);
		ADD(.name = "elf.segment_last.", .op = OP_XOR,
		    .off = l.seg_off[i] + l.seg_size[i] - 1, .val = 0x80,
		    .exit_code = AMP_TAMPER_ANY, .seg = (int)i + 1);
	}
	if (l.gap_off)
		ADD(.name = "elf.outside_segments", .op = OP_XOR, .off = l.gap_off,
		    .val = 0x01, .exit_code = AMP_TAMPER_ANY);
	if (l.sig_off > l.elf_off + l.elf_size)
		ADD(.name = "pad.nonzero", .op = OP_SET, .off = l.sig_off - 1,
		    .width = 1, .val = 0xff, .exit_code = X_INVALID,
		    .err = -ENOEXEC);

	/* The signature: first, middle and last byte. */
	ADD(.name = "sig.first", .op = OP_XOR, .off = l.sig_off, .val = 0x01,
	    .exit_code = X_SIG);
	ADD(.name = "sig.middle", .op = OP_XOR, .off = l.sig_off + l.sig_size / 2,
	    .val = 0x01, .exit_code = X_SIG);
	ADD(.name = "sig.last", .op = OP_XOR, .off = l.sig_off + l.sig_size - 1,
	    .val = 0x01, .exit_code = X_SIG);

	/* Truncation at every boundary, and one byte before each. */
	ADD(.name = "trunc.empty", .op = OP_TRUNC, .off = 0,
	    .exit_code = X_INVALID);
	ADD(.name = "trunc.magic", .op = OP_TRUNC, .off = AMP_BUNDLE_MAGIC_LEN,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "trunc.header", .op = OP_TRUNC,
	    .off = AMP_BUNDLE_HDR_SIZE - 1, .exit_code = X_INVALID,
	    .err = -ENOEXEC);
	ADD(.name = "trunc.manifest_start", .op = OP_TRUNC, .off = l.man_off,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "trunc.manifest_end", .op = OP_TRUNC,
	    .off = l.man_off + l.man_size - 1, .exit_code = X_INVALID,
	    .err = -ENOEXEC);
	ADD(.name = "trunc.elf_start", .op = OP_TRUNC, .off = l.elf_off,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "trunc.elf_end", .op = OP_TRUNC,
	    .off = l.elf_off + l.elf_size - 1, .exit_code = X_INVALID,
	    .err = -ENOEXEC);
	ADD(.name = "trunc.sig_start", .op = OP_TRUNC, .off = l.sig_off,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "trunc.sig_end", .op = OP_TRUNC, .off = size - 1,
	    .exit_code = X_INVALID, .err = -ENOEXEC);

	/* Appended data and concatenated bundles. */
	ADD(.name = "append.byte", .op = OP_APPEND, .val = 1,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "append.block", .op = OP_APPEND, .val = 4096,
	    .exit_code = X_INVALID, .err = -ENOEXEC);
	ADD(.name = "concat.bundle", .op = OP_CONCAT, .exit_code = X_INVALID,
	    .err = -ENOEXEC);
#undef ADD
	return n;
}

/**
 * amp_tamper_count() - number of tamper cases for a good bundle
 * @good: the good bundle
 * @size: its size
 *
 * Return: the number of cases, at most %AMP_TAMPER_MAX.
 */
unsigned int amp_tamper_count(const u8 *good, size_t size)
{
	struct amp_tamper_spec one;
	unsigned int n = specs(good, size, ~0U, &one);

	return n < AMP_TAMPER_MAX ? n : AMP_TAMPER_MAX;
}

static void put_name(char *dst, const char *name, int index)
{
	unsigned int i = 0;

	while (*name && i < 40)
		dst[i++] = *name++;
	if (index >= 0) {
		if (index >= 10)
			dst[i++] = (char)('0' + index / 10);
		dst[i++] = (char)('0' + index % 10);
	}
	dst[i] = 0;
}

/**
 * amp_tamper_make() - build tamper case @i
 * @i: case index, below amp_tamper_count()
 * @good: the good bundle
 * @size: its size
 * @out: buffer for the tampered bundle
 * @cap: its size; 2 * @size + 4096 always suffices
 * @tc: filled with the case's name and expectations
 *
 * Return: 0, or -EINVAL for a bad index, -ENOSPC if @cap is too small.
 */
int amp_tamper_make(unsigned int i, const u8 *good, size_t size, u8 *out,
		    size_t cap, struct amp_tamper_case *tc)
{
	struct amp_tamper_spec spec;
	const struct amp_tamper_spec *sp = &spec;
	unsigned int n = specs(good, size, i, &spec), k;
	size_t len = size;

	if (i >= n || i >= AMP_TAMPER_MAX)
		return -EINVAL;
	if (sp->op == OP_APPEND)
		len = size + (size_t)sp->val;
	else if (sp->op == OP_CONCAT)
		len = 2 * size;
	else if (sp->op == OP_TRUNC)
		len = (size_t)sp->off;
	if (len > cap || (sp->op != OP_TRUNC && size > cap))
		return -ENOSPC;
	for (k = 0; k < size && k < len; k++)
		out[k] = good[k];
	switch (sp->op) {
	case OP_SET:
		for (k = 0; k < sp->width && sp->off + k < len; k++)
			out[sp->off + k] = (u8)(sp->val >> (8 * k));
		break;
	case OP_XOR:
		if (sp->off < len)
			out[sp->off] ^= (u8)sp->val;
		break;
	case OP_APPEND:
		for (k = 0; k < sp->val; k++)
			out[size + k] = 0;
		break;
	case OP_CONCAT:
		for (k = 0; k < size; k++)
			out[size + k] = good[k];
		break;
	case OP_TRUNC:
		break;
	}
	put_name(tc->name, sp->name, sp->seg - 1);
	tc->exit_code = sp->exit_code;
	tc->err = sp->err;
	tc->size = len;
	return 0;
}
