// SPDX-License-Identifier: GPL-2.0
/*
 * mksimfw: write the sim firmware images (amp-sim-NAME.elf) into a
 * directory, each one checked with the same validator amp_rproc.ko runs.
 *
 * usage: mksimfw OUTDIR [NAME...]     (default: every configuration)
 *        mksimfw -l                   list the configurations
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ampipc/fwparse.h>

#include "simfw.h"

static const char *fault_names[AMP_SIM_FAULT_NR] = {
	"none", "crash", "hang", "bad_hdr", "bad_len", "bad_addr", "ns_flood",
	"no_tx_return", "fuzz",
};

static int check(const u8 *img, size_t size, const char *name)
{
	static const u16 machines[] = { AMP_EM_SIM };
	struct amp_fw_limits lim = {
		.machines = machines,
		.nr_machines = 1,
		.require_rsc = true,
	};
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;

	if (amp_fw_elf_parse(&elf, img, size, &lim, &diag)) {
		fprintf(stderr, "mksimfw: %s: %s (index %u, value %llu)\n", name,
			amp_fw_status_str(diag.status), diag.index,
			(unsigned long long)diag.value);
		return -1;
	}
	if (elf.entry != AMP_SIMFW_BOOT_DA || elf.rsc_da != AMP_SIMFW_RSC_DA) {
		fprintf(stderr, "mksimfw: %s: entry or table misplaced\n", name);
		return -1;
	}
	return 0;
}

static int write_one(const char *dir, const struct amp_simfw_spec *s)
{
	static u8 img[AMP_SIMFW_MAX_SIZE];
	struct amp_simfw_layout lay;
	char path[4096];
	FILE *f;

	if (amp_simfw_build(s, img, sizeof(img), &lay)) {
		fprintf(stderr, "mksimfw: %s: cannot build\n", s->name);
		return -1;
	}
	if (check(img, lay.size, s->name))
		return -1;
	snprintf(path, sizeof(path), "%s/amp-sim-%s.elf", dir, s->name);
	f = fopen(path, "wb");
	if (!f || fwrite(img, 1, lay.size, f) != lay.size || fclose(f)) {
		perror(path);
		return -1;
	}
	printf("%s\n", path);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int i;
	int a, bad = 0;

	if (argc == 2 && !strcmp(argv[1], "-l")) {
		for (i = 0; i < amp_simfw_nr_images; i++)
			printf("amp-sim-%s.elf services=%#x ns=%d fault=%s\n",
			       amp_simfw_images[i].name, amp_simfw_images[i].services,
			       amp_simfw_images[i].ns,
			       fault_names[amp_simfw_images[i].fault]);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: mksimfw OUTDIR [NAME...] | mksimfw -l\n");
		return 2;
	}
	for (i = 0; i < amp_simfw_nr_images; i++) {
		int want = argc == 2;

		for (a = 2; a < argc; a++)
			want |= !strcmp(argv[a], amp_simfw_images[i].name);
		if (want && write_one(argv[1], &amp_simfw_images[i]))
			bad = 1;
	}
	return bad;
}
