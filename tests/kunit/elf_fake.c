// SPDX-License-Identifier: GPL-2.0
/*
 * Fake device memory for the "amp_elf" suite: one window of device addresses
 * backed by a test-managed allocation, translated for amp_elf_load() the way
 * a backend would. The memory starts filled with a pattern so tests can tell
 * exactly which bytes the loader wrote.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/elf_loader.h>

#include "elf_test.h"

static struct device *amp_elf_dev;

static int amp_elf_fake_map(void *priv, u64 da, size_t len,
			    struct amp_elf_mapping *m)
{
	struct amp_elf_fake *fake = priv;
	int call = (int)fake->calls++;
	u64 off;

	if (call == fake->refuse)
		return fake->refuse_err ?: -ENODEV;
	if (da < fake->base || da - fake->base >= fake->size)
		return -ERANGE;
	/* Report what is really there; the loader must check it covers len. */
	off = da - fake->base;
	m->va = fake->mem + off;
	m->len = fake->size - (size_t)off;
	m->is_iomem = fake->iomem;
	return 0;
}

struct amp_elf_fake *amp_elf_fake_new(struct kunit *test, u64 base, size_t size)
{
	struct amp_elf_fake *fake = kunit_kzalloc(test, sizeof(*fake), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fake);
	fake->mem = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fake->mem);
	fake->base = base;
	fake->size = size;
	amp_elf_fake_reset(fake);
	return fake;
}

void amp_elf_fake_reset(struct amp_elf_fake *fake)
{
	memset(fake->mem, AMP_ELF_FAKE_PAT, fake->size);
	fake->refuse = -1;
	fake->refuse_err = 0;
	fake->calls = 0;
}

bool amp_elf_fake_pristine(const struct amp_elf_fake *fake)
{
	return !memchr_inv(fake->mem, AMP_ELF_FAKE_PAT, fake->size);
}

int amp_elf_fake_load(struct kunit *test, struct amp_elf_fake *fake,
		      const void *img, size_t size,
		      const struct amp_fw_limits *lim, struct amp_elf_image *out)
{
	const struct amp_elf_xlate xlate = { .map = amp_elf_fake_map, .priv = fake };

	KUNIT_ASSERT_NOT_NULL(test, amp_elf_dev);
	return amp_elf_load(amp_elf_dev, img, size, lim, &xlate, out);
}

int amp_elf_fake_dev_init(void)
{
	/*
	 * KUnit runs a module's suites while the module is still coming up,
	 * before its sysfs directory exists, so the device cannot link to its
	 * owner module: register it without one.
	 */
	struct device *dev = __root_device_register("amp_elf_test", NULL);

	if (IS_ERR(dev))
		return PTR_ERR(dev);
	amp_elf_dev = dev;
	return 0;
}

void amp_elf_fake_dev_exit(void)
{
	if (amp_elf_dev)
		root_device_unregister(amp_elf_dev);
	amp_elf_dev = NULL;
}
