/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deterministic, structure-aware mutation of test firmware images, shared by
 * the KUnit mutation loop and the host tests. Freestanding.
 */
#ifndef AMPIPC_TESTS_FWMUTATE_H
#define AMPIPC_TESTS_FWMUTATE_H

#include "elfgen.h"

/**
 * struct amp_mut - mutation state: an xorshift64* generator
 * @state: generator state, never zero
 */
struct amp_mut {
	u64 state;
};

void amp_mut_seed(struct amp_mut *m, u64 seed);
u64 amp_mut_next(struct amp_mut *m);
u32 amp_mut_below(struct amp_mut *m, u32 n);
size_t amp_mut_apply(struct amp_mut *m, u8 *img, size_t size,
		     const struct amp_eg_layout *lay);

#endif /* AMPIPC_TESTS_FWMUTATE_H */
