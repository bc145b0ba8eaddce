// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_sim_fuzz": the sim's hostile mode (backends/sim/
 * sim_fuzz.c), with the test playing the host by hand as in
 * sim_engine_test.c: the same seed gives the same mutations, the count
 * bounds them, the echo service keeps answering in between and nothing
 * mutated is addressed to a host endpoint, ring lies are counted, and the
 * resource table's mutations spare the vdev status.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "sim_host.h"

#define ECHO_ADDR	0x400
#define ADDR_RESERVED_TEST	1024

/* Boot "all" with 64 rx buffers, announcements received, fuzz injected. */
static struct sim_host *fuzz_boot(struct kunit *test, u64 seed, u32 count, u32 mask)
{
	struct amp_sim_fuzz_cfg cfg = { .seed = seed, .count = count, .mask = mask };
	struct sim_host *h = boot(test, "all", BIT(AMP_SIM_F_NS), 64, false);

	run(h);
	drain_ns(test, h, 4);
	amp_sim_engine_set_fuzz(&h->e, &cfg);
	amp_sim_engine_inject(&h->e, AMP_SIM_FAULT_FUZZ);
	return h;
}

static u32 fnv(u32 h, u32 v)
{
	unsigned int i;

	for (i = 0; i < 4; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * 16777619U;
	return h;
}

/* Take every message, repost its buffer; a hash of what came. */
static u32 drain(struct kunit *test, struct sim_host *h, struct msg *m, u32 hash)
{
	while (recv(test, h, m, true)) {
		hash = fnv(hash, m->used_len);
		hash = fnv(hash, m->src);
		hash = fnv(hash, m->dst);
		hash = fnv(hash, m->len);
		hash = fnv(hash, m->flags);
	}
	return hash;
}

/* Run a bounded fuzz (no ring lies) to the end; the hash of its messages. */
static u32 fuzz_hash(struct kunit *test, u64 seed, u32 count)
{
	struct sim_host *h = fuzz_boot(test, seed, count, AMP_SIM_FUZZ_DEFAULT);
	struct msg *m = new_msg(test);
	u32 hash = 2166136261U;
	unsigned int i;

	for (i = 0; i < 1000 && h->e.stats.fuzzed < count; i++) {
		run(h);
		hash = drain(test, h, m, hash);
	}
	KUNIT_EXPECT_EQ(test, h->e.stats.fuzzed, (u64)count);
	KUNIT_EXPECT_EQ(test, h->e.stats.fuzz_ring, 0ULL);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	KUNIT_EXPECT_EQ(test, h->map_refused, 0U);
	return hash;
}

/* A seed gives the same mutations; another seed others; count bounds them. */
static void sim_fuzz_seeded(struct kunit *test)
{
	u32 a = fuzz_hash(test, 42, 500);
	u32 b = fuzz_hash(test, 42, 500);
	u32 c = fuzz_hash(test, 43, 500);

	KUNIT_EXPECT_EQ(test, a, b);
	KUNIT_EXPECT_NE(test, a, c);
}

/*
 * Unbounded fuzz beside echo traffic: every echo comes back, in order and
 * intact, and no mutated message is addressed to a host endpoint (1024 up
 * to 2^31).
 */
static void sim_fuzz_echo_continues(struct kunit *test)
{
	struct sim_host *h = fuzz_boot(test, 7, 0, AMP_SIM_FUZZ_DEFAULT);
	struct msg *m = new_msg(test);
	u32 sent = 0, got = 0, i, k;
	u8 data[32];

	for (i = 0; i < 400 && got < 300; i++) {
		for (k = 0; k < 4 && sent < 300 && sent - got < 32; k++) {
			memset(data, sent & 0xff, sizeof(data));
			put_unaligned_le32(sent, data);
			send(h, HOST_ADDR, ECHO_ADDR, data, sizeof(data));
			sent++;
		}
		run(h);
		reclaim_tx(h);
		while (recv(test, h, m, true)) {
			if (m->dst < ADDR_RESERVED_TEST || m->dst >= BIT(31)) {
				/* mutated, or an announcement */
				continue;
			}
			KUNIT_ASSERT_EQ(test, m->dst, (u32)HOST_ADDR);
			KUNIT_ASSERT_EQ(test, m->src, (u32)ECHO_ADDR);
			KUNIT_ASSERT_EQ(test, m->len, (u32)sizeof(data));
			KUNIT_ASSERT_EQ(test, m->used_len, (u32)(16 + sizeof(data)));
			KUNIT_ASSERT_EQ(test, get_unaligned_le32(m->data), got);
			KUNIT_ASSERT_EQ(test, m->data[31], (u8)got);
			got++;
		}
	}
	KUNIT_EXPECT_EQ(test, got, 300U);
	KUNIT_EXPECT_GT(test, h->e.stats.fuzzed, 300ULL);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	KUNIT_EXPECT_EQ(test, h->map_refused, 0U);
}

/* Ring lies are counted as such; the remote itself stays up. */
static void sim_fuzz_ring(struct kunit *test)
{
	struct sim_host *h = fuzz_boot(test, 3, 20, AMP_SIM_FUZZ_RING);

	run(h);
	KUNIT_EXPECT_EQ(test, h->e.stats.fuzzed, 20ULL);
	KUNIT_EXPECT_EQ(test, h->e.stats.fuzz_ring, 20ULL);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	KUNIT_EXPECT_EQ(test, h->map_refused, 0U);
}

/* The table is mutated, its vdev status never: the host's reset still works. */
static void sim_fuzz_rsc(struct kunit *test)
{
	struct sim_host *h = fuzz_boot(test, 11, 2000, AMP_SIM_FUZZ_RSC);
	u8 status = h->vdev[offsetof(struct amp_rsc_vdev, status)];
	u8 *copy = kunit_kzalloc(test, h->e.rsc_size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, h->e.rsc, h->e.rsc_size);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.stats.fuzzed, 2000ULL);
	KUNIT_EXPECT_NE(test, memcmp(copy, h->e.rsc, h->e.rsc_size), 0);
	KUNIT_EXPECT_EQ(test, h->vdev[offsetof(struct amp_rsc_vdev, status)], status);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	set_status(h, 0);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_WAIT);
}

/* "fuzz" is a fault like the others; without a mask it takes the default. */
static void sim_fuzz_named(struct kunit *test)
{
	struct sim_host *h;

	KUNIT_EXPECT_EQ(test, amp_sim_fault_parse("fuzz\n"), (int)AMP_SIM_FAULT_FUZZ);
	KUNIT_EXPECT_STREQ(test, amp_sim_fault_name(AMP_SIM_FAULT_FUZZ), "fuzz");
	h = fuzz_boot(test, 0, 10, 0);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.fuzz.mask, (u32)AMP_SIM_FUZZ_DEFAULT);
	KUNIT_EXPECT_EQ(test, h->e.stats.fuzzed, 10ULL);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "fuzz: seed 0"));
}

static struct kunit_case sim_fuzz_cases[] = {
	KUNIT_CASE(sim_fuzz_seeded),
	KUNIT_CASE(sim_fuzz_echo_continues),
	KUNIT_CASE(sim_fuzz_ring),
	KUNIT_CASE(sim_fuzz_rsc),
	KUNIT_CASE(sim_fuzz_named),
	{}
};

static struct kunit_suite sim_fuzz_suite = {
	.name = "amp_sim_fuzz",
	.init = sim_init,
	.exit = sim_exit,
	.test_cases = sim_fuzz_cases,
};

kunit_test_suites(&sim_fuzz_suite);
