// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_sim_tally": the sim's receive accounting
 * (backends/sim/sim_tally.c): every message counted per destination,
 * tagged ones apart, short payloads never tagged, destinations beyond the
 * table counted as "other", a new tag clearing the counts; and the engine
 * reporting each well-formed message from the host through its bus's rx
 * hook, malformed ones not.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "sim_host.h"
#include "../../backends/sim/sim_tally.h"

static u64 tagged_at(struct amp_sim_tally *t, u32 dst, u64 *all)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++) {
		if (t->dst[i] == dst) {
			*all = t->all[i];
			return t->tagged[i];
		}
	}
	*all = 0;
	return 0;
}

static void sim_tally_counts(struct kunit *test)
{
	struct amp_sim_tally *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	u64 all;

	KUNIT_ASSERT_NOT_NULL(test, t);
	amp_sim_tally_init(t);
	amp_sim_tally_rx(t, 0x400, "AMPU1000x", 9);
	amp_sim_tally_rx(t, 0x400, "", 0);
	KUNIT_EXPECT_EQ(test, tagged_at(t, 0x400, &all), 0ULL);
	KUNIT_EXPECT_EQ(test, all, 2ULL);

	KUNIT_ASSERT_EQ(test, amp_sim_tally_set_tag(t, "AMPU", 4), 0);
	KUNIT_EXPECT_EQ(test, t->nr, 0U);
	amp_sim_tally_rx(t, 0x400, "AMPU1000x", 9);
	amp_sim_tally_rx(t, 0x400, "AMPX", 4);
	amp_sim_tally_rx(t, 0x402, "AMP", 3);	/* shorter than the tag */
	amp_sim_tally_rx(t, 0x402, "AMPU", 4);
	KUNIT_EXPECT_EQ(test, tagged_at(t, 0x400, &all), 1ULL);
	KUNIT_EXPECT_EQ(test, all, 2ULL);
	KUNIT_EXPECT_EQ(test, tagged_at(t, 0x402, &all), 1ULL);
	KUNIT_EXPECT_EQ(test, all, 2ULL);

	KUNIT_EXPECT_EQ(test, amp_sim_tally_set_tag(t, "0123456789abcdefX", 17), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->nr, 2U);
}

static void sim_tally_other(struct kunit *test)
{
	struct amp_sim_tally *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	u32 dst;
	u64 all;

	KUNIT_ASSERT_NOT_NULL(test, t);
	amp_sim_tally_init(t);
	amp_sim_tally_set_tag(t, "T", 1);
	for (dst = 0; dst < AMP_SIM_TALLY_DSTS + 4; dst++)
		amp_sim_tally_rx(t, 0x1000 + dst, "T", 1);
	amp_sim_tally_rx(t, 0x1000, "x", 1);
	KUNIT_EXPECT_EQ(test, t->nr, (unsigned int)AMP_SIM_TALLY_DSTS);
	KUNIT_EXPECT_EQ(test, t->other_tagged, 4ULL);
	KUNIT_EXPECT_EQ(test, t->other_all, 4ULL);
	KUNIT_EXPECT_EQ(test, tagged_at(t, 0x1000, &all), 1ULL);
	KUNIT_EXPECT_EQ(test, all, 2ULL);
}

static struct amp_sim_tally *engine_tally;

static void tally_rx(void *priv, u32 dst, const u8 *payload, u32 len)
{
	amp_sim_tally_rx(engine_tally, dst, payload, len);
}

/* The engine tells its bus of what it takes from the host, once each. */
static void sim_tally_engine(struct kunit *test)
{
	struct amp_sim_tally *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct sim_host *h;
	u64 all;

	KUNIT_ASSERT_NOT_NULL(test, t);
	amp_sim_tally_init(t);
	amp_sim_tally_set_tag(t, "AMPU", 4);
	h = boot(test, "all", BIT(AMP_SIM_F_NS), 16, false);
	engine_tally = t;
	h->e.bus.rx = tally_rx;
	run(h);
	drain_ns(test, h, 4);
	send(h, 1024, 0x401, "AMPU1000", 8);
	send(h, 1024, 0x401, "AMPR0000", 8);
	send(h, 1024, 0x999, "AMPU1000", 8);
	/* Malformed: a buffer shorter than its header says. */
	send(h, 1024, 0x401, "AMPU1000", 8);
	put_unaligned_le32(20, desc(h, 1, (h->tx_avail - 1) % NUM) + 8);
	run(h);
	KUNIT_EXPECT_EQ(test, tagged_at(t, 0x401, &all), 1ULL);
	KUNIT_EXPECT_EQ(test, all, 2ULL);
	KUNIT_EXPECT_EQ(test, tagged_at(t, 0x999, &all), 1ULL);
	KUNIT_EXPECT_EQ(test, all, 1ULL);
}

static struct kunit_case sim_tally_cases[] = {
	KUNIT_CASE(sim_tally_counts),
	KUNIT_CASE(sim_tally_other),
	KUNIT_CASE(sim_tally_engine),
	{}
};

static struct kunit_suite sim_tally_suite = {
	.name = "amp_sim_tally",
	.init = sim_init,
	.exit = sim_exit,
	.test_cases = sim_tally_cases,
};

kunit_test_suites(&sim_tally_suite);
