// SPDX-License-Identifier: GPL-2.0
/*
 * Write the fuzzers' seed corpus: a few valid firmware images of each ELF
 * format and a few resource tables, built with the test image builder.
 *
 * Usage: mkcorpus DIR   (creates DIR/elf and DIR/rsc)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "elfgen.h"
#include "fwcases.h"

static const char *const seed_cases[] = {
	"valid_std", "valid_full_rsc", "valid_qcom", "valid_bss_only", "valid_high_da",
};

static int write_file(const char *dir, const char *sub, const char *name,
		      const void *data, size_t size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

static int make_dir(const char *dir, const char *sub)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		return -1;
	}
	return 0;
}

static int write_elves(const char *dir)
{
	static u8 buf[AMP_FWCASE_IMG_MAX];
	struct amp_fwcase_img img;
	char name[128];
	unsigned int i, fmt;

	for (i = 0; i < ARRAY_SIZE(seed_cases); i++) {
		const struct amp_fwcase *fc = amp_fwcase_find(seed_cases[i]);

		for (fmt = 0; fc && fmt < AMP_FWCASE_NR_FORMATS; fmt++) {
			if (amp_fwcase_build(fc, fmt, &img, buf, sizeof(buf)))
				continue;
			snprintf(name, sizeof(name), "%s-%s.elf", fc->name,
				 amp_fwcase_format_name(fmt));
			if (write_file(dir, "elf", name, buf, img.size))
				return -1;
		}
	}
	return 0;
}

static int write_tables(const char *dir)
{
	struct amp_eg_rsc_layout lay;
	struct amp_eg_rsc_spec s;
	u8 t[AMP_FWCASE_RSC_MAX];

	amp_eg_rsc_std_spec(&s);
	if (amp_eg_rsc_build(&s, t, sizeof(t), &lay) ||
	    write_file(dir, "rsc", "std.bin", t, lay.size))
		return -1;
	s.devmem = true;
	s.config_len = 10;
	s.vendor_type = AMP_RSC_VENDOR_START;
	if (amp_eg_rsc_build(&s, t, sizeof(t), &lay) ||
	    write_file(dir, "rsc", "full.bin", t, lay.size))
		return -1;
	memset(&s, 0, sizeof(s));
	if (amp_eg_rsc_build(&s, t, sizeof(t), &lay) ||
	    write_file(dir, "rsc", "empty.bin", t, lay.size))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (make_dir(argv[1], NULL) || make_dir(argv[1], "elf") ||
	    make_dir(argv[1], "rsc") || write_elves(argv[1]) || write_tables(argv[1]))
		return 1;
	return 0;
}
