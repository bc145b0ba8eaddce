/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signed firmware bundles in amp_rproc: verification and loading
 * (docs/bundle-format.md, docs/signing.md).
 */
#ifndef AMPIPC_BUNDLE_LOAD_H
#define AMPIPC_BUNDLE_LOAD_H

#include <linux/types.h>

#include <ampipc/bundle.h>
#include <ampipc/elf_loader.h>

struct device;
struct key;

/**
 * struct amp_bundle_policy - what a processor accepts
 * @target: the processor's target string; a bundle must carry exactly this.
 *	NULL refuses every bundle.
 * @min_version: the processor's security-version floor; bundles with a
 *	lower security version are refused (anti-rollback)
 * @sig_enforce: require a signed bundle for this processor even when the
 *	sig_enforce module parameter is off
 */
struct amp_bundle_policy {
	const char *target;
	u32 min_version;
	bool sig_enforce;
};

/**
 * struct amp_bundle_result - what amp_bundle_load() loaded
 * @is_bundle: the image was a bundle
 * @verified: its signature, target, version and every digest checked out;
 *	false for a plain ELF loaded with signature enforcement off
 * @security_version: the bundle's security version (0 for a plain ELF); the
 *	caller may raise its floor to this after a successful boot
 * @elf: the ELF image that was loaded: inside the bundle, or the file
 *	itself for a plain ELF (for a secure world's metadata: ELF header,
 *	program headers and the Qualcomm hash segment, at @elf)
 * @elf_size: its size
 */
struct amp_bundle_result {
	bool is_bundle;
	bool verified;
	u32 security_version;
	const void *elf;
	size_t elf_size;
};

int amp_bundle_load(struct device *dev, const void *data, size_t size,
		    const struct amp_bundle_policy *pol,
		    const struct amp_fw_limits *lim,
		    const struct amp_elf_xlate *xlate,
		    struct amp_elf_image *out, struct amp_bundle_result *res);
struct key *amp_bundle_keyring(void);

#endif /* AMPIPC_BUNDLE_LOAD_H */
