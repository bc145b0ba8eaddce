// SPDX-License-Identifier: GPL-2.0
/*
 * Resource table validation.
 *
 * Freestanding: compiled unchanged into amp_rproc.ko and the host tools.
 * Fields are read byte by byte as little-endian, whatever the host's byte
 * order and whatever the table's alignment in memory. Each entry is allowed
 * to extend to the end of the table and no further.
 */
#include "fwparse_priv.h"

#define AMP_RSC_TABLE_HDR	sizeof(struct amp_rsc_table)
#define AMP_RSC_ENTRY_HDR	sizeof(struct amp_rsc_hdr)
#define AMP_RSC_VRING_SIZE	sizeof(struct amp_rsc_vdev_vring)
#define AMP_RSC_4G		(1ULL << 32)

/* Payload field at offset within an entry whose header starts at p. */
#define AMP_RSC_FIELD(p, type, field) \
	((p) + AMP_RSC_ENTRY_HDR + offsetof(type, field))

/* Status codes of the checks carveout and devmem entries share. */
struct amp_rsc_mem_codes {
	enum amp_fw_status reserved;
	enum amp_fw_status len;
	enum amp_fw_status wrap;
};

static const struct amp_rsc_mem_codes amp_rsc_carveout_codes = {
	AMP_FW_R_CARVEOUT_RESERVED, AMP_FW_R_CARVEOUT_LEN, AMP_FW_R_CARVEOUT_WRAP,
};

static const struct amp_rsc_mem_codes amp_rsc_devmem_codes = {
	AMP_FW_R_DEVMEM_RESERVED, AMP_FW_R_DEVMEM_LEN, AMP_FW_R_DEVMEM_WRAP,
};

static bool amp_rsc_is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

static bool amp_rsc_name_ok(const u8 *name)
{
	unsigned int i;

	for (i = 0; i < AMP_RSC_NAME_LEN; i++)
		if (!name[i])
			return true;
	return false;
}

/* Size of the fixed part of an entry of the given type, header included. */
static u32 amp_rsc_fixed_size(u32 type)
{
	switch (type) {
	case AMP_RSC_CARVEOUT:
		return AMP_RSC_ENTRY_HDR + sizeof(struct amp_rsc_carveout);
	case AMP_RSC_DEVMEM:
		return AMP_RSC_ENTRY_HDR + sizeof(struct amp_rsc_devmem);
	case AMP_RSC_TRACE:
		return AMP_RSC_ENTRY_HDR + sizeof(struct amp_rsc_trace);
	case AMP_RSC_VDEV:
		return AMP_RSC_ENTRY_HDR + sizeof(struct amp_rsc_vdev);
	default:
		return AMP_RSC_ENTRY_HDR;
	}
}

static bool amp_rsc_type_known(u32 type)
{
	return type < AMP_RSC_LAST ||
	       (type >= AMP_RSC_VENDOR_START && type <= AMP_RSC_VENDOR_END);
}

/* Does [da, da + len) end at or below 4 GiB? */
static bool amp_rsc_range_ok(u32 da, u32 len)
{
	return (u64)da + len <= AMP_RSC_4G;
}

/* Carveout and devmem share one layout; the codes say which one this is. */
static int amp_rsc_check_mem(const u8 *p, u32 idx,
			     const struct amp_rsc_mem_codes *codes,
			     struct amp_fw_diag *diag)
{
	u32 da = amp_fw_le32(AMP_RSC_FIELD(p, struct amp_rsc_carveout, da));
	u32 len = amp_fw_le32(AMP_RSC_FIELD(p, struct amp_rsc_carveout, len));
	u32 rsvd = amp_fw_le32(AMP_RSC_FIELD(p, struct amp_rsc_carveout, reserved));

	if (rsvd)
		return amp_fw_fail(diag, codes->reserved, idx, rsvd);
	if (!len)
		return amp_fw_fail(diag, codes->len, idx, len);
	if (da != AMP_RSC_ADDR_ANY && !amp_rsc_range_ok(da, len))
		return amp_fw_fail(diag, codes->wrap, idx, da);
	if (!amp_rsc_name_ok(AMP_RSC_FIELD(p, struct amp_rsc_carveout, name)))
		return amp_fw_fail(diag, AMP_FW_R_NAME, idx, 0);
	return 0;
}

static int amp_rsc_check_trace(const u8 *p, u32 idx, struct amp_fw_diag *diag)
{
	u32 da = amp_fw_le32(AMP_RSC_FIELD(p, struct amp_rsc_trace, da));
	u32 len = amp_fw_le32(AMP_RSC_FIELD(p, struct amp_rsc_trace, len));

	if (!len)
		return amp_fw_fail(diag, AMP_FW_R_TRACE_LEN, idx, len);
	if (!amp_rsc_range_ok(da, len))
		return amp_fw_fail(diag, AMP_FW_R_TRACE_WRAP, idx, da);
	if (!amp_rsc_name_ok(AMP_RSC_FIELD(p, struct amp_rsc_trace, name)))
		return amp_fw_fail(diag, AMP_FW_R_NAME, idx, 0);
	return 0;
}

static int amp_rsc_check_vdev(const u8 *p, u64 avail, u32 idx,
			      struct amp_fw_diag *diag)
{
	u64 fixed = amp_rsc_fixed_size(AMP_RSC_VDEV);
	u8 nvr = *AMP_RSC_FIELD(p, struct amp_rsc_vdev, num_of_vrings);
	const u8 *rsvd = AMP_RSC_FIELD(p, struct amp_rsc_vdev, reserved);
	u32 config_len = amp_fw_le32(AMP_RSC_FIELD(p, struct amp_rsc_vdev, config_len));
	u64 vrings_end = fixed + (u64)nvr * AMP_RSC_VRING_SIZE;
	const u8 *vr;
	u32 align, num;
	unsigned int i;

	if (!nvr || nvr > AMP_RSC_MAX_VRINGS)
		return amp_fw_fail(diag, AMP_FW_R_VDEV_VRINGS, idx, nvr);
	if (rsvd[0] || rsvd[1])
		return amp_fw_fail(diag, AMP_FW_R_VDEV_RESERVED, idx,
				   (u64)rsvd[0] | (u64)rsvd[1] << 8);
	if (vrings_end > avail)
		return amp_fw_fail(diag, AMP_FW_R_VDEV_VRING_TRUNC, idx, nvr);
	if (config_len > avail - vrings_end)
		return amp_fw_fail(diag, AMP_FW_R_VDEV_CONFIG, idx, config_len);

	for (i = 0; i < nvr; i++) {
		vr = p + fixed + i * AMP_RSC_VRING_SIZE;
		align = amp_fw_le32(vr + offsetof(struct amp_rsc_vdev_vring, align));
		num = amp_fw_le32(vr + offsetof(struct amp_rsc_vdev_vring, num));
		if (!amp_rsc_is_pow2(num) || num > AMP_RSC_MAX_VRING_NUM)
			return amp_fw_fail(diag, AMP_FW_R_VRING_NUM, idx, num);
		if (!amp_rsc_is_pow2(align))
			return amp_fw_fail(diag, AMP_FW_R_VRING_ALIGN, idx, align);
	}
	return 0;
}

static int amp_rsc_check_entry(const u8 *p, u64 avail, u32 idx,
			       struct amp_fw_diag *diag)
{
	u32 type = amp_fw_le32(p);

	if (!amp_rsc_type_known(type))
		return amp_fw_fail(diag, AMP_FW_R_TYPE, idx, type);
	if (avail < amp_rsc_fixed_size(type))
		return amp_fw_fail(diag, AMP_FW_R_ENTRY_TRUNC, idx, avail);

	switch (type) {
	case AMP_RSC_CARVEOUT:
		return amp_rsc_check_mem(p, idx, &amp_rsc_carveout_codes, diag);
	case AMP_RSC_DEVMEM:
		return amp_rsc_check_mem(p, idx, &amp_rsc_devmem_codes, diag);
	case AMP_RSC_TRACE:
		return amp_rsc_check_trace(p, idx, diag);
	case AMP_RSC_VDEV:
		return amp_rsc_check_vdev(p, avail, idx, diag);
	default:
		/* Vendor types: only the header is known. */
		return 0;
	}
}

/*
 * Number of entries if the header and offset array are sound, or -1. Used
 * by the iterator, which must stay safe on a table nobody validated.
 */
static s64 amp_rsc_count(const u8 *t, size_t size)
{
	u32 num;

	if (size < AMP_RSC_TABLE_HDR)
		return -1;
	num = amp_fw_le32(t + offsetof(struct amp_rsc_table, num));
	if (num > AMP_RSC_MAX_ENTRIES ||
	    !amp_fw_in_bounds(AMP_RSC_TABLE_HDR, (u64)num * 4, size))
		return -1;
	return num;
}

/**
 * amp_fw_rsc_check() - validate a resource table
 * @table: the table (any alignment)
 * @size: its size in bytes, as given by its section header
 * @diag: where validation stopped (status, entry index, offending value);
 *	may be NULL
 *
 * Checks the header, the offset array and every entry: each must fit between
 * its offset and the end of the table, standard entries must have sane
 * lengths, addresses, names and vrings, and reserved types are refused.
 * Vendor types (%AMP_RSC_VENDOR_START to %AMP_RSC_VENDOR_END) are accepted
 * with only their header checked.
 *
 * Return: 0 if the table is valid, otherwise the negative errno given by
 * amp_fw_status_errno() for @diag->status.
 */
int amp_fw_rsc_check(const void *table, size_t size, struct amp_fw_diag *diag)
{
	const u8 *t = table;
	struct amp_fw_diag local;
	u64 hdr_end, off;
	u32 ver, num, i;
	int ret;

	if (!diag)
		diag = &local;
	diag->status = AMP_FW_OK;
	diag->index = 0;
	diag->value = 0;

	if (size < AMP_RSC_TABLE_HDR)
		return amp_fw_fail(diag, AMP_FW_R_TRUNC, 0, size);
	ver = amp_fw_le32(t + offsetof(struct amp_rsc_table, ver));
	num = amp_fw_le32(t + offsetof(struct amp_rsc_table, num));
	if (ver != AMP_RSC_TABLE_VERSION)
		return amp_fw_fail(diag, AMP_FW_R_VER, 0, ver);
	for (i = 0; i < 2; i++) {
		u32 rsvd = amp_fw_le32(t + offsetof(struct amp_rsc_table, reserved) + 4 * i);

		if (rsvd)
			return amp_fw_fail(diag, AMP_FW_R_RESERVED, i, rsvd);
	}
	if (num > AMP_RSC_MAX_ENTRIES)
		return amp_fw_fail(diag, AMP_FW_R_NUM_MAX, 0, num);
	hdr_end = AMP_RSC_TABLE_HDR + (u64)num * 4;
	if (hdr_end > size)
		return amp_fw_fail(diag, AMP_FW_R_OFFSETS, 0, num);

	for (i = 0; i < num; i++) {
		off = amp_fw_le32(t + AMP_RSC_TABLE_HDR + 4 * i);
		if (off < hdr_end || !amp_fw_in_bounds(off, AMP_RSC_ENTRY_HDR, size))
			return amp_fw_fail(diag, AMP_FW_R_OFFSET_RANGE, i, off);
		if (off & 3)
			return amp_fw_fail(diag, AMP_FW_R_OFFSET_ALIGN, i, off);
		ret = amp_rsc_check_entry(t + off, size - off, i, diag);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * amp_fw_rsc_next() - iterate over the entries of a resource table
 * @table: table accepted by amp_fw_rsc_check()
 * @size: its size in bytes
 * @cursor: iteration state; set to 0 before the first call
 * @ent: filled with the next entry
 *
 * Entries come in offset-array order. The iterator bounds every entry by the
 * table size even on a table that was not validated, but only a validated
 * table guarantees that each entry is complete.
 *
 * Return: true if @ent was filled, false at the end.
 */
bool amp_fw_rsc_next(const void *table, size_t size, unsigned int *cursor,
		     struct amp_fw_rsc_entry *ent)
{
	const u8 *t = table;
	s64 num = amp_rsc_count(t, size);
	u64 off, avail, len;
	const u8 *p;

	if (num < 0 || *cursor >= num)
		return false;
	off = amp_fw_le32(t + AMP_RSC_TABLE_HDR + 4 * *cursor);
	if (!amp_fw_in_bounds(off, AMP_RSC_ENTRY_HDR, size))
		return false;
	p = t + off;
	avail = size - off;
	if (avail > 0xffffffffULL)
		avail = 0xffffffffULL;

	ent->index = *cursor;
	ent->type = amp_fw_le32(p);
	ent->offset = (u32)off;
	ent->avail = (u32)avail;
	len = amp_rsc_fixed_size(ent->type);
	if (ent->type == AMP_RSC_VDEV && len <= avail) {
		len += (u64)*AMP_RSC_FIELD(p, struct amp_rsc_vdev, num_of_vrings) *
		       AMP_RSC_VRING_SIZE;
		len += amp_fw_le32(AMP_RSC_FIELD(p, struct amp_rsc_vdev, config_len));
	} else if (ent->type >= AMP_RSC_VENDOR_START) {
		len = avail;
	}
	ent->len = (u32)(len < avail ? len : avail);
	(*cursor)++;
	return true;
}
