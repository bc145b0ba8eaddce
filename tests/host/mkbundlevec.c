// SPDX-License-Identifier: GPL-2.0
/*
 * Test material for signed bundles, made on the host:
 *
 *   mkbundlevec images DIR
 *	the generated test images: DIR/<case>-<format>.elf for the standard,
 *	full resource table, bss-only and Qualcomm cases in all four ELF
 *	formats; DIR/qcom.mbn; DIR/qcom-split.elf, the Qualcomm image laid
 *	out as vendors do (hash segment after the headers), and its split
 *	form DIR/qcom.mdt (headers and hash segment) with DIR/qcom.bNN
 *	(program header N's file bytes).
 *   mkbundlevec tamper GOOD DIR
 *	every case of the shared tamper matrix (tests/common/bundle_tamper.c)
 *	as DIR/<name>.bin, and DIR/cases.txt with "name exit_code" lines.
 *   mkbundlevec authattrs GOOD KEY CERT OUT
 *	GOOD re-signed with CMS signed attributes (the signing-time kind that
 *	VERIFYING_FIRMWARE_SIGNATURE wants): the pairing ampipc must refuse.
 *   mkbundlevec big OUT MB
 *	an ELF32 LE image with one loadable segment of MB MiB at the
 *	generator's base device address, for load-time measurements.
 *   mkbundlevec header OUT NAME=FILE...
 *	a C header with one byte array per file (a .pem certificate is
 *	converted to DER), for the amp_bundle KUnit suite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "bundle_tamper.h"
#include "elfgen.h"
#include "fwcases.h"

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

static u8 *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	long n = -1;

	if (f && !fseek(f, 0, SEEK_END))
		n = ftell(f);
	if (n >= 0 && !fseek(f, 0, SEEK_SET))
		buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static int cmd_images(const char *dir)
{
	static const char *const names[] = {
		"valid_std", "valid_full_rsc", "valid_bss_only", "valid_qcom",
	};
	static u8 buf[AMP_FWCASE_IMG_MAX];
	struct amp_fwcase_img img;
	char path[4096];
	unsigned int i, fmt;
	struct amp_fw_seg seg;
	struct amp_fw_diag d;
	struct amp_fw_elf elf;
	size_t mdt_size, hdr_end, pos;
	unsigned int pass;
	u8 *split;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct amp_fwcase *fc = amp_fwcase_find(names[i]);

		for (fmt = 0; fc && fmt < AMP_FWCASE_NR_FORMATS; fmt++) {
			if (amp_fwcase_build(fc, fmt, &img, buf, sizeof(buf)))
				return 1;
			snprintf(path, sizeof(path), "%s/%s-%s.elf", dir, names[i],
				 amp_fwcase_format_name(fmt));
			if (write_file(path, buf, img.size))
				return 1;
		}
	}
	/* Qualcomm: ELF32 LE, as vendors ship it, single and split. */
	if (amp_fwcase_build(amp_fwcase_find("valid_qcom"), 0, &img, buf, sizeof(buf)))
		return 1;
	snprintf(path, sizeof(path), "%s/qcom.mbn", dir);
	if (write_file(path, buf, img.size))
		return 1;
	if (amp_fw_elf_parse(&elf, buf, img.size, &img.lim, &d) || elf.hash_index < 0)
		return 1;
	/*
	 * The split form, laid out as vendors do: the hash segment right after
	 * the program headers, then the loadable segments. qcom-split.elf is
	 * that single image; the .mdt is its first part (headers and hash
	 * segment), and qcom.bNN holds program header N's file bytes.
	 */
	split = calloc(1, sizeof(buf) * 2);
	if (!split)
		return 1;
	hdr_end = img.lay.phoff + (size_t)img.lay.phnum * 32;
	memcpy(split, buf, hdr_end);
	pos = (hdr_end + 15) & ~(size_t)15;
	mdt_size = 0;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < elf.phnum; i++) {
			if (amp_fw_elf_phdr(&elf, i, &seg))
				return 1;
			/* Pass 0 places the hash segment, pass 1 the others. */
			if (!seg.filesz || ((int)i == elf.hash_index) != (pass == 0))
				continue;
			memcpy(split + pos, buf + seg.offset, seg.filesz);
			amp_eg_put(split + img.lay.phoff + (size_t)i * 32 + 4, 4, pos, false);
			pos = (pos + seg.filesz + 15) & ~(size_t)15;
		}
		if (pass == 0)
			mdt_size = pos;
	}
	if (amp_fw_elf_parse(&elf, split, pos, &img.lim, &d)) {
		fprintf(stderr, "split image rejected: %s\n", amp_fw_status_str(d.status));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/qcom-split.elf", dir);
	if (write_file(path, split, pos))
		return 1;
	snprintf(path, sizeof(path), "%s/qcom.mdt", dir);
	if (write_file(path, split, mdt_size))
		return 1;
	for (i = 0; i < elf.phnum; i++) {
		if (amp_fw_elf_phdr(&elf, i, &seg))
			return 1;
		if (!seg.filesz)
			continue;
		snprintf(path, sizeof(path), "%s/qcom.b%02u", dir, i);
		if (write_file(path, split + seg.offset, seg.filesz))
			return 1;
	}
	free(split);
	return 0;
}

static int cmd_tamper(const char *good_path, const char *dir)
{
	struct amp_tamper_case tc;
	size_t size, cap;
	unsigned int i, n;
	char path[4096];
	u8 *good, *out;
	FILE *list;

	good = read_file(good_path, &size);
	if (!good)
		return 1;
	cap = 2 * size + 4096;
	out = malloc(cap);
	snprintf(path, sizeof(path), "%s/cases.txt", dir);
	if (mkdir(dir, 0755) && errno != EEXIST)
		perror(dir);
	list = fopen(path, "w");
	if (!out || !list) {
		perror(path);
		return 1;
	}
	n = amp_tamper_count(good, size);
	for (i = 0; i < n; i++) {
		if (amp_tamper_make(i, good, size, out, cap, &tc)) {
			fprintf(stderr, "tamper case %u failed\n", i);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/%s.bin", dir, tc.name);
		if (write_file(path, out, tc.size))
			return 1;
		fprintf(list, "%s %d\n", tc.name, tc.exit_code);
	}
	fclose(list);
	free(out);
	free(good);
	return 0;
}

/* Sign data with signed attributes (no CMS_NOATTR). */
static unsigned char *sign_attrs(EVP_PKEY *k, X509 *x, const u8 *data,
				 size_t len, int *der_len)
{
	const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
	BIO *in = BIO_new_mem_buf(data, (int)len);
	CMS_ContentInfo *cms = in ? CMS_sign(x, k, NULL, in, flags) : NULL;
	unsigned char *der = NULL;

	*der_len = cms ? i2d_CMS_ContentInfo(cms, &der) : -1;
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return *der_len > 0 ? der : NULL;
}

static int cmd_authattrs(const char *good_path, const char *key_path,
			 const char *cert_path, const char *out_path)
{
	size_t size, signed_size, sig_off;
	unsigned char *der = NULL;
	EVP_PKEY *k = NULL;
	X509 *x = NULL;
	FILE *f;
	u8 *b, *out;
	int len = 0, len2, pass, ret = 1;

	b = read_file(good_path, &size);
	f = fopen(key_path, "r");
	if (f) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	f = fopen(cert_path, "r");
	if (f) {
		x = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!b || !k || !x)
		goto out;
	signed_size = AMP_BUNDLE_HDR_SIZE + amp_eg_load(b + AMP_BUNDLE_OFF_MAN_SIZE, 4, false);
	sig_off = amp_eg_load(b + AMP_BUNDLE_OFF_SIG_OFF, 8, false);
	/* Twice: sig_size is signed too; retry until the length is stable. */
	for (pass = 0; pass < 4; pass++) {
		amp_eg_put(b + AMP_BUNDLE_OFF_SIG_SIZE, 4, (u64)len, false);
		OPENSSL_free(der);
		der = sign_attrs(k, x, b, signed_size, &len2);
		if (!der)
			goto out;
		if (len2 == len)
			break;
		len = len2;
	}
	if (len2 != len)
		goto out;
	out = malloc(sig_off + (size_t)len);
	if (!out)
		goto out;
	memcpy(out, b, sig_off);
	memcpy(out + sig_off, der, (size_t)len);
	ret = write_file(out_path, out, sig_off + (size_t)len) ? 1 : 0;
	free(out);
out:
	if (ret)
		fprintf(stderr, "authattrs: cannot re-sign %s\n", good_path);
	OPENSSL_free(der);
	EVP_PKEY_free(k);
	X509_free(x);
	free(b);
	return ret;
}

static int cmd_big(const char *out, const char *mb_str)
{
	unsigned long mb = strtoul(mb_str, NULL, 10);
	size_t cap = (mb << 20) + 4096;
	struct amp_eg_layout lay;
	struct amp_eg_desc d;
	u8 *buf;
	int ret = 1;

	if (!mb || mb > 1024)
		return 2;
	buf = calloc(1, cap);
	if (!buf)
		return 1;
	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.nr_segs = 1;
	d.segs[0].filesz = mb << 20;
	d.segs[0].memsz = mb << 20;
	d.no_sections = true;
	if (!amp_eg_build(&d, buf, cap, &lay))
		ret = write_file(out, buf, lay.size) ? 1 : 0;
	free(buf);
	return ret;
}

static int emit_array(FILE *o, const char *name, const u8 *p, size_t n)
{
	size_t i;

	fprintf(o, "static const u8 %s[] = {", name);
	for (i = 0; i < n; i++)
		fprintf(o, "%s0x%02x,", i % 12 ? " " : "\n\t", p[i]);
	fprintf(o, "\n};\n\n");
	return 0;
}

static int cmd_header(const char *out_path, int argc, char **argv)
{
	FILE *o = fopen(out_path, "w");
	int i;

	if (!o) {
		perror(out_path);
		return 1;
	}
	fprintf(o, "/* SPDX-License-Identifier: GPL-2.0 */\n"
		   "/* Generated by tests/host/mkbundlevec; do not edit. */\n\n");
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n = 0;
		u8 *data;

		if (!eq)
			return 1;
		*eq = 0;
		data = read_file(eq + 1, &n);
		if (!data)
			return 1;
		if (strstr(eq + 1, ".pem")) {
			BIO *bio = BIO_new_mem_buf(data, (int)n);
			X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
			unsigned char *der = NULL;
			int len = x ? i2d_X509(x, &der) : -1;

			BIO_free(bio);
			X509_free(x);
			if (len <= 0)
				return 1;
			emit_array(o, argv[i], der, (size_t)len);
			OPENSSL_free(der);
		} else {
			emit_array(o, argv[i], data, n);
		}
		free(data);
	}
	return fclose(o) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "images"))
		return cmd_images(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "tamper"))
		return cmd_tamper(argv[2], argv[3]);
	if (argc == 6 && !strcmp(argv[1], "authattrs"))
		return cmd_authattrs(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 4 && !strcmp(argv[1], "big"))
		return cmd_big(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "header"))
		return cmd_header(argv[2], argc - 3, argv + 3);
	fprintf(stderr, "usage: mkbundlevec images DIR | tamper GOOD DIR |\n"
			"       authattrs GOOD KEY CERT OUT | big OUT MB |\n"
			"       header OUT NAME=FILE...\n");
	return 2;
}
