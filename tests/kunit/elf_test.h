/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared pieces of the amp_elf KUnit suite: the fake device memory the loader
 * writes into (elf_fake.c), and the cases defined outside elf_test.c.
 */
#ifndef AMPIPC_TESTS_ELF_TEST_H
#define AMPIPC_TESTS_ELF_TEST_H

#include <kunit/test.h>

#include <ampipc/elf_loader.h>

#define AMP_ELF_FAKE_PAT	0xa5

/**
 * struct amp_elf_fake - device memory backing one window of device addresses
 * @mem: the memory, filled with %AMP_ELF_FAKE_PAT until written
 * @base: device address of @mem[0]
 * @size: window size
 * @iomem: report the memory as I/O memory
 * @refuse: refuse the translation with this index (-1: none)
 * @refuse_err: the error it is refused with (0: -ENODEV)
 * @calls: translations requested so far
 */
struct amp_elf_fake {
	u8 *mem;
	u64 base;
	size_t size;
	bool iomem;
	int refuse;
	int refuse_err;
	unsigned int calls;
};

int amp_elf_fake_dev_init(void);
void amp_elf_fake_dev_exit(void);
struct amp_elf_fake *amp_elf_fake_new(struct kunit *test, u64 base, size_t size);
void amp_elf_fake_reset(struct amp_elf_fake *fake);
bool amp_elf_fake_pristine(const struct amp_elf_fake *fake);
int amp_elf_fake_load(struct kunit *test, struct amp_elf_fake *fake,
		      const void *img, size_t size,
		      const struct amp_fw_limits *lim, struct amp_elf_image *out);

void amp_elf_mutate_load(struct kunit *test);
void amp_elf_mutate_rsc(struct kunit *test);

#endif /* AMPIPC_TESTS_ELF_TEST_H */
