// SPDX-License-Identifier: GPL-2.0
/*
 * ampfw extract: write the ELF a bundle carries, byte for byte. The bundle
 * must be structurally valid; its signature is not checked (use verify).
 */
#include <getopt.h>
#include <sys/uio.h>

#include "ampfw.h"

static const char help[] =
	"usage: ampfw extract BUNDLE -o IMAGE\n"
	"\n"
	"Write the firmware ELF stored in BUNDLE to IMAGE, unchanged. For a bundle\n"
	"made from a .mdt split image this is the reassembled single ELF. The\n"
	"signature is not checked; run 'ampfw verify' for that.\n"
	"\n"
	"exit codes: 0 ok, 1 malformed bundle, 2 usage, 3 I/O\n";

int ampfw_cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ampfw_image img;
	struct amp_bundle b;
	struct iovec iov;
	const char *out = NULL;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return AMPFW_EXIT_OK;
		default:
			fputs(help, stderr);
			return AMPFW_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !out) {
		fprintf(stderr, "ampfw extract: BUNDLE and -o are required\n");
		fputs(help, stderr);
		return AMPFW_EXIT_USAGE;
	}
	ret = ampfw_bundle_open(&img, argv[optind], &b, "not a bundle");
	if (ret)
		return ret;
	iov = (struct iovec){ (void *)b.elf_data, b.elf_size };
	ret = ampfw_write_file(out, &iov, 1) ? AMPFW_EXIT_IO : AMPFW_EXIT_OK;
	ampfw_image_close(&img);
	return ret;
}
