// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_bundle": amp_bundle_load() against test vectors made by
 * the host tool at build time (scripts/gen-bundle-vectors.sh): good bundles
 * of every ELF format, a bss-only image and a Qualcomm split image load and
 * verify; the whole tamper matrix (tests/common/bundle_tamper.c), a wrong
 * key, signed attributes, a wrong target, a rollback and unsigned images
 * are refused, and device memory never keeps a byte of a refused image.
 *
 * The suite provisions its certificate into the amp_firmware keyring with
 * key_create_or_update(), as root would with keyctl.
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/firmware.h>
#include <linux/fs.h>
#include <linux/key.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <ampipc/bundle_load.h>

#include "bundle_tamper.h"
#include "elfgen.h"

#include "amp_bundle_vectors.h"

#define FAKE_BASE	AMP_EG_DA_BASE
#define FAKE_SIZE	0x4000
#define FAKE_PAT	0xa5

struct fake_mem {
	u8 *mem;
	size_t size;
	bool iomem;
};

struct vector {
	const char *name;
	const u8 *data;
	size_t size;
};

#define VEC(n) { #n, amp_bv_##n, sizeof(amp_bv_##n) }

static const struct vector good[] = {
	VEC(b32le), VEC(b32be), VEC(b64le), VEC(b64be), VEC(bss), VEC(qcom),
};

static struct device *bundle_dev;

static u64 le(const u8 *p, unsigned int width)
{
	u64 v = 0;

	while (width--)
		v = (v << 8) | p[width];
	return v;
}
static key_ref_t cert_ref;

static int fake_map(void *priv, u64 da, size_t len, struct amp_elf_mapping *m)
{
	struct fake_mem *f = priv;

	if (da < FAKE_BASE || da - FAKE_BASE >= f->size)
		return -ERANGE;
	m->va = f->mem + (da - FAKE_BASE);
	m->len = f->size - (size_t)(da - FAKE_BASE);
	m->is_iomem = f->iomem;
	return 0;
}

static struct fake_mem *fake_new(struct kunit *test)
{
	struct fake_mem *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->mem = kunit_kmalloc(test, FAKE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->mem);
	f->size = FAKE_SIZE;
	memset(f->mem, FAKE_PAT, FAKE_SIZE);
	return f;
}

/* Nothing but the pattern and scrubbed zeros: no byte of the image. */
static bool fake_clean(const struct fake_mem *f)
{
	size_t i;

	for (i = 0; i < FAKE_SIZE; i++)
		if (f->mem[i] != FAKE_PAT && f->mem[i])
			return false;
	return true;
}

static int load(struct fake_mem *f, const void *data, size_t size,
		const struct amp_bundle_policy *pol,
		struct amp_elf_image *img, struct amp_bundle_result *res)
{
	const struct amp_elf_xlate xlate = { .map = fake_map, .priv = f };
	const struct amp_fw_limits lim = { .mem_cap = FAKE_SIZE };

	memset(f->mem, FAKE_PAT, FAKE_SIZE);
	return amp_bundle_load(bundle_dev, data, size, pol, &lim, &xlate, img,
			       res);
}

static const struct amp_bundle_policy std_pol = {
	.target = AMP_BV_TARGET,
	.min_version = AMP_BV_SECVER,
};

static int cert_add(void)
{
	struct key *kr = amp_bundle_keyring();

	if (!kr)
		return -ENOKEY;
	cert_ref = key_create_or_update(make_key_ref(kr, true), "asymmetric",
					NULL, amp_bv_cert, sizeof(amp_bv_cert),
					(KEY_POS_ALL & ~KEY_POS_SETATTR) |
					KEY_USR_VIEW | KEY_USR_READ,
					KEY_ALLOC_NOT_IN_QUOTA);
	if (IS_ERR(cert_ref)) {
		int ret = PTR_ERR(cert_ref);

		cert_ref = NULL;
		return ret;
	}
	return 0;
}

static void cert_remove(void)
{
	if (!cert_ref)
		return;
	key_unlink(amp_bundle_keyring(), key_ref_to_ptr(cert_ref));
	key_ref_put(cert_ref);
	cert_ref = NULL;
}

static void amp_bundle_good(struct kunit *test)
{
	struct fake_mem *f = fake_new(test);
	struct amp_bundle_result res;
	struct amp_elf_image img;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		int ret = load(f, good[i].data, good[i].size, &std_pol, &img, &res);

		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", good[i].name);
		KUNIT_EXPECT_TRUE_MSG(test, res.is_bundle, "%s", good[i].name);
		KUNIT_EXPECT_TRUE_MSG(test, res.verified, "%s", good[i].name);
		KUNIT_EXPECT_EQ_MSG(test, res.security_version, AMP_BV_SECVER,
				    "%s", good[i].name);
		if (ret)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, img.entry, FAKE_BASE, "%s", good[i].name);
		KUNIT_EXPECT_PTR_EQ(test, res.elf, (const void *)(good[i].data +
				    le(good[i].data + AMP_BUNDLE_OFF_ELF_OFF, 8)));
		KUNIT_EXPECT_EQ(test, res.elf_size,
				(size_t)le(good[i].data + AMP_BUNDLE_OFF_ELF_SIZE, 8));
		if (!strcmp(good[i].name, "bss")) {
			/* bss only: p_memsz zero-filled, nothing copied. */
			KUNIT_EXPECT_FALSE(test, memchr_inv(f->mem, 0, 0x800));
			KUNIT_EXPECT_EQ(test, f->mem[0x800], FAKE_PAT);
		} else {
			/* The generator fills segment 0 with 0x11, 1 with 0x22. */
			KUNIT_EXPECT_EQ_MSG(test, f->mem[0], 0x11, "%s", good[i].name);
			KUNIT_EXPECT_EQ_MSG(test, f->mem[0x1000], 0x22, "%s",
					    good[i].name);
		}
		if (!strcmp(good[i].name, "b32le") || !strcmp(good[i].name, "b64le"))
			KUNIT_EXPECT_NOT_NULL(test, img.rsc_table);
		if (!strcmp(good[i].name, "qcom"))
			KUNIT_EXPECT_GE(test, img.hash_index, 0);
	}
}

static void amp_bundle_iomem(struct kunit *test)
{
	struct fake_mem *f = fake_new(test);
	struct amp_bundle_result res;
	struct amp_elf_image img;

	f->iomem = true;
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b64be, sizeof(amp_bv_b64be),
				   &std_pol, &img, &res), 0);
	KUNIT_EXPECT_TRUE(test, res.verified);
	KUNIT_EXPECT_EQ(test, f->mem[0], 0x11);
}

/* Every tamper case of every good bundle is refused and leaves nothing. */
static void amp_bundle_tamper(struct kunit *test)
{
	struct fake_mem *f = fake_new(test);
	struct amp_tamper_case tc;
	struct amp_bundle_result res;
	struct amp_elf_image img;
	unsigned int i, v, n, total = 0;
	size_t cap;
	u8 *buf;
	int ret;

	for (v = 0; v < ARRAY_SIZE(good); v++) {
		cap = 2 * good[v].size + 4096;
		buf = kmalloc(cap, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		n = amp_tamper_count(good[v].data, good[v].size);
		KUNIT_EXPECT_GT(test, n, 50U);
		for (i = 0; i < n; i++) {
			KUNIT_ASSERT_EQ(test, amp_tamper_make(i, good[v].data,
							      good[v].size, buf,
							      cap, &tc), 0);
			ret = load(f, buf, tc.size, &std_pol, &img, &res);
			KUNIT_EXPECT_NE_MSG(test, ret, 0, "%s/%s accepted",
					    good[v].name, tc.name);
			if (tc.err)
				KUNIT_EXPECT_EQ_MSG(test, ret, tc.err, "%s/%s",
						    good[v].name, tc.name);
			KUNIT_EXPECT_FALSE_MSG(test, res.verified, "%s/%s",
					       good[v].name, tc.name);
			KUNIT_EXPECT_TRUE_MSG(test, fake_clean(f),
					      "%s/%s left image bytes in device memory",
					      good[v].name, tc.name);
			total++;
		}
		kfree(buf);
	}
	kunit_info(test, "%u tampered bundles refused\n", total);
}

static void amp_bundle_segment_scrub(struct kunit *test)
{
	struct fake_mem *f = fake_new(test);
	struct amp_bundle_result res;
	struct amp_elf_image img;
	size_t size = sizeof(amp_bv_b32le);
	u8 *buf = kunit_kmalloc(test, size, GFP_KERNEL);
	u64 elf_off, phoff;
	u32 seg1_off;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, amp_bv_b32le, size);
	/* Corrupt the last byte of segment 1 (p_offset at phdr 1 + 4). */
	elf_off = le(buf + AMP_BUNDLE_OFF_ELF_OFF, 8);
	phoff = le(buf + elf_off + 28, 4);
	seg1_off = (u32)le(buf + elf_off + phoff + 32 + 4, 4);
	buf[elf_off + seg1_off + 0xff] ^= 1;
	KUNIT_EXPECT_EQ(test, load(f, buf, size, &std_pol, &img, &res),
			-EKEYREJECTED);
	/* Segment 0 had been written and verified: it is zero again. */
	KUNIT_EXPECT_FALSE(test, memchr_inv(f->mem, 0, 0x400));
	KUNIT_EXPECT_FALSE(test, memchr_inv(f->mem + 0x1000, 0, 0x300));
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
}

static void amp_bundle_refusals(struct kunit *test)
{
	struct fake_mem *f = fake_new(test);
	struct amp_bundle_policy pol = std_pol;
	struct amp_bundle_result res;
	struct amp_elf_image img;

	/* Signed by a key in no trusted keyring. */
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_wrongkey, sizeof(amp_bv_wrongkey),
				   &pol, &img, &res), -ENOKEY);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	/* Signed attributes: the FIRMWARE_SIGNATURE kind, refused for ours. */
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_authattrs, sizeof(amp_bv_authattrs),
				   &pol, &img, &res), -EKEYREJECTED);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	/* Another processor's firmware. */
	pol.target = "amp,test-dsp2";
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b32le, sizeof(amp_bv_b32le), &pol,
				   &img, &res), -EINVAL);
	pol.target = "amp,test-ds";
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b32le, sizeof(amp_bv_b32le), &pol,
				   &img, &res), -EINVAL);
	pol.target = NULL;
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b32le, sizeof(amp_bv_b32le), &pol,
				   &img, &res), -EINVAL);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	/* Rollback below the floor; the floor itself is fine. */
	pol = std_pol;
	pol.min_version = AMP_BV_SECVER + 1;
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b32le, sizeof(amp_bv_b32le), &pol,
				   &img, &res), -EPERM);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	pol.min_version = AMP_BV_SECVER;
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b32le, sizeof(amp_bv_b32le), &pol,
				   &img, &res), 0);
	/* Unsigned ELF: sig_enforce defaults to on. */
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_plain, sizeof(amp_bv_plain),
				   &std_pol, &img, &res), -EPERM);
	KUNIT_EXPECT_FALSE(test, res.is_bundle);
	KUNIT_EXPECT_FALSE(test, res.verified);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	pol = std_pol;
	pol.sig_enforce = true;
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_plain, sizeof(amp_bv_plain), &pol,
				   &img, &res), -EPERM);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
}

/* Before provisioning nothing verifies; after it, the bundle does. */
static void amp_bundle_provisioning(struct kunit *test)
{
	struct fake_mem *f = fake_new(test);
	struct amp_bundle_result res;
	struct amp_elf_image img;

	cert_remove();
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b32le, sizeof(amp_bv_b32le),
				   &std_pol, &img, &res), -ENOKEY);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	KUNIT_ASSERT_EQ(test, cert_add(), 0);
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_b32le, sizeof(amp_bv_b32le),
				   &std_pol, &img, &res), 0);
}

/* The amp_firmware keyring takes X.509 (asymmetric) keys only. */
static void amp_bundle_keyring_restrict(struct kunit *test)
{
	key_ref_t k;

	k = key_create_or_update(make_key_ref(amp_bundle_keyring(), true),
				 "user", "amp_bundle_test", "x", 1,
				 KEY_POS_ALL | KEY_USR_VIEW,
				 KEY_ALLOC_NOT_IN_QUOTA);
	KUNIT_EXPECT_TRUE(test, IS_ERR(k));
	if (!IS_ERR(k)) {
		key_unlink(amp_bundle_keyring(), key_ref_to_ptr(k));
		key_ref_put(k);
	}
}

static int amp_bundle_suite_init(struct kunit_suite *suite)
{
	struct device *dev = __root_device_register("amp_bundle_test", NULL);
	int ret;

	if (IS_ERR(dev))
		return PTR_ERR(dev);
	bundle_dev = dev;
	ret = cert_add();
	if (ret) {
		root_device_unregister(bundle_dev);
		bundle_dev = NULL;
	}
	return ret;
}

static void amp_bundle_suite_exit(struct kunit_suite *suite)
{
	cert_remove();
	if (bundle_dev)
		root_device_unregister(bundle_dev);
	bundle_dev = NULL;
}

/* Write amp_rproc's sig_enforce parameter the way root would. */
static int set_sig_enforce(bool on)
{
	struct file *f = filp_open("/sys/module/amp_rproc/parameters/sig_enforce",
				   O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, on ? "Y" : "N", 1, &pos);
	filp_close(f, NULL);
	return n == 1 ? 0 : -EIO;
}

/* sig_enforce=0: a plain ELF loads, unverified; bundles stay verified. */
static void amp_bundle_unsigned_allowed(struct kunit *test)
{
	struct fake_mem *f = fake_new(test);
	struct amp_bundle_policy pol = std_pol;
	struct amp_bundle_result res;
	struct amp_elf_image img;
	u8 *bad;

	if (set_sig_enforce(false))
		kunit_skip(test, "cannot write /sys/module/amp_rproc/parameters/sig_enforce");
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_plain, sizeof(amp_bv_plain),
				   &std_pol, &img, &res), 0);
	KUNIT_EXPECT_FALSE(test, res.is_bundle);
	KUNIT_EXPECT_FALSE(test, res.verified);
	KUNIT_EXPECT_PTR_EQ(test, res.elf, (const void *)amp_bv_plain);
	KUNIT_EXPECT_EQ(test, f->mem[0], 0x11);
	/* A processor that demands signatures still refuses it. */
	pol.sig_enforce = true;
	KUNIT_EXPECT_EQ(test, load(f, amp_bv_plain, sizeof(amp_bv_plain), &pol,
				   &img, &res), -EPERM);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	/* A bundle is verified whatever sig_enforce says. */
	bad = kunit_kmalloc(test, sizeof(amp_bv_b32le), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bad);
	memcpy(bad, amp_bv_b32le, sizeof(amp_bv_b32le));
	bad[AMP_BUNDLE_OFF_SECVER] ^= 1;
	KUNIT_EXPECT_EQ(test, load(f, bad, sizeof(amp_bv_b32le), &std_pol, &img,
				   &res), -EKEYREJECTED);
	KUNIT_EXPECT_TRUE(test, fake_clean(f));
	KUNIT_EXPECT_EQ(test, set_sig_enforce(true), 0);
}

/*
 * Load time of a 10 MiB bundle (verify + hash while copying) beside an
 * unsigned load of the same ELF, into ordinary memory. The bundle comes from
 * /lib/firmware in the guest (scripts/run-kunit.sh puts it there).
 */
static void amp_bundle_bench(struct kunit *test)
{
	const struct amp_fw_limits lim = { .mem_cap = 64 << 20 };
	struct fake_mem f = { .size = 16 << 20 };
	const struct amp_elf_xlate xlate = { .map = fake_map, .priv = &f };
	const struct firmware *fw;
	struct amp_bundle_result res;
	struct amp_bundle_diag diag;
	struct amp_elf_image img;
	struct amp_bundle *b;
	u64 t_bundle, t_plain, t0;
	int ret;

	if (request_firmware(&fw, "amp-bundle-10m.bnd", bundle_dev))
		kunit_skip(test, "no /lib/firmware/amp-bundle-10m.bnd");
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	f.mem = vmalloc(f.size);
	if (!b || !f.mem) {
		vfree(f.mem);
		release_firmware(fw);
		KUNIT_FAIL(test, "out of memory");
		return;
	}
	KUNIT_EXPECT_EQ(test, amp_bundle_parse(b, fw->data, fw->size, &lim, &diag), 0);

	t0 = ktime_get_ns();
	ret = amp_bundle_load(bundle_dev, fw->data, fw->size, &std_pol, &lim,
			      &xlate, &img, &res);
	t_bundle = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_TRUE(test, res.verified);

	t0 = ktime_get_ns();
	ret = amp_elf_load(bundle_dev, b->elf_data, b->elf_size, &lim, &xlate, &img);
	t_plain = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, ret, 0);

	kunit_info(test, "%zu-byte bundle: load+verify %llu us, unsigned load of the same ELF %llu us (%llu.%02llux)\n",
		   fw->size, t_bundle / 1000, t_plain / 1000,
		   t_bundle / max_t(u64, t_plain, 1),
		   (t_bundle * 100 / max_t(u64, t_plain, 1)) % 100);
	vfree(f.mem);
	release_firmware(fw);
}

static struct kunit_case amp_bundle_cases[] = {
	KUNIT_CASE(amp_bundle_good),
	KUNIT_CASE(amp_bundle_iomem),
	KUNIT_CASE(amp_bundle_tamper),
	KUNIT_CASE(amp_bundle_segment_scrub),
	KUNIT_CASE(amp_bundle_refusals),
	KUNIT_CASE(amp_bundle_provisioning),
	KUNIT_CASE(amp_bundle_keyring_restrict),
	KUNIT_CASE(amp_bundle_unsigned_allowed),
	KUNIT_CASE(amp_bundle_bench),
	{}
};

static struct kunit_suite amp_bundle_suite = {
	.name = "amp_bundle",
	.suite_init = amp_bundle_suite_init,
	.suite_exit = amp_bundle_suite_exit,
	.test_cases = amp_bundle_cases,
};
kunit_test_suite(amp_bundle_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of ampipc's signed firmware bundles");
MODULE_AUTHOR("ampipc developers");
