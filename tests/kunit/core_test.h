/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared pieces of the amp_core_* KUnit suites: a fake backend whose ops
 * record what they were asked to do, memory windows backed by kernel
 * memory, firmware images built in memory with elfgen, and helpers for the
 * sysfs, debugfs and /dev interfaces.
 */
#ifndef AMPIPC_TESTS_CORE_TEST_H
#define AMPIPC_TESTS_CORE_TEST_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/list.h>

#include <ampipc/rproc.h>
#include <ampipc/rproc_vdev.h>

#include "elfgen.h"

#define CT_LOAD_DA	AMP_EG_DA_BASE
#define CT_LOAD_SIZE	0x10000
#define CT_CARVE_DA	0x20000000ULL
#define CT_CARVE_PA	0x60000000ULL
#define CT_CARVE_SIZE	0x20000
#define CT_DEV_DA	0x40000000ULL
#define CT_DEV_PA	0x40000000ULL
#define CT_DEV_SIZE	0x10000
/* Where the resource table sits in segment 0 (and in the load window). */
#define CT_RSC_OFF	0x100

#define CT_LOG_SIZE	2048

/**
 * struct ct_fake - one fake processor
 * @node: in the list of fakes the test's exit removes
 * @test: the test
 * @rproc: the processor, once allocated
 * @name: its name
 * @ops: its ops (tests may clear or replace members before registering)
 * @cfg: its description
 * @win: load, carveout and devmem windows
 * @machines: allowed e_machine values
 * @load_mem: memory behind the load window
 * @carve_mem: memory behind the carveout window
 * @fw: the firmware image
 * @fw_size: its size
 * @rl: where the table entries are, when the image has a table
 * @fail_prepare: errno prepare returns
 * @fail_start: errno start returns
 * @fail_start_nth: only the nth start fails (0: every one)
 * @fail_attach: errno attach returns
 * @fail_auth: errno authenticate returns
 * @fail_fetch: errno fw_fetch returns
 * @vendor_ret: what handle_rsc returns
 * @n_prepare: prepare calls
 * @n_unprepare: unprepare calls
 * @n_start: start calls
 * @n_stop: stop calls
 * @n_attach: attach calls
 * @n_detach: detach calls
 * @n_kick: kick calls
 * @n_auth: authenticate calls
 * @n_auth_start: auth_and_start calls
 * @n_map: iommu_map calls
 * @n_unmap: iommu_unmap calls
 * @n_vendor: handle_rsc calls
 * @n_fetch: fw_fetch calls
 * @n_release: fw_release calls
 * @last_kick: notify id of the last kick
 * @boot_addr: last boot address
 * @auth_len: meta_len of the last authenticate
 * @auth_hash: hash_index of the last authenticate
 * @auth_magic_ok: the metadata started with the ELF magic
 * @vendor_type: type of the last vendor entry
 * @vendor_avail: avail of the last vendor entry
 * @vendor_byte: first payload byte of the last vendor entry
 * @map_da: da of the last iommu_map
 * @map_pa: pa of the last iommu_map
 * @rsc_file_off: file offset of the table in @fw
 * @coredump: keep coredumps enabled (they are switched off by default)
 */
struct ct_fake {
	struct list_head node;
	struct kunit *test;
	struct amp_rproc *rproc;
	char name[24];
	struct amp_rproc_ops ops;
	struct amp_rproc_config cfg;
	struct amp_rproc_window win[3];
	u16 machines[1];
	u8 *load_mem;
	u8 *carve_mem;
	u8 *fw;
	size_t fw_size;
	struct amp_eg_rsc_layout rl;
	int fail_prepare;
	int fail_start;
	int fail_start_nth;
	int fail_attach;
	int fail_auth;
	int fail_fetch;
	int vendor_ret;
	atomic_t n_prepare;
	atomic_t n_unprepare;
	atomic_t n_start;
	atomic_t n_stop;
	atomic_t n_attach;
	atomic_t n_detach;
	atomic_t n_kick;
	atomic_t n_auth;
	atomic_t n_auth_start;
	atomic_t n_map;
	atomic_t n_unmap;
	atomic_t n_vendor;
	atomic_t n_fetch;
	atomic_t n_release;
	int last_kick;
	u64 boot_addr;
	size_t auth_len;
	int auth_hash;
	bool auth_magic_ok;
	u32 vendor_type;
	size_t vendor_avail;
	u8 vendor_byte;
	u64 map_da;
	u64 map_pa;
	size_t rsc_file_off;
	bool coredump;
};

extern const struct amp_rproc_ops ct_ops_extra;

struct device *ct_parent(void);
int ct_parent_init(void);
void ct_parent_exit(void);

struct ct_fake *ct_fake_new(struct kunit *test, const char *name);
void ct_fake_image(struct ct_fake *f, const struct amp_eg_rsc_spec *spec);
void ct_fake_image_desc(struct ct_fake *f, struct amp_eg_desc *d,
			const struct amp_eg_rsc_spec *spec);
void ct_fake_alloc(struct ct_fake *f);
void ct_fake_register(struct ct_fake *f);
struct ct_fake *ct_fake_up(struct kunit *test, const char *name,
			   const struct amp_eg_rsc_spec *spec);
void ct_fake_unregister(struct ct_fake *f);
void ct_cleanup(struct kunit *test);
void ct_rsc_spec_plain(struct amp_eg_rsc_spec *s);
void ct_fw_patch32(struct ct_fake *f, size_t entry, size_t field, u32 val);
u32 ct_loaded32(struct ct_fake *f, size_t entry, size_t field);

void ct_log_reset(void);
const char *ct_log(void);
void ct_log_add(const char *name, const char *ev);

int ct_write(const char *path, const char *val);
int ct_read(const char *path, char *buf, size_t len);
int ct_sysfs_write(struct ct_fake *f, const char *attr, const char *val);
int ct_sysfs_read(struct ct_fake *f, const char *attr, char *buf, size_t len);
int ct_dev_path(struct ct_fake *f, char *buf, size_t len);

void ct_flush(void);
bool ct_wait_state(struct amp_rproc *rproc, enum amp_rproc_state st);

#endif /* AMPIPC_TESTS_CORE_TEST_H */
