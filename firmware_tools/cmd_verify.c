// SPDX-License-Identifier: GPL-2.0
/*
 * ampfw verify: check a bundle the way amp_bundle_load() does, in the same
 * order: structure (the shared parser), signature over header and manifest,
 * target, security version, ELF header and program header digest, the
 * digest of the bytes outside the segments, each segment's digest.
 */
#include <getopt.h>
#include <string.h>

#include "ampfw.h"

static const char help[] =
	"usage: ampfw verify BUNDLE (--cert CERT | --cert-dir DIR) [--target STR]\n"
	"                    [--min-version N]\n"
	"\n"
	"Exit 0 only if the kernel would accept BUNDLE for a processor whose target is\n"
	"STR (not checked when --target is absent) and whose security-version floor\n"
	"is N (default 0), with the certificate CERT (PEM or DER; a PEM file may hold\n"
	"several), or every *.pem, *.crt, *.der, *.cer file in DIR, as trusted keys.\n"
	"\n"
	"exit codes: 0 accepted, 1 malformed bundle, 2 usage, 3 I/O, 4 certificate\n"
	"  unusable, 5 bad or untrusted signature, 6 wrong target or security version\n"
	"  below N, 7 a digest does not match the manifest\n";

static int check_digest(const char *path, const uint8_t *want,
			const uint8_t *got, enum amp_bundle_status st,
			unsigned int index)
{
	if (!memcmp(want, got, AMP_BUNDLE_DIGEST_SIZE))
		return AMPFW_EXIT_OK;
	if (st == AMP_BUNDLE_V_SEGMENT)
		ampfw_err(path, "%s (entry %u)", amp_bundle_status_str(st), index);
	else
		ampfw_err(path, "%s", amp_bundle_status_str(st));
	return AMPFW_EXIT_DIGEST;
}

static int verify_digests(const char *path, const struct amp_bundle *b)
{
	struct amp_bundle_entry ent;
	struct amp_fw_seg seg;
	unsigned int cursor = 0, i = 0;
	uint8_t d[AMP_BUNDLE_DIGEST_SIZE];
	int ret;

	if (ampfw_headers_digest(&b->elf, d))
		goto fail;
	ret = check_digest(path, b->headers_digest, d, AMP_BUNDLE_V_HEADERS, 0);
	if (ret)
		return ret;
	if (ampfw_rest_digest(&b->elf, d))
		goto fail;
	ret = check_digest(path, b->rest_digest, d, AMP_BUNDLE_V_REST, 0);
	if (ret)
		return ret;
	while (amp_fw_elf_next_load(&b->elf, &cursor, &seg)) {
		amp_bundle_entry(b, i, &ent);
		if (ampfw_segment_digest(&b->elf, &seg, d))
			goto fail;
		ret = check_digest(path, ent.digest, d, AMP_BUNDLE_V_SEGMENT, i);
		if (ret)
			return ret;
		i++;
	}
	return AMPFW_EXIT_OK;
fail:
	ampfw_ossl_err(path, "SHA-256 failed");
	return AMPFW_EXIT_KEY;
}

int ampfw_cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cert", required_argument, NULL, 'c' },
		{ "cert-dir", required_argument, NULL, 'd' },
		{ "target", required_argument, NULL, 't' },
		{ "min-version", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cert = NULL, *cert_dir = NULL, *target = NULL;
	struct ampfw_trust *trust = NULL;
	struct ampfw_image img;
	struct amp_bundle b;
	uint32_t floor = 0;
	char signer[256];
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cert = optarg;
			break;
		case 'd':
			cert_dir = optarg;
			break;
		case 't':
			target = optarg;
			break;
		case 'm':
			if (!ampfw_parse_u32(optarg, &floor)) {
				ampfw_err("--min-version", "'%s' is not a number from 0 to 4294967295", optarg);
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
	if (optind != argc - 1 || (!cert && !cert_dir)) {
		fprintf(stderr, "ampfw verify: BUNDLE and --cert or --cert-dir are required\n");
		fputs(help, stderr);
		return AMPFW_EXIT_USAGE;
	}
	ret = ampfw_bundle_open(&img, argv[optind], &b,
				"not a bundle (a plain image is refused while signatures are enforced)");
	if (ret)
		return ret;
	ret = AMPFW_EXIT_KEY;
	trust = ampfw_trust_load(cert, cert_dir);
	if (!trust)
		goto out;
	ret = ampfw_cms_verify(img.path, trust, b.sig, b.sig_size, b.data,
			       b.signed_size);
	if (ret)
		goto out;
	ret = AMPFW_EXIT_POLICY;
	if (target && (strlen(target) != b.target_len ||
		       memcmp(target, b.target, b.target_len))) {
		ampfw_err(img.path, "target: '%.*s' is not '%s'", (int)b.target_len,
			  b.target, target);
		goto out;
	}
	if (b.security_version < floor) {
		ampfw_err(img.path, "security_version: %u is below the floor %u (rollback)",
			  b.security_version, floor);
		goto out;
	}
	ret = verify_digests(img.path, &b);
	if (ret)
		goto out;
	ampfw_cms_signer(b.sig, b.sig_size, signer, sizeof(signer));
	printf("%s: OK: target %.*s, security version %u, %u segments, signer %s\n",
	       img.path, (int)b.target_len, b.target, b.security_version,
	       b.nr_entries, signer);
out:
	ampfw_trust_free(trust);
	ampfw_image_close(&img);
	return ret;
}
