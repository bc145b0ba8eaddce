/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bundle tamper matrix, shared by the KUnit suite (the kernel loader
 * must refuse every case) and the host tests (`ampfw verify` must refuse
 * every case): from one good bundle, one variant per header field, a
 * flipped byte in every region, a truncation at every boundary, and
 * appended or concatenated data. Freestanding; region offsets are read
 * from the good bundle's header with the layout of docs/bundle-format.md.
 */
#ifndef AMPIPC_TESTS_BUNDLE_TAMPER_H
#define AMPIPC_TESTS_BUNDLE_TAMPER_H

#include <ampipc/bundle.h>

/* Maximum number of cases for a bundle (segments add cases). */
#define AMP_TAMPER_MAX		(64 + 8 * AMP_TAMPER_MAX_SEGS)
#define AMP_TAMPER_MAX_SEGS	16

/* What `ampfw verify` must exit with; AMP_TAMPER_ANY: any failure. */
#define AMP_TAMPER_ANY		-1

/**
 * struct amp_tamper_case - one tampered bundle
 * @name: case name, unique within a bundle
 * @exit_code: exit code ampfw verify must give, or %AMP_TAMPER_ANY
 * @err: errno the kernel loader must return, or 0 for any error
 * @size: size of the tampered bundle
 */
struct amp_tamper_case {
	char name[48];
	int exit_code;
	int err;
	size_t size;
};

unsigned int amp_tamper_count(const u8 *good, size_t size);
int amp_tamper_make(unsigned int i, const u8 *good, size_t size, u8 *out,
		    size_t cap, struct amp_tamper_case *tc);

#endif /* AMPIPC_TESTS_BUNDLE_TAMPER_H */
