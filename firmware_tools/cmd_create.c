// SPDX-License-Identifier: GPL-2.0
/*
 * ampfw create: wrap a firmware image (ELF, .mbn, or .mdt with its .bNN
 * parts) into a signed bundle. One pass over the image: each byte is hashed
 * once (segments, then the rest), then the image is written out unchanged.
 * The output depends only on the inputs: no time, no randomness (RSA
 * PKCS#1 v1.5 signatures are deterministic and the CMS has no attributes).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "ampfw.h"

static const char help[] =
	"usage: ampfw create IMAGE -o BUNDLE --key KEY --cert CERT --target STR\n"
	"                    [--security-version N]\n"
	"\n"
	"Wrap IMAGE (an ELF, a Qualcomm .mbn, or a Qualcomm .mdt whose .bNN parts lie\n"
	"beside it) into a signed bundle. KEY is a PEM RSA private key, CERT its X.509\n"
	"certificate (PEM or DER). STR is the processor's target string (1..63\n"
	"printable ASCII characters). N is the anti-rollback security version\n"
	"(default 0). The same inputs always give the same bytes.\n"
	"\n"
	"exit codes: 0 ok, 1 IMAGE malformed, 2 usage, 3 I/O, 4 key or certificate\n";

/* Fill header and manifest; sig_size is written later. */
static int build_signed_part(const struct ampfw_image *img,
			     const struct amp_fw_elf *elf, const char *target,
			     uint32_t secver, uint8_t *buf, size_t man_size)
{
	u8 *m = buf + AMP_BUNDLE_HDR_SIZE;
	uint64_t elf_off = AMP_BUNDLE_HDR_SIZE + man_size;
	uint64_t sig_off = (elf_off + img->size + AMP_BUNDLE_ALIGN - 1) &
			   ~(uint64_t)(AMP_BUNDLE_ALIGN - 1);
	struct amp_fw_seg seg;
	unsigned int cursor = 0, i = 0;

	memcpy(buf, AMP_BUNDLE_MAGIC, AMP_BUNDLE_MAGIC_LEN);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_VERSION, 2, AMP_BUNDLE_VERSION);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_HDR_SIZE, 2, AMP_BUNDLE_HDR_SIZE);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_SECVER, 4, secver);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_TARGET_LEN, 4, strlen(target));
	memcpy(buf + AMP_BUNDLE_OFF_TARGET, target, strlen(target));
	ampfw_put_le(buf + AMP_BUNDLE_OFF_MAN_OFF, 4, AMP_BUNDLE_HDR_SIZE);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_MAN_SIZE, 4, man_size);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_ELF_OFF, 8, elf_off);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_ELF_SIZE, 8, img->size);
	ampfw_put_le(buf + AMP_BUNDLE_OFF_SIG_OFF, 8, sig_off);

	ampfw_put_le(m + AMP_BUNDLE_MAN_OFF_COUNT, 4, elf->nr_load);
	if (ampfw_headers_digest(elf, m + AMP_BUNDLE_MAN_OFF_HEADERS) ||
	    ampfw_rest_digest(elf, m + AMP_BUNDLE_MAN_OFF_REST))
		return -1;
	while (amp_fw_elf_next_load(elf, &cursor, &seg)) {
		u8 *e = m + AMP_BUNDLE_MAN_HDR_SIZE + (size_t)i++ * AMP_BUNDLE_ENT_SIZE;

		ampfw_put_le(e + AMP_BUNDLE_ENT_OFF_INDEX, 4, seg.index);
		ampfw_put_le(e + AMP_BUNDLE_ENT_OFF_DA, 8, seg.da);
		ampfw_put_le(e + AMP_BUNDLE_ENT_OFF_FILESZ, 8, seg.filesz);
		ampfw_put_le(e + AMP_BUNDLE_ENT_OFF_MEMSZ, 8, seg.memsz);
		if (ampfw_segment_digest(elf, &seg, e + AMP_BUNDLE_ENT_OFF_DIGEST))
			return -1;
	}
	return 0;
}

/*
 * The signature covers sig_size, which is its own length: sign once to
 * learn the length, write it, sign again. RSA signatures have the length
 * of the modulus, so the second signature is as long as the first.
 */
static int sign_twice(const char *key, const char *cert, uint8_t *signed_part,
		      size_t signed_size, uint8_t **sig, size_t *sig_len)
{
	size_t first;

	if (ampfw_cms_sign(key, cert, signed_part, signed_size, sig, &first))
		return -1;
	free(*sig);
	*sig = NULL;
	if (first > AMP_BUNDLE_SIG_MAX) {
		ampfw_err(cert, "signature of %zu bytes exceeds the %u-byte limit",
			  first, AMP_BUNDLE_SIG_MAX);
		return -1;
	}
	ampfw_put_le(signed_part + AMP_BUNDLE_OFF_SIG_SIZE, 4, first);
	if (ampfw_cms_sign(key, cert, signed_part, signed_size, sig, sig_len))
		return -1;
	if (*sig_len != first) {
		ampfw_err(key, "signature length changed between passes (%zu, %zu)",
			  first, *sig_len);
		free(*sig);
		*sig = NULL;
		return -1;
	}
	return 0;
}

int ampfw_cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "target", required_argument, NULL, 't' },
		{ "security-version", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *key = NULL, *cert = NULL, *target = NULL;
	static const uint8_t zeros[AMP_BUNDLE_ALIGN];
	struct ampfw_image img;
	struct amp_fw_elf elf;
	uint32_t secver = 0;
	uint8_t *signed_part = NULL, *sig = NULL;
	size_t man_size, signed_size, sig_len = 0, pad;
	struct iovec iov[4];
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 't':
			target = optarg;
			break;
		case 's':
			if (!ampfw_parse_u32(optarg, &secver)) {
				ampfw_err("--security-version", "'%s' is not a number from 0 to 4294967295", optarg);
				return AMPFW_EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(help, stdout);
			return AMPFW_EXIT_OK;
		default:
			fputs(help, stderr);
			return AMPFW_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !out || !key || !cert || !target) {
		fprintf(stderr, "ampfw create: IMAGE, -o, --key, --cert and --target are required\n");
		fputs(help, stderr);
		return AMPFW_EXIT_USAGE;
	}
	if (!ampfw_target_ok(target)) {
		ampfw_err("--target", "'%s' is not 1..63 printable ASCII characters without spaces", target);
		return AMPFW_EXIT_USAGE;
	}
	if (ampfw_image_open(&img, argv[optind]))
		return AMPFW_EXIT_IO;
	ret = AMPFW_EXIT_INVALID;
	if (img.kind == AMPFW_KIND_BUNDLE) {
		ampfw_err(img.path, "magic: already a bundle; extract the image first");
		goto out;
	}
	if (ampfw_elf_check(img.path, img.data, img.size, &elf))
		goto out;

	ret = AMPFW_EXIT_KEY;
	man_size = AMP_BUNDLE_MAN_HDR_SIZE + (size_t)elf.nr_load * AMP_BUNDLE_ENT_SIZE;
	signed_size = AMP_BUNDLE_HDR_SIZE + man_size;
	signed_part = calloc(1, signed_size);
	if (!signed_part) {
		ampfw_err(img.path, "out of memory");
		goto out;
	}
	if (build_signed_part(&img, &elf, target, secver, signed_part, man_size)) {
		ampfw_ossl_err(img.path, "SHA-256 failed");
		goto out;
	}
	if (sign_twice(key, cert, signed_part, signed_size, &sig, &sig_len))
		goto out;
	pad = (AMP_BUNDLE_ALIGN - img.size % AMP_BUNDLE_ALIGN) % AMP_BUNDLE_ALIGN;
	iov[0] = (struct iovec){ signed_part, signed_size };
	iov[1] = (struct iovec){ (void *)img.data, img.size };
	iov[2] = (struct iovec){ (void *)zeros, pad };
	iov[3] = (struct iovec){ sig, sig_len };
	ret = ampfw_write_file(out, iov, 4) ? AMPFW_EXIT_IO : AMPFW_EXIT_OK;
out:
	free(signed_part);
	free(sig);
	ampfw_image_close(&img);
	return ret;
}
