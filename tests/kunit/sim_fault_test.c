// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_sim_fault": the sim's fault behaviours (backends/sim/
 * sim_fault.c), selected by image or injected, with the test playing the
 * host by hand as in sim_engine_test.c: crash and hang, malformed headers,
 * bad lengths and addresses, name-service floods and tx buffers never
 * returned, each counted and bounded.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include <ampipc/compat_unaligned.h>
#include <ampipc/rsc_table.h>
#include <ampipc/sim_image.h>

#include "../../backends/sim/sim_engine.h"
#include "../../backends/sim/fw/simfw.h"

#include "sim_host.h"

/* Crash: fatal interrupt once, halted, logged; an image crash waits its delay. */
static void sim_fault_crash(struct kunit *test)
{
	struct sim_host *h = boot(test, "crash", 1, 16, true);

	h->now = 1000;
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	h->now = 1999;
	run(h);
	KUNIT_EXPECT_EQ(test, h->fatal, 0U);
	h->now = 2000;
	run(h);
	KUNIT_EXPECT_EQ(test, h->fatal, 1U);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_HALTED);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "FATAL"));
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "x", 1);
	h->now = 5000;
	run(h);
	KUNIT_EXPECT_EQ(test, h->fatal, 1U);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 0U);

	/* Injected, even before the host set DRIVER_OK. */
	h = boot(test, "echo", 0, 8, true);
	set_status(h, 0);
	amp_sim_engine_inject(&h->e, AMP_SIM_FAULT_CRASH);
	run(h);
	KUNIT_EXPECT_EQ(test, h->fatal, 2U);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_HALTED);
}

static void sim_fault_hang(struct kunit *test)
{
	struct sim_host *h = boot(test, "hang", 0, 16, true);

	run(h);
	h->now = 1000;
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_HUNG);
	KUNIT_EXPECT_EQ(test, h->fatal, 0U);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "x", 1);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 0U);

	/* Booted without the image's fault, the same image behaves. */
	h = boot(test, "hang", 0, 16, false);
	h->now = 100000;
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "x", 1);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 1U);
}

/* Emit a fault's malformed messages into 16 buffers; return how many. */
static unsigned int emit(struct kunit *test, struct sim_host *h, const char *img,
			 struct msg *out, unsigned int max)
{
	unsigned int n = 0;

	h = boot(test, img, 0, 16, true);
	run(h);
	KUNIT_EXPECT_EQ(test, used_idx(h, 0), 0);
	h->now = 200;
	run(h);
	while (n < max && h->rx_used != used_idx(h, 0)) {
		u8 *elem = used(h, 0) + 4 + 8 * (h->rx_used % NUM);
		u8 *buf;

		out[n].id = get_unaligned_le32(elem);
		out[n].used_len = get_unaligned_le32(elem + 4);
		buf = dmem(h, rx_buf_da(h->rx_used % NUM));
		out[n].src = get_unaligned_le32(buf);
		out[n].dst = get_unaligned_le32(buf + 4);
		out[n].len = get_unaligned_le16(buf + 12);
		out[n].flags = get_unaligned_le16(buf + 14);
		memcpy(out[n].data, buf + 16, 64);
		h->rx_used++;
		n++;
	}
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	KUNIT_EXPECT_EQ(test, h->e.stats.faults_emitted, (u64)n);
	return n;
}

static void sim_fault_bad_hdr(struct kunit *test)
{
	struct msg *m = kunit_kcalloc(test, 16, sizeof(*m), GFP_KERNEL);
	struct sim_host *h = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_EQ(test, emit(test, h, "bad-hdr", m, 16), 6U);
	KUNIT_EXPECT_GT(test, m[0].len + 16, m[0].used_len);
	KUNIT_EXPECT_GT(test, m[0].len + 16, (u32)BUF_SIZE);
	KUNIT_EXPECT_EQ(test, m[1].len, 0xffffU);
	KUNIT_EXPECT_EQ(test, m[1].used_len, 24U);
	KUNIT_EXPECT_EQ(test, m[2].src, AMP_RSC_ADDR_ANY);
	KUNIT_EXPECT_EQ(test, m[2].dst, AMP_RSC_ADDR_ANY);
	KUNIT_EXPECT_EQ(test, m[3].dst, (u32)AMP_SIM_NS_ADDR);
	KUNIT_EXPECT_NULL(test, memchr(m[3].data, 0, AMP_SIM_NAME_LEN));
	KUNIT_EXPECT_EQ(test, m[4].dst, (u32)AMP_SIM_NS_ADDR);
	KUNIT_EXPECT_LT(test, m[4].len, (u32)AMP_SIM_NS_MSG_LEN);
	KUNIT_EXPECT_EQ(test, m[5].flags, 0xffff);
}

static void sim_fault_bad_len(struct kunit *test)
{
	struct msg *m = kunit_kcalloc(test, 16, sizeof(*m), GFP_KERNEL);
	struct sim_host *h = test->priv;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_EQ(test, emit(test, h, "bad-len", m, 16), 4U);
	KUNIT_EXPECT_EQ(test, m[0].used_len, 0xffffffffU);
	KUNIT_EXPECT_EQ(test, m[1].used_len, 0U);
	KUNIT_EXPECT_EQ(test, m[2].used_len, 8U);
	KUNIT_EXPECT_EQ(test, m[3].used_len, (u32)BUF_SIZE + 1);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, m[i].id, i);
}

static void sim_fault_bad_addr(struct kunit *test)
{
	struct msg *m = kunit_kcalloc(test, 16, sizeof(*m), GFP_KERNEL);
	struct sim_host *h = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_EQ(test, emit(test, h, "bad-addr", m, 16), 4U);
	KUNIT_EXPECT_EQ(test, m[0].id, 0U);
	KUNIT_EXPECT_NULL(test, host_map(h, get_unaligned_le64(desc(h, 0, 0)), 1));
	KUNIT_EXPECT_EQ(test, m[1].id, 1U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(desc(h, 0, 1)), (u64)VR0_DA);
	KUNIT_EXPECT_GE(test, m[2].id, (u32)NUM);
	KUNIT_EXPECT_EQ(test, m[3].id, (u32)(3 + NUM / 2));
	/* Afterwards it behaves. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "ok", 2);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 1U);
	KUNIT_EXPECT_EQ(test, used_idx(h, 0), 5);
}

static void sim_fault_ns_flood(struct kunit *test)
{
	struct sim_host *h = boot(test, "ns-flood", 1, NUM, true);
	struct msg *m = new_msg(test);
	unsigned int i, n = 0;
	char name[AMP_SIM_NAME_LEN];

	run(h);
	drain_ns(test, h, AMP_SIM_SVC_NR);
	h->now = 200;
	for (i = 0; i < 100 && n < AMP_SIM_NS_FLOOD_DEFAULT; i++) {
		run(h);
		while (recv(test, h, m, true)) {
			snprintf(name, sizeof(name), "amp-flood-%u", n);
			expect_ns(test, m, name, 0x10000 + n);
			n++;
		}
	}
	KUNIT_EXPECT_EQ(test, n, (unsigned int)AMP_SIM_NS_FLOOD_DEFAULT);
	run(h);
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
}

static void sim_fault_no_tx_return(struct kunit *test)
{
	struct sim_host *h = boot(test, "no-tx-return", 0, 16, true);
	struct msg *m = new_msg(test);

	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "before", 6);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 1U);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
	h->now = 200;
	run(h);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "after", 5);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "after", 5);
	run(h);
	/* Served, but the buffers never come back. */
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 0U);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, m->len, 5U);

	/* Cleared from outside, buffers flow again. */
	amp_sim_engine_inject(&h->e, AMP_SIM_FAULT_NONE);
	run(h);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "fixed", 5);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 1U);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "fault cleared"));
}

/* Every fault can be injected at run time into a clean image. */
static void sim_fault_inject(struct kunit *test)
{
	struct sim_host *h;
	int f;

	for (f = AMP_SIM_FAULT_BAD_HDR; f <= AMP_SIM_FAULT_NS_FLOOD; f++) {
		h = boot(test, "all", 0, 16, true);
		run(h);
		amp_sim_engine_inject(&h->e, f);
		run(h);
		KUNIT_EXPECT_GT_MSG(test, h->e.stats.faults_emitted, 0ULL, "%s",
				    amp_sim_fault_name(f));
		KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
		KUNIT_EXPECT_EQ(test, h->map_refused, 0U);
	}
	h = boot(test, "all", 0, 16, true);
	amp_sim_engine_inject(&h->e, AMP_SIM_FAULT_HANG);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_HUNG);
}

static struct kunit_case sim_fault_cases[] = {
	KUNIT_CASE(sim_fault_crash),
	KUNIT_CASE(sim_fault_hang),
	KUNIT_CASE(sim_fault_bad_hdr),
	KUNIT_CASE(sim_fault_bad_len),
	KUNIT_CASE(sim_fault_bad_addr),
	KUNIT_CASE(sim_fault_ns_flood),
	KUNIT_CASE(sim_fault_no_tx_return),
	KUNIT_CASE(sim_fault_inject),
	{}
};

static struct kunit_suite sim_fault_suite = {
	.name = "amp_sim_fault",
	.init = sim_init,
	.exit = sim_exit,
	.test_cases = sim_fault_cases,
};

kunit_test_suites(&sim_fault_suite);
