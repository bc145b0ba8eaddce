// SPDX-License-Identifier: GPL-2.0
/*
 * Structure-aware image mutation; see fwmutate.h.
 *
 * Each call applies one to three mutations: random bytes or bit flips
 * (biased towards the headers), a header field set to a boundary value, a
 * resource table word set to a boundary value, or truncation. The sequence
 * depends only on the seed.
 */
#include "fwmutate.h"

enum { MUT_BYTE, MUT_BIT, MUT_HEAD_BYTE, MUT_FIELD, MUT_RSC_WORD, MUT_TRUNC, MUT_KINDS };

/**
 * amp_mut_seed() - start a mutation sequence
 * @m: state
 * @seed: any value; equal seeds give equal sequences
 */
void amp_mut_seed(struct amp_mut *m, u64 seed)
{
	m->state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

/**
 * amp_mut_next() - next pseudo-random number
 * @m: state
 *
 * Return: 64 pseudo-random bits (xorshift64*).
 */
u64 amp_mut_next(struct amp_mut *m)
{
	u64 x = m->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	m->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/**
 * amp_mut_below() - pseudo-random number below a bound
 * @m: state
 * @n: the bound
 *
 * 32-bit arithmetic only, so 32-bit kernels need no 64-bit division.
 *
 * Return: a number in [0, @n), or 0 if @n is 0.
 */
u32 amp_mut_below(struct amp_mut *m, u32 n)
{
	return n ? (u32)(amp_mut_next(m) >> 32) % n : 0;
}

/* A value near a boundary, or relative to the old value or the image size. */
static u64 mut_value(struct amp_mut *m, u64 old, size_t size)
{
	static const u64 fixed[] = {
		0, 1, 2, 3, 4, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x8000,
		0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0xffffffffffffffffULL,
	};
	u32 pick = amp_mut_below(m, 10);

	switch (pick) {
	case 0:
		return old + 1;
	case 1:
		return old - 1;
	case 2:
		return old + (1ULL << amp_mut_below(m, 12));
	case 3:
		return size - amp_mut_below(m, 16);
	case 4:
		return size + amp_mut_below(m, 16);
	case 5:
		return amp_mut_next(m);
	case 6:
		return old ^ (1ULL << amp_mut_below(m, 64));
	default:
		return fixed[amp_mut_below(m, ARRAY_SIZE(fixed))];
	}
}

static void mut_field(struct amp_mut *m, u8 *img, size_t size,
		      const struct amp_eg_layout *lay)
{
	enum amp_eg_field f = (enum amp_eg_field)amp_mut_below(m, AMP_EG_NR_FIELDS);
	unsigned int index = amp_mut_below(m, 4);
	unsigned int width;
	size_t off;
	u64 old;

	if (amp_eg_field_loc(lay, f, index, &off, &width) || off + width > size)
		return;
	old = amp_eg_load(img + off, width, lay->big_endian);
	amp_eg_put(img + off, width, mut_value(m, old, size), lay->big_endian);
}

static void mut_rsc_word(struct amp_mut *m, u8 *img, size_t size,
			 const struct amp_eg_layout *lay)
{
	size_t off;
	u64 old;

	if (lay->rsc_shndx < 0 || lay->rsc_off >= size)
		return;
	/* The tables built for tests are well under 512 bytes. */
	off = lay->rsc_off + 4 * (size_t)amp_mut_below(m, 128);
	if (off + 4 > size)
		return;
	old = amp_eg_load(img + off, 4, false);
	amp_eg_put(img + off, 4, mut_value(m, old, size), false);
}

/**
 * amp_mut_apply() - mutate an image in place
 * @m: state
 * @img: image built by amp_eg_build()
 * @size: its size
 * @lay: its layout, used to aim at header fields and the resource table
 *
 * Return: the new size, at most @size.
 */
size_t amp_mut_apply(struct amp_mut *m, u8 *img, size_t size,
		     const struct amp_eg_layout *lay)
{
	unsigned int n = 1 + amp_mut_below(m, 3);
	size_t head = size < 256 ? size : 256;

	while (n-- && size) {
		switch (amp_mut_below(m, MUT_KINDS)) {
		case MUT_BYTE:
			img[amp_mut_below(m, (u32)size)] = (u8)amp_mut_next(m);
			break;
		case MUT_BIT:
			img[amp_mut_below(m, (u32)size)] ^= (u8)(1U << amp_mut_below(m, 8));
			break;
		case MUT_HEAD_BYTE:
			img[amp_mut_below(m, (u32)head)] = (u8)mut_value(m, 0, size);
			break;
		case MUT_FIELD:
			mut_field(m, img, size, lay);
			break;
		case MUT_RSC_WORD:
			mut_rsc_word(m, img, size, lay);
			break;
		default:
			/* Truncate rarely: it masks every other mutation. */
			if (!amp_mut_below(m, 4))
				size = amp_mut_below(m, (u32)size);
			break;
		}
	}
	return size;
}
