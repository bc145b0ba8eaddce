/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware validator's test matrix, shared by the KUnit suite and the
 * host tests: named valid images and one crafted image per rejection, each
 * with the status and errno the parser must report. Freestanding.
 */
#ifndef AMPIPC_TESTS_FWCASES_H
#define AMPIPC_TESTS_FWCASES_H

#include "elfgen.h"

#define AMP_FWCASE_IMG_MAX	4096
#define AMP_FWCASE_RSC_MAX	512
#define AMP_FWCASE_MEM_CAP	0x10000

/* Image formats, as bits of struct amp_fwcase.formats. */
#define AMP_FWCASE_ELF32_LE	(1U << 0)
#define AMP_FWCASE_ELF32_BE	(1U << 1)
#define AMP_FWCASE_ELF64_LE	(1U << 2)
#define AMP_FWCASE_ELF64_BE	(1U << 3)
#define AMP_FWCASE_ELF32	(AMP_FWCASE_ELF32_LE | AMP_FWCASE_ELF32_BE)
#define AMP_FWCASE_ELF64	(AMP_FWCASE_ELF64_LE | AMP_FWCASE_ELF64_BE)
#define AMP_FWCASE_ALL		(AMP_FWCASE_ELF32 | AMP_FWCASE_ELF64)
#define AMP_FWCASE_NR_FORMATS	4

/**
 * struct amp_fwcase_img - one built test image and what it was built from
 * @desc: image description (edited by a case's prep hook)
 * @with_rsc: embed the table built from @rsc_spec
 * @rsc_spec: resource table description
 * @rsc_lay: where the table's entries are
 * @rsc: the table bytes
 * @lay: where amp_eg_build() put things
 * @machines: storage for @lim's allow-list
 * @lim: limits to validate with
 * @buf: the image
 * @size: image size; a patch hook may shrink it
 */
struct amp_fwcase_img {
	struct amp_eg_desc desc;
	bool with_rsc;
	struct amp_eg_rsc_spec rsc_spec;
	struct amp_eg_rsc_layout rsc_lay;
	u8 rsc[AMP_FWCASE_RSC_MAX];
	struct amp_eg_layout lay;
	u16 machines[4];
	struct amp_fw_limits lim;
	u8 *buf;
	size_t size;
};

/**
 * struct amp_fwcase - a named test image
 * @name: case name
 * @status: status the parser must report
 * @err: errno the parser and the loader must return
 * @formats: AMP_FWCASE_* formats the case applies to
 * @prep: edits the description before the image is built, or NULL
 * @patch: corrupts the built image, or NULL
 */
struct amp_fwcase {
	const char *name;
	enum amp_fw_status status;
	int err;
	unsigned int formats;
	void (*prep)(struct amp_fwcase_img *c);
	void (*patch)(struct amp_fwcase_img *c);
};

extern const struct amp_fwcase amp_fwcases[];
extern const unsigned int amp_nr_fwcases;

const struct amp_fwcase *amp_fwcase_find(const char *name);
int amp_fwcase_build(const struct amp_fwcase *fc, unsigned int format,
		     struct amp_fwcase_img *img, u8 *buf, size_t cap);
const char *amp_fwcase_format_name(unsigned int format);

#endif /* AMPIPC_TESTS_FWCASES_H */
