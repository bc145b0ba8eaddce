// SPDX-License-Identifier: GPL-2.0
/*
 * Detached CMS (PKCS#7) signatures in the form the kernel's
 * verify_pkcs7_signature() accepts with VERIFYING_MODULE_SIGNATURE:
 * content type id-data, detached content, one SignerInfo, SHA-256, RSA,
 * no signed (authenticated) attributes, so no signing time and a
 * byte-identical signature for the same input, and no certificates: the
 * signer is named by issuer and serial number and must be in a trusted
 * keyring as it is (the kernel's sign-file makes module signatures so). Verification applies the
 * same rules and trusts only a signer whose certificate was given.
 */
#include <dirent.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ampfw.h"

struct ampfw_trust {
	struct stack_st_X509 *certs;
};

/* Read every certificate in a PEM file, or the one in a DER file. */
static int read_certs(const char *path, struct stack_st_X509 *out)
{
	BIO *b = BIO_new_file(path, "rb");
	X509 *x;
	int n = 0;

	if (!b) {
		ampfw_ossl_err(path, "cannot open certificate");
		return -1;
	}
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
		sk_X509_push(out, x);
		n++;
	}
	ERR_clear_error();
	if (!n) {
		(void)BIO_reset(b);
		x = d2i_X509_bio(b, NULL);
		if (x) {
			sk_X509_push(out, x);
			n++;
		}
	}
	BIO_free(b);
	if (!n) {
		ampfw_ossl_err(path, "no X.509 certificate (PEM or DER) in file");
		return -1;
	}
	return 0;
}

static X509 *read_cert(const char *path)
{
	struct stack_st_X509 *s = sk_X509_new_null();
	X509 *x = NULL;

	if (s && !read_certs(path, s))
		x = sk_X509_shift(s);
	sk_X509_pop_free(s, X509_free);
	return x;
}

static bool is_rsa(EVP_PKEY *k)
{
	return k && EVP_PKEY_base_id(k) == EVP_PKEY_RSA;
}

int ampfw_cms_sign(const char *key_path, const char *cert_path,
		   const void *data, size_t len, uint8_t **sig, size_t *sig_len)
{
	const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOATTR |
				   CMS_NOSMIMECAP | CMS_NOCERTS | CMS_PARTIAL;
	CMS_ContentInfo *cms = NULL;
	EVP_PKEY *pkey = NULL;
	X509 *cert = NULL;
	BIO *kb, *in = NULL;
	unsigned char *der = NULL;
	int n, ret = -1;

	kb = BIO_new_file(key_path, "rb");
	if (kb)
		pkey = PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL);
	BIO_free(kb);
	if (!pkey) {
		ampfw_ossl_err(key_path, "cannot read PEM private key");
		return -1;
	}
	if (!is_rsa(pkey)) {
		ampfw_err(key_path, "key type: not RSA (stock kernels verify RSA only)");
		goto out;
	}
	cert = read_cert(cert_path);
	if (!cert)
		goto out;
	if (!X509_check_private_key(cert, pkey)) {
		ampfw_ossl_err(cert_path, "public key does not match the private key");
		goto out;
	}
	in = BIO_new_mem_buf(data, (int)len);
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	if (!in || !cms ||
	    !CMS_add1_signer(cms, cert, pkey, EVP_sha256(), flags) ||
	    !CMS_final(cms, in, NULL, flags)) {
		ampfw_ossl_err(key_path, "CMS signing failed");
		goto out;
	}
	n = i2d_CMS_ContentInfo(cms, &der);
	if (n <= 0) {
		ampfw_ossl_err(key_path, "CMS encoding failed");
		goto out;
	}
	*sig = malloc((size_t)n);
	if (!*sig) {
		ampfw_err(key_path, "out of memory");
		goto out;
	}
	memcpy(*sig, der, (size_t)n);
	*sig_len = (size_t)n;
	ret = 0;
out:
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	X509_free(cert);
	EVP_PKEY_free(pkey);
	return ret;
}

static bool cert_file_name(const char *n)
{
	static const char *const ext[] = { ".pem", ".crt", ".der", ".cer" };
	size_t len = strlen(n), i;

	for (i = 0; i < ARRAY_SIZE(ext); i++)
		if (len > 4 && !strcmp(n + len - 4, ext[i]))
			return true;
	return false;
}

struct ampfw_trust *ampfw_trust_load(const char *cert, const char *cert_dir)
{
	struct ampfw_trust *t = calloc(1, sizeof(*t));
	struct dirent *de;
	DIR *d;
	char path[4096];

	if (t)
		t->certs = sk_X509_new_null();
	if (!t || !t->certs) {
		ampfw_err(cert ? cert : cert_dir, "out of memory");
		goto fail;
	}
	if (cert && read_certs(cert, t->certs))
		goto fail;
	if (cert_dir) {
		d = opendir(cert_dir);
		if (!d) {
			ampfw_err(cert_dir, "cannot open directory: %s", strerror(errno));
			goto fail;
		}
		while ((de = readdir(d))) {
			if (!cert_file_name(de->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s", cert_dir, de->d_name);
			if (read_certs(path, t->certs)) {
				closedir(d);
				goto fail;
			}
		}
		closedir(d);
		if (!sk_X509_num(t->certs)) {
			ampfw_err(cert_dir, "no certificate files (*.pem, *.crt, *.der, *.cer)");
			goto fail;
		}
	}
	return t;
fail:
	ampfw_trust_free(t);
	return NULL;
}

void ampfw_trust_free(struct ampfw_trust *t)
{
	if (!t)
		return;
	sk_X509_pop_free(t->certs, X509_free);
	free(t);
}

static CMS_ContentInfo *parse_cms(const void *sig, size_t sig_len)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)sig_len);

	if (cms && p != (const unsigned char *)sig + sig_len) {
		CMS_ContentInfo_free(cms);
		cms = NULL;
	}
	return cms;
}

/*
 * The kernel's rules, in its order: a parseable PKCS#7 SignedData, id-data,
 * detached, no authenticated attributes, SHA-256, then a valid signature by
 * a trusted key. Returns an AMPFW_EXIT_* code.
 */
int ampfw_cms_verify(const char *path, struct ampfw_trust *t,
		     const void *sig, size_t sig_len,
		     const void *data, size_t len)
{
	CMS_ContentInfo *cms = parse_cms(sig, sig_len);
	struct stack_st_CMS_SignerInfo *sis;
	CMS_SignerInfo *si;
	X509_ALGOR *dig = NULL, *salg = NULL;
	EVP_PKEY *pk = NULL;
	struct x509_st *signer = NULL, *anchor = NULL;
	struct asn1_string_st **content;
	BIO *in = NULL;
	int i, ret = AMPFW_EXIT_SIG;

	if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		ampfw_ossl_err(path, "signature: not a DER PKCS#7 SignedData");
		goto out;
	}
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data) {
		ampfw_err(path, "signature: content type is not id-data");
		goto out;
	}
	content = CMS_get0_content(cms);
	if (!content || *content) {
		ampfw_err(path, "signature: not detached (it embeds content)");
		goto out;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1) {
		ampfw_err(path, "signature: %d SignerInfos, exactly 1 is supported",
			  sk_CMS_SignerInfo_num(sis));
		goto out;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	if (CMS_signed_get_attr_count(si) >= 0) {
		ampfw_err(path, "signature: has authenticated attributes (the kernel refuses them for VERIFYING_MODULE_SIGNATURE)");
		goto out;
	}
	CMS_SignerInfo_get0_algs(si, &pk, &signer, &dig, &salg);
	if (!dig || OBJ_obj2nid(dig->algorithm) != NID_sha256) {
		ampfw_err(path, "signature: digest algorithm is not SHA-256");
		goto out;
	}
	for (i = 0; i < sk_X509_num(t->certs); i++) {
		if (!CMS_SignerInfo_cert_cmp(si, sk_X509_value(t->certs, i))) {
			anchor = sk_X509_value(t->certs, i);
			break;
		}
	}
	if (!anchor) {
		ampfw_err(path, "signature: signer is not a trusted certificate (wrong key)");
		goto out;
	}
	if (!is_rsa(X509_get0_pubkey(anchor))) {
		ampfw_err(path, "signature: trusted signer key is not RSA");
		goto out;
	}
	in = BIO_new_mem_buf(data, (int)len);
	if (!in) {
		ret = AMPFW_EXIT_KEY;
		ampfw_err(path, "out of memory");
		goto out;
	}
	CMS_SignerInfo_set1_signer_cert(si, anchor);
	if (CMS_verify(cms, t->certs, NULL, in, NULL,
		       CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN) != 1) {
		ampfw_ossl_err(path, "signature: does not verify over header and manifest");
		goto out;
	}
	ret = AMPFW_EXIT_OK;
out:
	ERR_clear_error();
	BIO_free(in);
	CMS_ContentInfo_free(cms);
	return ret;
}

/* One-line description of the signer, for inspect. */
int ampfw_cms_signer(const void *sig, size_t sig_len, char *buf, size_t cap)
{
	CMS_ContentInfo *cms = parse_cms(sig, sig_len);
	struct stack_st_CMS_SignerInfo *sis;
	struct stack_st_X509 *certs = NULL;
	ASN1_OCTET_STRING *keyid = NULL;
	ASN1_INTEGER *sno = NULL;
	X509_NAME *issuer = NULL;
	CMS_SignerInfo *si;
	int i, ret = -1;

	snprintf(buf, cap, "unknown");
	if (!cms)
		goto out;
	sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) < 1)
		goto out;
	si = sk_CMS_SignerInfo_value(sis, 0);
	certs = CMS_get1_certs(cms);
	for (i = 0; i < sk_X509_num(certs); i++) {
		if (!CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i))) {
			X509_NAME_oneline(X509_get_subject_name(sk_X509_value(certs, i)),
					  buf, (int)cap);
			ret = 0;
			goto out;
		}
	}
	if (CMS_SignerInfo_get0_signer_id(si, &keyid, &issuer, &sno) && issuer) {
		char name[256];

		X509_NAME_oneline(issuer, name, sizeof(name));
		snprintf(buf, cap, "issuer %s (certificate not included)", name);
		ret = 0;
	}
out:
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return ret;
}
