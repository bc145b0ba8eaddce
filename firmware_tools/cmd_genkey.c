// SPDX-License-Identifier: GPL-2.0
/*
 * ampfw genkey: a development RSA key and a self-signed certificate that
 * the kernel's X.509 parser and the asymmetric key type accept (v3,
 * SHA-256 with RSA, subjectKeyIdentifier and authorityKeyIdentifier for key
 * lookup, keyUsage digitalSignature). Every name in it says it is not for
 * production.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ampfw.h"

static const char help[] =
	"usage: ampfw genkey --key KEY.pem --cert CERT.pem [--bits N] [--cn NAME]\n"
	"\n"
	"Make a DEVELOPMENT RSA key (default 3072 bits; 2048 or 4096 also work) and a\n"
	"self-signed X.509 certificate for it, valid for 30 years, labelled NOT FOR\n"
	"PRODUCTION. Existing files are not overwritten. Load the certificate into\n"
	"the kernel with keyctl (see docs/signing.md):\n"
	"  openssl x509 -in CERT.pem -outform DER | keyctl padd asymmetric '' %:amp_firmware\n"
	"\n"
	"exit codes: 0 ok, 2 usage, 3 I/O (a file exists or cannot be written),\n"
	"  4 OpenSSL error\n";

static int add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

static X509 *make_cert(EVP_PKEY *pkey, const char *cn)
{
	X509 *x = X509_new();
	X509_NAME *name;
	BIGNUM *bn = BN_new();

	if (!x || !bn || !X509_set_version(x, 2) ||
	    !BN_rand(bn, 127, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) ||
	    !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 30L * 365 * 24 * 3600) ||
	    !X509_set_pubkey(x, pkey))
		goto fail;
	name = X509_get_subject_name(x);
	if (!X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
					(const unsigned char *)"ampipc development - NOT FOR PRODUCTION",
					-1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(x, name))
		goto fail;
	if (add_ext(x, NID_basic_constraints, "critical,CA:FALSE") ||
	    add_ext(x, NID_key_usage, "critical,digitalSignature") ||
	    add_ext(x, NID_ext_key_usage, "codeSigning") ||
	    add_ext(x, NID_subject_key_identifier, "hash") ||
	    add_ext(x, NID_authority_key_identifier, "keyid:always") ||
	    add_ext(x, NID_netscape_comment, "ampipc development firmware signing key: NOT FOR PRODUCTION"))
		goto fail;
	if (!X509_sign(x, pkey, EVP_sha256()))
		goto fail;
	BN_free(bn);
	return x;
fail:
	BN_free(bn);
	X509_free(x);
	return NULL;
}

/* Create path exclusively with the given mode. */
static FILE *create_new(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	FILE *f;

	if (fd < 0) {
		ampfw_err(path, "cannot create%s: %s",
			  errno == EEXIST ? " (not overwriting)" : "", strerror(errno));
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	return f;
}

int ampfw_cmd_genkey(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "bits", required_argument, NULL, 'b' },
		{ "cn", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key = NULL, *cert = NULL;
	const char *cn = "ampipc firmware signing (development, NOT FOR PRODUCTION)";
	EVP_PKEY *pkey = NULL;
	X509 *x = NULL;
	FILE *kf = NULL, *cf = NULL;
	uint32_t bits = 3072;
	int c, ret = AMPFW_EXIT_KEY;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			key = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'n':
			cn = optarg;
			break;
		case 'b':
			if (!ampfw_parse_u32(optarg, &bits) ||
			    (bits != 2048 && bits != 3072 && bits != 4096)) {
				ampfw_err("--bits", "'%s' is not 2048, 3072 or 4096", optarg);
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
	if (optind != argc || !key || !cert) {
		fprintf(stderr, "ampfw genkey: --key and --cert are required\n");
		fputs(help, stderr);
		return AMPFW_EXIT_USAGE;
	}
	pkey = EVP_RSA_gen(bits);
	if (!pkey) {
		ampfw_ossl_err(key, "RSA key generation failed");
		goto out;
	}
	x = make_cert(pkey, cn);
	if (!x) {
		ampfw_ossl_err(cert, "certificate creation failed");
		goto out;
	}
	ret = AMPFW_EXIT_IO;
	kf = create_new(key, 0600);
	if (!kf)
		goto out;
	cf = create_new(cert, 0644);
	if (!cf) {
		fclose(kf);
		kf = NULL;
		unlink(key);
		goto out;
	}
	c = PEM_write_PrivateKey(kf, pkey, NULL, NULL, 0, NULL, NULL) &&
	    PEM_write_X509(cf, x);
	c = !fclose(kf) & !fclose(cf) & c;
	if (!c) {
		kf = cf = NULL;
		ampfw_err(key, "cannot write key or certificate");
		unlink(key);
		unlink(cert);
		goto out;
	}
	kf = cf = NULL;
	fprintf(stderr, "ampfw: %s, %s: DEVELOPMENT key and certificate, NOT FOR PRODUCTION\n",
		key, cert);
	ret = AMPFW_EXIT_OK;
out:
	if (kf)
		fclose(kf);
	if (cf)
		fclose(cf);
	X509_free(x);
	EVP_PKEY_free(pkey);
	return ret;
}
