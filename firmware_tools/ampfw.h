/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampfw: the signed firmware bundle tool. Declarations shared by its files.
 */
#ifndef AMPFW_H
#define AMPFW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ampipc/bundle.h>
#include <ampipc/fwparse.h>

#ifndef __printf
#define __printf(a, b)	AMP_HOST_ATTRIBUTE(__format__(printf, a, b))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Exit codes (documented in ampfw.1 and --help). */
enum ampfw_exit {
	AMPFW_EXIT_OK = 0,
	AMPFW_EXIT_INVALID = 1,	/* input malformed: the shared parser rejects it */
	AMPFW_EXIT_USAGE = 2,	/* bad command line */
	AMPFW_EXIT_IO = 3,	/* a file cannot be read or written */
	AMPFW_EXIT_KEY = 4,	/* key or certificate unusable, OpenSSL failure */
	AMPFW_EXIT_SIG = 5,	/* signature invalid or signer not trusted */
	AMPFW_EXIT_POLICY = 6,	/* wrong target or security version too low */
	AMPFW_EXIT_DIGEST = 7,	/* a digest does not match the manifest */
};

/* Error reporting: "ampfw: FILE: message" on stderr. */
void ampfw_err(const char *file, const char *fmt, ...) __printf(2, 3);
void ampfw_ossl_err(const char *file, const char *what);

/* image_input.c: an input file mapped or reassembled in memory. */
enum ampfw_kind {
	AMPFW_KIND_ELF,
	AMPFW_KIND_MBN,
	AMPFW_KIND_MDT,
	AMPFW_KIND_BUNDLE,
};

struct ampfw_image {
	const char *path;
	enum ampfw_kind kind;
	const uint8_t *data;
	size_t size;
	void *map;		/* mmap of the file, or NULL */
	size_t map_size;
	uint8_t *owned;		/* malloc'd reassembly of a split image */
	unsigned int nr_parts;	/* .bNN files read for a split image */
};

int ampfw_image_open(struct ampfw_image *img, const char *path);
void ampfw_image_close(struct ampfw_image *img);
int ampfw_bundle_open(struct ampfw_image *img, const char *path,
		      struct amp_bundle *b, const char *not_bundle);
const char *ampfw_kind_name(enum ampfw_kind kind);
struct iovec;
int ampfw_write_file(const char *path, const struct iovec *iov, int n);
void ampfw_put_le(uint8_t *p, unsigned int width, uint64_t v);
bool ampfw_target_ok(const char *s);
int ampfw_elf_check(const char *path, const uint8_t *data, size_t size,
		    struct amp_fw_elf *elf);
void ampfw_report_bundle(const char *path, const struct amp_bundle_diag *d);

/* digest.c: SHA-256 of the regions a manifest covers. */
int ampfw_sha256(const void *data, size_t len, uint8_t out[32]);
int ampfw_headers_digest(const struct amp_fw_elf *elf, uint8_t out[32]);
int ampfw_rest_digest(const struct amp_fw_elf *elf, uint8_t out[32]);
int ampfw_segment_digest(const struct amp_fw_elf *elf,
			 const struct amp_fw_seg *seg, uint8_t out[32]);

/* cms_sign.c: detached CMS signatures as the kernel verifies them. */
struct ampfw_trust;

int ampfw_cms_sign(const char *key_path, const char *cert_path,
		   const void *data, size_t len, uint8_t **sig, size_t *sig_len);
struct ampfw_trust *ampfw_trust_load(const char *cert, const char *cert_dir);
void ampfw_trust_free(struct ampfw_trust *t);
int ampfw_cms_verify(const char *path, struct ampfw_trust *t,
		     const void *sig, size_t sig_len,
		     const void *data, size_t len);
int ampfw_cms_signer(const void *sig, size_t sig_len, char *buf, size_t cap);

/* json_out.c: a small streaming JSON writer. */
struct ampfw_json {
	FILE *f;
	unsigned int depth;
	bool need_comma;
};

void ampfw_json_begin(struct ampfw_json *j, FILE *f);
void ampfw_json_end(struct ampfw_json *j);
void ampfw_json_obj(struct ampfw_json *j, const char *key);
void ampfw_json_arr(struct ampfw_json *j, const char *key);
void ampfw_json_close_obj(struct ampfw_json *j);
void ampfw_json_close_arr(struct ampfw_json *j);
void ampfw_json_str(struct ampfw_json *j, const char *key, const char *val);
void ampfw_json_strn(struct ampfw_json *j, const char *key, const char *val,
		     size_t len);
void ampfw_json_u64(struct ampfw_json *j, const char *key, uint64_t val);
void ampfw_json_hex(struct ampfw_json *j, const char *key, uint64_t val);
void ampfw_json_bool(struct ampfw_json *j, const char *key, bool val);
void ampfw_json_bytes(struct ampfw_json *j, const char *key, const uint8_t *p,
		      size_t len);

/* Subcommands. */
int ampfw_cmd_create(int argc, char **argv);
int ampfw_cmd_verify(int argc, char **argv);
int ampfw_cmd_inspect(int argc, char **argv);
int ampfw_cmd_extract(int argc, char **argv);
int ampfw_cmd_genkey(int argc, char **argv);

/* Parse an unsigned decimal or 0x number into *out; false if invalid. */
bool ampfw_parse_u32(const char *s, uint32_t *out);

#endif /* AMPFW_H */
