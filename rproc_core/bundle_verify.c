// SPDX-License-Identifier: GPL-2.0
/*
 * Signed firmware bundle verification and loading (docs/bundle-format.md).
 *
 * amp_bundle_load() takes the place of amp_elf_load(). A file that starts
 * with the bundle magic is a bundle and is verified in this order before
 * anything becomes runnable: structure (the shared parser), the PKCS#7
 * signature over header and manifest, target, security version, the digest
 * of the ELF header and program headers, the digest of the ELF bytes outside
 * the segments; then each segment is hashed while it is copied into device
 * memory. Any failure scrubs what was written and names the field or
 * segment. A file without the magic is a plain ELF, loaded only when
 * signatures are not enforced (sig_enforce=0, not requested by the
 * processor, kernel not locked down).
 *
 * Trust: the kernel's builtin and secondary keyrings, and the "amp_firmware"
 * keyring this module creates, which root provisions with keyctl
 * (docs/signing.md). trusted_keyrings selects which of them count. Under
 * lockdown the amp_firmware keyring accepts no new keys and is not trusted,
 * so only keys the kernel itself vouches for sign firmware.
 */
#include <crypto/hash.h>
#include <keys/asymmetric-type.h>
#include <linux/cred.h>
#include <linux/device.h>
#include <linux/key.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/verification.h>

#include <ampipc/bundle_load.h>

#include "bundle_internal.h"

#define AMP_TRUST_SYSTEM	BIT(0)	/* builtin + secondary keyrings */
#define AMP_TRUST_AMP		BIT(1)	/* the amp_firmware keyring */

static bool sig_enforce = true;
module_param(sig_enforce, bool, 0644);
MODULE_PARM_DESC(sig_enforce,
		 "Refuse firmware that is not a signed bundle (default on; always on under lockdown)");

static unsigned int trusted_keyrings = AMP_TRUST_SYSTEM | AMP_TRUST_AMP;
module_param(trusted_keyrings, uint, 0444);
MODULE_PARM_DESC(trusted_keyrings,
		 "Keyrings whose keys may sign firmware: bit 0 the kernel's builtin and secondary keyrings, bit 1 amp_firmware (default 3)");

static struct key *amp_fw_keyring;

static bool amp_bundle_locked_down(void)
{
	return security_locked_down(LOCKDOWN_MODULE_SIGNATURE) != 0;
}

static int amp_fw_keyring_get(char *buf, const struct kernel_param *kp)
{
	int serial = 0;

#ifdef CONFIG_SYSTEM_DATA_VERIFICATION
	if (amp_fw_keyring)
		serial = (int)amp_fw_keyring->serial;
#endif
	return sysfs_emit(buf, "%d\n", serial);
}

static const struct kernel_param_ops amp_fw_keyring_ops = {
	.get = amp_fw_keyring_get,
};
module_param_cb(fw_keyring, &amp_fw_keyring_ops, NULL, 0444);
MODULE_PARM_DESC(fw_keyring, "Serial of the amp_firmware keyring (read-only)");

/**
 * amp_bundle_keyring() - the amp_firmware keyring
 *
 * Root provisions firmware signing certificates into it with keyctl; in
 * the kernel, key_create_or_update() on it does the same (tests do).
 *
 * Return: the keyring (no reference is taken; it lives as long as
 * amp_rproc), or NULL if keys are not supported.
 */
struct key *amp_bundle_keyring(void)
{
	return amp_fw_keyring;
}
EXPORT_SYMBOL_GPL(amp_bundle_keyring);

/*
 * Keyrings and PKCS#7 verification exist where SYSTEM_DATA_VERIFICATION is
 * set (it selects KEYS, ASYMMETRIC_KEY_TYPE, X509 and PKCS7); every Debian
 * kernel has it. Elsewhere bundles are refused with -ENOPKG.
 */
#ifdef CONFIG_SYSTEM_DATA_VERIFICATION
/* Restriction of the amp_firmware keyring: X.509 keys, never under lockdown. */
static int amp_fw_keyring_restrict(struct key *keyring,
				   const struct key_type *type,
				   const union key_payload *payload,
				   struct key *restriction_key)
{
	if (amp_bundle_locked_down())
		return -EPERM;
	if (type != &key_type_asymmetric)
		return -EOPNOTSUPP;
	return 0;
}

int amp_bundle_init(void)
{
	struct key_restriction *restrict_link;
	struct key *keyring;

	restrict_link = kzalloc(sizeof(*restrict_link), GFP_KERNEL);
	if (!restrict_link)
		return -ENOMEM;
	restrict_link->check = amp_fw_keyring_restrict;
	keyring = keyring_alloc("amp_firmware", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
				current_cred(),
				(KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_VIEW |
				KEY_USR_READ | KEY_USR_WRITE | KEY_USR_SEARCH,
				KEY_ALLOC_NOT_IN_QUOTA, restrict_link, NULL);
	if (IS_ERR(keyring)) {
		kfree(restrict_link);
		return PTR_ERR(keyring);
	}
	amp_fw_keyring = keyring;
	return 0;
}

void amp_bundle_exit(void)
{
	if (!amp_fw_keyring)
		return;
	/* Revoked: nothing links into it while the key GC frees it. */
	key_revoke(amp_fw_keyring);
	key_put(amp_fw_keyring);
	amp_fw_keyring = NULL;
}

static int amp_bundle_check_sig(struct device *dev, const struct amp_bundle *b)
{
	unsigned int trust = READ_ONCE(trusted_keyrings);
	int ret = -ENOKEY;

	/*
	 * No authenticated attributes (no signing time): the bundle's
	 * signature is made like a module signature (openssl cms -noattr), and
	 * VERIFYING_MODULE_SIGNATURE is the usage that requires exactly that.
	 */
	if ((trust & AMP_TRUST_AMP) && amp_fw_keyring && !amp_bundle_locked_down())
		ret = verify_pkcs7_signature(b->data, b->signed_size, b->sig,
					     b->sig_size, amp_fw_keyring,
					     VERIFYING_MODULE_SIGNATURE, NULL,
					     NULL);
	if (ret == -ENOKEY && (trust & AMP_TRUST_SYSTEM))
		ret = verify_pkcs7_signature(b->data, b->signed_size, b->sig,
					     b->sig_size,
					     VERIFY_USE_SECONDARY_KEYRING,
					     VERIFYING_MODULE_SIGNATURE, NULL,
					     NULL);
	if (ret == -ENOMEM)
		dev_err(dev, "bundle refused: out of memory checking its signature\n");
	else if (ret)
		dev_err(dev, "bundle refused: signature: %s (%d%s)\n",
			amp_bundle_status_str(AMP_BUNDLE_V_SIGNATURE), ret,
			ret == -ENOKEY ? ", signer not in a trusted keyring" : "");
	return ret;
}
#else /* !CONFIG_SYSTEM_DATA_VERIFICATION */
int amp_bundle_init(void)
{
	return 0;
}

void amp_bundle_exit(void)
{
}

static int amp_bundle_check_sig(struct device *dev, const struct amp_bundle *b)
{
	dev_err(dev, "bundle refused: this kernel has no PKCS#7 verification (CONFIG_SYSTEM_DATA_VERIFICATION)\n");
	return -ENOPKG;
}
#endif /* CONFIG_SYSTEM_DATA_VERIFICATION */

/* SHA-256 state shared by the digest checks and the segment hook. */
struct amp_bundle_hash {
	struct device *dev;
	const struct amp_bundle *b;
	struct shash_desc *desc;
	unsigned int entry;
};

static int amp_bundle_hash_init(struct amp_bundle_hash *h)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha256", 0, 0);

	if (IS_ERR(tfm)) {
		dev_err(h->dev, "bundle refused: no sha256 (%ld)\n", PTR_ERR(tfm));
		return PTR_ERR(tfm);
	}
	h->desc = kzalloc(sizeof(*h->desc) + crypto_shash_descsize(tfm),
			  GFP_KERNEL);
	if (!h->desc) {
		crypto_free_shash(tfm);
		return -ENOMEM;
	}
	h->desc->tfm = tfm;
	return 0;
}

static void amp_bundle_hash_free(struct amp_bundle_hash *h)
{
	if (!h->desc)
		return;
	crypto_free_shash(h->desc->tfm);
	kfree_sensitive(h->desc);
	h->desc = NULL;
}

static int amp_bundle_compare(struct amp_bundle_hash *h, const u8 *want,
			      enum amp_bundle_status st)
{
	u8 got[AMP_BUNDLE_DIGEST_SIZE];
	int ret = crypto_shash_final(h->desc, got);

	if (ret)
		return ret;
	if (!memcmp(got, want, sizeof(got)))
		return 0;
	dev_err(h->dev, "bundle refused: %s\n", amp_bundle_status_str(st));
	return amp_bundle_status_errno(st);
}

static int amp_bundle_check_headers(struct amp_bundle_hash *h)
{
	const struct amp_fw_elf *elf = &h->b->elf;
	u64 eh_len, ph_off, ph_len, cursor = 0, off, len;
	int ret;

	amp_bundle_headers(elf, &eh_len, &ph_off, &ph_len);
	ret = crypto_shash_init(h->desc) ?:
	      crypto_shash_update(h->desc, elf->data, eh_len) ?:
	      crypto_shash_update(h->desc, elf->data + ph_off, ph_len) ?:
	      amp_bundle_compare(h, h->b->headers_digest, AMP_BUNDLE_V_HEADERS);
	if (ret)
		return ret;

	ret = crypto_shash_init(h->desc);
	while (!ret && amp_bundle_next_gap(elf, &cursor, &off, &len))
		ret = crypto_shash_update(h->desc, elf->data + off, len);
	return ret ?: amp_bundle_compare(h, h->b->rest_digest, AMP_BUNDLE_V_REST);
}

/* Segment hook: the digest of each segment, computed while it is copied. */
static int amp_bundle_seg_data(void *priv, const struct amp_fw_seg *seg,
			       const void *src, size_t len)
{
	struct amp_bundle_hash *h = priv;

	return crypto_shash_update(h->desc, src, len);
}

static int amp_bundle_seg_done(void *priv, const struct amp_fw_seg *seg)
{
	struct amp_bundle_hash *h = priv;
	struct amp_bundle_entry ent;
	u8 got[AMP_BUNDLE_DIGEST_SIZE];
	int ret;

	amp_bundle_entry(h->b, h->entry, &ent);
	ret = crypto_shash_final(h->desc, got);
	if (ret)
		return ret;
	if (ent.index != seg->index || memcmp(got, ent.digest, sizeof(got))) {
		dev_err(h->dev, "bundle refused: segment %u (phdr %u, da %#llx, filesz %#llx): %s; device memory scrubbed\n",
			h->entry, seg->index, seg->da, seg->filesz,
			amp_bundle_status_str(AMP_BUNDLE_V_SEGMENT));
		return amp_bundle_status_errno(AMP_BUNDLE_V_SEGMENT);
	}
	h->entry++;
	return crypto_shash_init(h->desc);
}

static int amp_bundle_check_policy(struct device *dev,
				   const struct amp_bundle *b,
				   const struct amp_bundle_policy *pol)
{
	if (!pol || !pol->target) {
		dev_err(dev, "bundle refused: the processor has no target string to match\n");
		return -EINVAL;
	}
	if (strlen(pol->target) != b->target_len ||
	    memcmp(pol->target, b->target, b->target_len)) {
		dev_err(dev, "bundle refused: target: bundle is for \"%.*s\", this processor is \"%s\"\n",
			(int)b->target_len, b->target, pol->target);
		return amp_bundle_status_errno(AMP_BUNDLE_V_TARGET);
	}
	if (b->security_version < pol->min_version) {
		dev_err(dev, "bundle refused: security_version: %u is below the floor %u (rollback)\n",
			b->security_version, pol->min_version);
		return amp_bundle_status_errno(AMP_BUNDLE_V_ROLLBACK);
	}
	return 0;
}

static int amp_bundle_load_plain(struct device *dev, const void *data,
				 size_t size,
				 const struct amp_bundle_policy *pol,
				 const struct amp_fw_limits *lim,
				 const struct amp_elf_xlate *xlate,
				 struct amp_elf_image *out,
				 struct amp_bundle_result *res)
{
	const char *why = NULL;
	int ret;

	if (amp_bundle_locked_down())
		why = "the kernel is locked down";
	else if (READ_ONCE(sig_enforce))
		why = "sig_enforce is on";
	else if (pol && pol->sig_enforce)
		why = "this processor requires signed firmware";
	if (why) {
		dev_err(dev, "firmware refused: not a signed bundle and %s\n", why);
		return amp_bundle_status_errno(AMP_BUNDLE_V_UNSIGNED);
	}
	ret = amp_elf_load(dev, data, size, lim, xlate, out);
	if (!ret)
		*res = (struct amp_bundle_result){ .elf = data, .elf_size = size };
	if (!ret)
		dev_warn(dev, "UNSIGNED firmware loaded: signature enforcement is off (sig_enforce=0); the image is not verified\n");
	return ret;
}

/**
 * amp_bundle_load() - verify and load a signed bundle, or a plain ELF
 * @dev: device the messages are about
 * @data: the firmware file
 * @size: its size in bytes
 * @pol: the processor's target, security-version floor and whether it
 *	demands signatures
 * @lim: limits for the ELF, as for amp_elf_load()
 * @xlate: the backend's device address translation
 * @out: on success, the boot address and resource table of the ELF
 * @res: filled in: whether the file was a bundle, and on success whether it
 *	was verified, its security version and where the loaded ELF is
 *
 * A file starting with the bundle magic is verified completely, in the
 * order the format defines (docs/bundle-format.md): structure, signature
 * against the trusted keyrings, target, security version, header and
 * rest digests, then every segment's digest while it is copied. Nothing is
 * written to device memory before the signature and the header digests
 * check out; a segment digest mismatch zero-fills every segment written.
 * Other files are plain ELF images, loaded only when signatures are not
 * enforced (module parameter sig_enforce off, @pol->sig_enforce false, and
 * the kernel not locked down), with a warning.
 *
 * Context: process context; may sleep.
 * Return: 0 on success. -ENOEXEC (or the ELF parser's errno) for a malformed
 * bundle or ELF, -E2BIG for an oversized signature, -EKEYREJECTED for a bad
 * signature or digest, -ENOKEY for a signer in no trusted keyring, -EBADMSG
 * for a malformed PKCS#7 message, -EINVAL for a wrong target, -EPERM for a
 * rollback or an unsigned image while signatures are enforced, -ENOMEM, or
 * the loader's errors (see amp_elf_load()).
 */
int amp_bundle_load(struct device *dev, const void *data, size_t size,
		    const struct amp_bundle_policy *pol,
		    const struct amp_fw_limits *lim,
		    const struct amp_elf_xlate *xlate,
		    struct amp_elf_image *out, struct amp_bundle_result *res)
{
	struct amp_elf_seg_hook hook = {
		.data = amp_bundle_seg_data,
		.done = amp_bundle_seg_done,
	};
	struct amp_bundle_hash h = { .dev = dev };
	struct amp_bundle_diag diag;
	struct amp_bundle *b;
	int ret;

	*res = (struct amp_bundle_result){ .is_bundle = false };
	if (!amp_bundle_is_bundle(data, size))
		return amp_bundle_load_plain(dev, data, size, pol, lim, xlate, out,
					     res);
	res->is_bundle = true;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	ret = amp_bundle_parse(b, data, size, lim, &diag);
	if (ret) {
		if (diag.status == AMP_BUNDLE_E_ELF)
			dev_err(dev, "bundle refused: %s: %s (index %u, value %#llx)\n",
				amp_bundle_status_str(diag.status),
				amp_fw_status_str(diag.elf.status),
				diag.elf.index, diag.elf.value);
		else
			dev_err(dev, "bundle refused: %s (entry %u, value %#llx)\n",
				amp_bundle_status_str(diag.status), diag.index,
				diag.value);
		goto out;
	}
	ret = amp_bundle_check_sig(dev, b) ?:
	      amp_bundle_check_policy(dev, b, pol);
	if (ret)
		goto out;

	h.b = b;
	ret = amp_bundle_hash_init(&h) ?: amp_bundle_check_headers(&h) ?:
	      crypto_shash_init(h.desc);
	if (ret)
		goto out;
	hook.priv = &h;
	ret = amp_elf_load_hooked(dev, b->elf_data, b->elf_size, lim, xlate,
				  &hook, out);
	if (ret)
		goto out;
	res->verified = true;
	res->security_version = b->security_version;
	res->elf = b->elf_data;
	res->elf_size = b->elf_size;
	dev_info(dev, "firmware bundle verified: target %.*s, security version %u, %u segments\n",
		 (int)b->target_len, b->target, b->security_version,
		 b->nr_entries);
out:
	amp_bundle_hash_free(&h);
	kfree(b);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_bundle_load);
