/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the libFuzzer targets: a hard failure for a broken
 * promise, and a read of every byte of a range the parser vouched for, so
 * AddressSanitizer sees any range that lies outside the input.
 */
#ifndef AMPIPC_FUZZ_COMMON_H
#define AMPIPC_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdlib.h>

#include <ampipc/fwparse.h>

/*
 * Externally visible, so the loads feeding it cannot be optimised away.
 * Each fuzz target is a program of one translation unit plus the parser,
 * so defining it here defines it once.
 */
u8 fuzz_sink;

static inline void require(bool cond)
{
	if (!cond)
		abort();
}

static inline void touch(const u8 *p, u64 len)
{
	u8 x = 0;
	u64 i;

	for (i = 0; i < len; i++)
		x ^= p[i];
	fuzz_sink = x;
}

#endif /* AMPIPC_FUZZ_COMMON_H */
