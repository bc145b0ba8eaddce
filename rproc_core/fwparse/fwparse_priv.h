/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers private to the freestanding firmware parsers: byte-order-safe
 * loads that never dereference an unaligned multi-byte pointer, and the
 * common way of recording a rejection.
 */
#ifndef AMPIPC_FWPARSE_PRIV_H
#define AMPIPC_FWPARSE_PRIV_H

#include <ampipc/fwparse.h>

/* Read a width-byte unsigned integer (width <= 8) stored at p. */
static inline u64 amp_fw_load(const u8 *p, unsigned int width, bool big_endian)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < width; i++) {
		if (big_endian)
			v = (v << 8) | p[i];
		else
			v |= (u64)p[i] << (8 * i);
	}
	return v;
}

static inline u32 amp_fw_le32(const u8 *p)
{
	return (u32)amp_fw_load(p, 4, false);
}

/* True when [off, off + len) lies inside an object of the given size. */
static inline bool amp_fw_in_bounds(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

/* Record a rejection and return its errno. */
static inline int amp_fw_fail(struct amp_fw_diag *diag,
			      enum amp_fw_status status, u32 index, u64 value)
{
	diag->status = status;
	diag->index = index;
	diag->value = value;
	return amp_fw_status_errno(status);
}

#endif /* AMPIPC_FWPARSE_PRIV_H */
