// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_sim_engine": the remote side of the sim
 * (backends/sim/sim_engine.c) booted from the images mksimfw ships (its
 * fault behaviours: sim_fault_test.c).
 *
 * Each case loads an image into a fake device memory (an SRAM and a DDR
 * window at the sim's device addresses), then plays the host by hand: it
 * writes the vring and carveout addresses into the loaded resource table as
 * the core would, posts rx buffers, sends messages through the tx ring and
 * reads the used rings, all in the split-virtqueue wire format. The engine
 * only ever sees the memory through its bus, whose map callback refuses any
 * range outside the two windows.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <ampipc/compat_unaligned.h>
#include <ampipc/rsc_table.h>
#include <ampipc/sim_image.h>

#include "../../backends/sim/sim_engine.h"
#include "../../backends/sim/fw/simfw.h"

#include "sim_host.h"

/* Every shipped image boots: boot block, table and trace are found. */
static void sim_test_images_boot(struct kunit *test)
{
	struct sim_host *h = test->priv;
	struct amp_sim_bus bus = {
		.map = host_map, .notify = host_notify, .fatal = host_fatal, .priv = h,
	};
	unsigned int i;

	for (i = 0; i < amp_simfw_nr_images; i++) {
		const struct amp_simfw_spec *s = &amp_simfw_images[i];

		load(test, h, s);
		KUNIT_EXPECT_EQ_MSG(test, amp_sim_engine_init(&h->e, &bus,
				    AMP_SIMFW_BOOT_DA, true), 0, "%s", s->name);
		KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_WAIT);
		KUNIT_EXPECT_EQ(test, h->e.nr_svc, (u32)hweight32(s->services));
		KUNIT_EXPECT_EQ(test, h->e.fault, s->fault);
		KUNIT_EXPECT_TRUE(test, trace_has(h, "amp-sim: booted"));
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(h->vdev +
				offsetof(struct amp_rsc_vdev, dfeatures)),
				(s->ns ? 1U : 0U) | (s->bufsz ? BIT(AMP_SIMFW_F_BUFSZ) : 0U));
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(h->vdev +
				offsetof(struct amp_rsc_vdev, config_len)),
				s->bufsz ? (u32)AMP_SIMFW_BUFSZ_CFG_LEN : 0U);
		if (s->bufsz) {
			u8 *cfg = h->vdev + sizeof(struct amp_rsc_vdev) +
				  2 * sizeof(struct amp_rsc_vdev_vring);

			KUNIT_EXPECT_EQ(test, get_unaligned_le32(cfg), s->bufsz);
			KUNIT_EXPECT_EQ(test, get_unaligned_le32(cfg + 4), s->bufsz);
		}
		/* Without the image fault the boot is clean. */
		KUNIT_EXPECT_EQ(test, amp_sim_engine_init(&h->e, &bus,
				AMP_SIMFW_BOOT_DA, false), 0);
		KUNIT_EXPECT_EQ(test, h->e.fault, (u32)AMP_SIM_FAULT_NONE);
	}
}

/* A boot block that is absent or malformed leaves the remote halted. */
static void sim_test_bad_boot_block(struct kunit *test)
{
	struct sim_host *h = test->priv;
	struct amp_sim_bus bus = {
		.map = host_map, .notify = host_notify, .fatal = host_fatal, .priv = h,
	};
	u8 *m = dmem(h, AMP_SIMFW_BOOT_DA);
	u8 *svc = m + sizeof(struct amp_sim_manifest);
	static const struct {
		size_t off;
		u32 value;
		int err;
	} cases[] = {
		{ offsetof(struct amp_sim_manifest, magic), 0x12345678, -EINVAL },
		{ offsetof(struct amp_sim_manifest, version), 2, -EINVAL },
		{ offsetof(struct amp_sim_manifest, size), 8, -EINVAL },
		{ offsetof(struct amp_sim_manifest, nr_services), 9, -EINVAL },
		{ offsetof(struct amp_sim_manifest, size), 0xfffff000, -EFAULT },
		{ offsetof(struct amp_sim_manifest, rsc_da), 0x1000, -EFAULT },
		{ offsetof(struct amp_sim_manifest, rsc_size), 8, -EINVAL },
		{ offsetof(struct amp_sim_manifest, fault), AMP_SIM_FAULT_NR, -EINVAL },
		{ sizeof(struct amp_sim_manifest) +
		  offsetof(struct amp_sim_service, kind), AMP_SIM_SVC_NR, -EINVAL },
		{ sizeof(struct amp_sim_manifest) +
		  offsetof(struct amp_sim_service, addr), 53, -EINVAL },
		{ sizeof(struct amp_sim_manifest) +
		  sizeof(struct amp_sim_service) +
		  offsetof(struct amp_sim_service, addr), AMP_SIMFW_ADDR_ECHO, -EINVAL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		load(test, h, find_image(test, "all"));
		put_unaligned_le32(cases[i].value, m + cases[i].off);
		KUNIT_EXPECT_EQ_MSG(test, amp_sim_engine_init(&h->e, &bus,
				    AMP_SIMFW_BOOT_DA, true), cases[i].err, "case %u", i);
		KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_HALTED);
		KUNIT_EXPECT_FALSE(test, amp_sim_engine_poll(&h->e, 0));
	}

	/* An unterminated service name. */
	load(test, h, find_image(test, "all"));
	memset(svc, 'x', AMP_SIM_NAME_LEN);
	KUNIT_EXPECT_EQ(test, amp_sim_engine_init(&h->e, &bus, AMP_SIMFW_BOOT_DA, true),
			-EINVAL);
	/* No rpmsg vdev in the table. */
	load(test, h, find_image(test, "all"));
	put_unaligned_le32(5, h->vdev + offsetof(struct amp_rsc_vdev, id));
	KUNIT_EXPECT_EQ(test, amp_sim_engine_init(&h->e, &bus, AMP_SIMFW_BOOT_DA, true),
			-ENOENT);
	/* Booting somewhere else than the boot block. */
	load(test, h, find_image(test, "all"));
	KUNIT_EXPECT_FALSE(test, amp_sim_boot_block_valid(&bus, AMP_SIMFW_RSC_DA));
	KUNIT_EXPECT_TRUE(test, amp_sim_boot_block_valid(&bus, AMP_SIMFW_BOOT_DA));
	KUNIT_EXPECT_EQ(test, amp_sim_engine_init(&h->e, &bus, AMP_SIMFW_RSC_DA, true),
			-EINVAL);
}

/* Nothing happens before DRIVER_OK; then every service is announced. */
static void sim_test_ns_announce(struct kunit *test)
{
	struct sim_host *h = boot(test, "all", 1, 16, true);
	struct msg *m = new_msg(test);
	unsigned int k;

	set_status(h, AMP_SIM_S_ACKNOWLEDGE | AMP_SIM_S_DRIVER);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_WAIT);
	KUNIT_EXPECT_EQ(test, used_idx(h, 0), 0);
	KUNIT_EXPECT_EQ(test, h->notified[0], 0U);

	set_status(h, AMP_SIM_S_ACKNOWLEDGE | AMP_SIM_S_DRIVER | AMP_SIM_S_DRIVER_OK);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	for (k = 0; k < AMP_SIM_SVC_NR; k++) {
		KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
		expect_ns(test, m, amp_simfw_service_name(k), amp_simfw_service_addr(k));
	}
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));
	KUNIT_EXPECT_GE(test, h->notified[0], 1U);
	KUNIT_EXPECT_EQ(test, h->e.stats.ns_sent, (u64)AMP_SIM_SVC_NR);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "name service on"));
	KUNIT_EXPECT_EQ(test, h->map_refused, 0U);
}

/* Without the NS feature negotiated nothing is announced. */
static void sim_test_no_ns(struct kunit *test)
{
	struct sim_host *h = boot(test, "all", 0, 16, true);
	struct msg *m = new_msg(test);

	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));
	KUNIT_EXPECT_TRUE(test, trace_has(h, "name service off"));

	/* A static image offers no NS; a host accepting it anyway is broken. */
	h = boot(test, "static", 1, 16, true);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_BROKEN);
	KUNIT_EXPECT_EQ(test, h->e.stats.host_errors, 1ULL);
}

static void sim_test_echo(struct kunit *test)
{
	struct sim_host *h = boot(test, "echo", 1, 64, true);
	struct msg *m = new_msg(test);
	unsigned int i, k, got = 0, taken = 0;
	char text[32];
	int n;

	run(h);
	drain_ns(test, h, 1);
	/*
	 * More messages than either ring holds, in bursts of 100 against 64
	 * rx buffers: each burst needs several rounds.
	 */
	for (i = 0; i < 1000; i++) {
		n = snprintf(text, sizeof(text), "hello %u", i);
		send(h, HOST_ADDR + i % 3, AMP_SIMFW_ADDR_ECHO, text, n);
		if (i % 100 != 99)
			continue;
		for (k = 0; k < 10; k++) {
			run(h);
			taken += reclaim_tx(h);
			while (recv(test, h, m, true)) {
				n = snprintf(text, sizeof(text), "hello %u", got);
				KUNIT_EXPECT_EQ(test, m->src, (u32)AMP_SIMFW_ADDR_ECHO);
				KUNIT_EXPECT_EQ(test, m->dst, (u32)(HOST_ADDR + got % 3));
				KUNIT_EXPECT_EQ(test, m->len, (u32)n);
				KUNIT_EXPECT_EQ(test, m->used_len, (u32)(16 + n));
				KUNIT_EXPECT_EQ(test, m->flags, 0);
				KUNIT_EXPECT_EQ(test, memcmp(m->data, text, n), 0);
				got++;
			}
		}
		KUNIT_EXPECT_EQ(test, taken, i + 1);
	}
	KUNIT_EXPECT_EQ(test, got, 1000U);
	KUNIT_EXPECT_EQ(test, h->e.stats.rx_msgs, 1000ULL);
	KUNIT_EXPECT_EQ(test, h->e.stats.svc_msgs[0], 1000ULL);
	KUNIT_EXPECT_GE(test, h->notified[1], 1U);

	/* A full-size message and an empty one. */
	memset(m->data, 0xa5, PAYLOAD_MAX);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, m->data, PAYLOAD_MAX);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, m->data, 0);
	run(h);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, m->len, (u32)PAYLOAD_MAX);
	KUNIT_EXPECT_EQ(test, m->data[PAYLOAD_MAX - 1], 0xa5);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, m->len, 0U);
	KUNIT_EXPECT_EQ(test, h->e.stats.host_errors, 0ULL);
	KUNIT_EXPECT_EQ(test, h->map_refused, 0U);
}

/* No rx buffers: the remote stops taking tx buffers instead of dropping. */
static void sim_test_backpressure(struct kunit *test)
{
	struct sim_host *h = boot(test, "echo", 0, 0, true);
	struct msg *m = new_msg(test);
	unsigned int i, got = 0, taken;

	for (i = 0; i < 100; i++)
		send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, &i, sizeof(i));
	run(h);
	taken = reclaim_tx(h);
	KUNIT_EXPECT_GT(test, taken, 0U);
	KUNIT_EXPECT_LT(test, taken, 100U);
	KUNIT_EXPECT_EQ(test, used_idx(h, 0), 0);

	for (i = 0; i < 20; i++) {
		post_rx_n(h, 8);
		run(h);
		taken += reclaim_tx(h);
		while (recv(test, h, m, false)) {
			KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data), got);
			got++;
		}
	}
	KUNIT_EXPECT_EQ(test, taken, 100U);
	KUNIT_EXPECT_EQ(test, got, 100U);
	KUNIT_EXPECT_EQ(test, h->e.stats.dropped, 0ULL);
}

static void sim_test_sink_source(struct kunit *test)
{
	struct sim_host *h = boot(test, "all", 0, 64, true);
	struct amp_sim_source_req req;
	struct msg *m = new_msg(test);
	unsigned int i, j, got = 0;

	for (i = 0; i < 10; i++)
		send(h, HOST_ADDR, AMP_SIMFW_ADDR_SINK, m->data, 100 + i);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 10U);
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, h->e.stats.svc_msgs[AMP_SIM_SVC_SINK], 10ULL);
	KUNIT_EXPECT_EQ(test, h->e.stats.svc_bytes[AMP_SIM_SVC_SINK], 1045ULL);

	/* 300 messages of 100 bytes through 64 buffers. */
	req.count = cpu_to_le32(300);
	req.size = cpu_to_le32(100);
	send(h, HOST_ADDR + 7, AMP_SIMFW_ADDR_SOURCE, &req, sizeof(req));
	for (i = 0; i < 20 && got < 300; i++) {
		run(h);
		while (recv(test, h, m, true)) {
			KUNIT_EXPECT_EQ(test, m->src, (u32)AMP_SIMFW_ADDR_SOURCE);
			KUNIT_EXPECT_EQ(test, m->dst, (u32)(HOST_ADDR + 7));
			KUNIT_EXPECT_EQ(test, m->len, 100U);
			KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data), got);
			KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data + 4), 300U);
			for (j = 8; j < 100; j++)
				if (m->data[j] != (u8)(got + j))
					break;
			KUNIT_EXPECT_EQ(test, j, 100U);
			got++;
		}
	}
	KUNIT_EXPECT_EQ(test, got, 300U);

	/* A long source run does not starve the host's messages. */
	req.count = cpu_to_le32(100000);
	req.size = cpu_to_le32(8);
	send(h, HOST_ADDR + 7, AMP_SIMFW_ADDR_SOURCE, &req, sizeof(req));
	run_once(h);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_SINK, "x", 1);
	for (i = 0; i < 8 && h->e.stats.svc_msgs[AMP_SIM_SVC_SINK] == 10; i++) {
		while (recv(test, h, m, true))
			;
		run_once(h);
	}
	KUNIT_EXPECT_EQ(test, h->e.stats.svc_msgs[AMP_SIM_SVC_SINK], 11ULL);
	KUNIT_EXPECT_GT(test, h->e.svc[AMP_SIM_SVC_SOURCE].src_left, 90000U);
	/* A new request replaces the running one. */
	req.count = cpu_to_le32(1);
	send(h, HOST_ADDR + 7, AMP_SIMFW_ADDR_SOURCE, &req, sizeof(req));
	for (i = 0; i < 100 && h->e.svc[AMP_SIM_SVC_SOURCE].src_left; i++) {
		while (recv(test, h, m, true))
			;
		run(h);
	}
	KUNIT_EXPECT_EQ(test, h->e.svc[AMP_SIM_SVC_SOURCE].src_left, 0U);
	while (recv(test, h, m, true))
		;

	/* Larger than the buffers: clamped to what fits. */
	req.count = cpu_to_le32(1);
	req.size = cpu_to_le32(4000);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_SOURCE, &req, sizeof(req));
	run(h);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, m->len, (u32)PAYLOAD_MAX);
	/* A short request is ignored. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_SOURCE, &req, 4);
	run(h);
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));
	KUNIT_EXPECT_TRUE(test, trace_has(h, "short request"));
}

static void sim_test_sendto(struct kunit *test)
{
	struct sim_host *h = boot(test, "all", 0, 64, true);
	__le32 addrs[AMP_SIM_SENDTO_MAX + 1];
	struct msg *m = new_msg(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(addrs); i++)
		addrs[i] = cpu_to_le32(2000 + 10 * i);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_SENDTO, addrs, 3 * 4);
	run(h);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
		KUNIT_EXPECT_EQ(test, m->src, (u32)AMP_SIMFW_ADDR_SENDTO);
		KUNIT_EXPECT_EQ(test, m->dst, 2000U + 10 * i);
		KUNIT_EXPECT_EQ(test, m->len, (u32)sizeof(struct amp_sim_sendto_msg));
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data), i);
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data + 4), (u32)HOST_ADDR);
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data + 8), 3U);
	}
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));

	/* The most addresses at once, then too many, then a ragged request. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_SENDTO, addrs, AMP_SIM_SENDTO_MAX * 4);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_SENDTO, addrs, sizeof(addrs));
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_SENDTO, addrs, 5);
	run(h);
	for (i = 0; i < AMP_SIM_SENDTO_MAX; i++) {
		KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
		KUNIT_EXPECT_EQ(test, m->dst, 2000U + 10 * i);
	}
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 4U);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "bad request"));
}

/* Messages the remote cannot deliver are dropped and their buffers returned. */
static void sim_test_bad_messages(struct kunit *test)
{
	struct sim_host *h = boot(test, "all", 0, 64, true);
	struct msg *m = new_msg(test);
	u8 *d;

	send(h, HOST_ADDR, 0x7777, "x", 1);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 1U);
	KUNIT_EXPECT_EQ(test, h->e.stats.dropped, 1ULL);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "unknown address 30583"));

	/* Header length beyond the descriptor. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "abcd", 4);
	put_unaligned_le32(16 + 2, desc(h, 1, (h->tx_avail - 1) % NUM) + 8);
	/* Descriptor pointing outside device memory. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "abcd", 4);
	d = desc(h, 1, (h->tx_avail - 1) % NUM);
	put_unaligned_le64(0x1000, d);
	/* Descriptor shorter than a header. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "abcd", 4);
	put_unaligned_le32(8, desc(h, 1, (h->tx_avail - 1) % NUM) + 8);
	/* Descriptor crossing the end of device memory. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "abcd", 4);
	d = desc(h, 1, (h->tx_avail - 1) % NUM);
	put_unaligned_le64(AMP_SIM_DDR_DA + DDR_SIZE - 8, d);
	/* Then a good one. */
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "ok", 2);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 5U);
	KUNIT_EXPECT_EQ(test, h->e.stats.host_errors, 4ULL);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, m->len, 2U);
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, true));
}

/* Rx buffers smaller than tx buffers: replies that do not fit are dropped. */
static void sim_test_small_rx_buffers(struct kunit *test)
{
	struct sim_host *h = boot(test, "echo", 0, 0, true);
	struct msg *m = new_msg(test);

	post_rx_len(h, 0, 128);
	memset(m->data, 1, 200);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, m->data, 200);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, m->data, 100);
	run(h);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 2U);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, false));
	KUNIT_EXPECT_EQ(test, m->len, 100U);
	KUNIT_EXPECT_EQ(test, m->id, 0U);
	KUNIT_EXPECT_FALSE(test, recv(test, h, m, false));
	KUNIT_EXPECT_EQ(test, h->e.stats.dropped, 1ULL);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "larger than the rx buffers"));
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);

	/* Too small for any rpmsg message: the host is broken. */
	post_rx_len(h, 1, 40);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "x", 1);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_BROKEN);
}

/* Buffers larger than the standard 512 bytes, as a host may negotiate. */
static void sim_test_big_buffers(struct kunit *test)
{
	struct sim_host *h = boot(test, "echo", 0, 0, true);
	const u32 max = BIG_SIZE - AMP_SIM_RPMSG_HDR_LEN;
	u8 *rx = dmem(h, BIG_RX_DA), *tx = dmem(h, BIG_TX_DA);
	u32 len, i;
	u8 *d;

	for (i = 0; i < 2; i++) {
		len = max + i;
		d = desc(h, 0, i);
		put_unaligned_le64(BIG_RX_DA, d);
		put_unaligned_le32(BIG_SIZE, d + 8);
		put_unaligned_le16(AMP_SIM_DESC_F_WRITE, d + 12);
		put_unaligned_le16(i, avail(h, 0) + 4 + 2 * i);
		put_unaligned_le16(++h->rx_avail, avail(h, 0) + 2);

		put_unaligned_le32(HOST_ADDR, tx);
		put_unaligned_le32(AMP_SIMFW_ADDR_ECHO, tx + 4);
		put_unaligned_le16(len, tx + 12);
		memset(tx + 16, 0x30 + i, len);
		d = desc(h, 1, i);
		put_unaligned_le64(BIG_TX_DA, d);
		put_unaligned_le32(16 + len, d + 8);
		put_unaligned_le16(i, avail(h, 1) + 4 + 2 * i);
		put_unaligned_le16(++h->tx_avail, avail(h, 1) + 2);
		run(h);
		KUNIT_EXPECT_EQ(test, reclaim_tx(h), 1U);
	}
	/* The largest message the out-queue holds comes back whole ... */
	KUNIT_ASSERT_EQ(test, used_idx(h, 0), 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(used(h, 0) + 8), BIG_SIZE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(rx + 12), (u16)max);
	KUNIT_EXPECT_EQ(test, rx[16], 0x30);
	KUNIT_EXPECT_EQ(test, rx[16 + max - 1], 0x30);
	/* ... one byte more is dropped, logged, and the buffer stays free. */
	KUNIT_EXPECT_EQ(test, h->e.stats.dropped, 1ULL);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "does not fit"));
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
}

/* Ring-level violations break the vdev until the host resets it. */
static void sim_test_hostile_rings(struct kunit *test)
{
	struct sim_host *h;
	struct msg *m = new_msg(test);
	unsigned int i;

	for (i = 0; i < 10; i++) {
		h = boot(test, "echo", 0, 8, true);
		switch (i) {
		case 0:	/* tx avail index far ahead */
			put_unaligned_le16(NUM + 1, avail(h, 1) + 2);
			break;
		case 1:	/* tx head out of range */
			send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "x", 1);
			put_unaligned_le16(NUM, avail(h, 1) + 4);
			break;
		case 2:	/* rx buffer not writable */
			put_unaligned_le16(0, desc(h, 0, 0) + 12);
			break;
		case 3:	/* rx buffer outside device memory */
			put_unaligned_le64(0x10, desc(h, 0, 0));
			break;
		case 4:	/* vring not placed */
			put_unaligned_le32(AMP_RSC_ADDR_ANY, vring_rsc(h, 1));
			break;
		case 5:	/* vring outside device memory */
			put_unaligned_le32(AMP_SIM_DDR_DA + DDR_SIZE - 0x1000, vring_rsc(h, 0));
			break;
		case 6:	/* vrings overlapping */
			put_unaligned_le32(VR0_DA + 0x1000, vring_rsc(h, 1));
			break;
		case 7:	/* carveout not allocated */
			put_unaligned_le32(AMP_RSC_ADDR_ANY, h->carveout);
			break;
		case 8:	/* vring over the resource table */
			put_unaligned_le32(AMP_SIMFW_RSC_DA & ~0xfffU, vring_rsc(h, 0));
			break;
		case 9:	/* carveout over a vring */
			put_unaligned_le32(VR1_DA - 0x1000, h->carveout);
			break;
		}
		if (i == 2 || i == 3)
			send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "x", 1);
		run(h);
		KUNIT_EXPECT_EQ_MSG(test, h->e.state, AMP_SIM_ST_BROKEN, "case %u", i);
		KUNIT_EXPECT_GE(test, h->e.stats.host_errors, 1ULL);
		KUNIT_EXPECT_TRUE(test, trace_has(h, "vdev broken"));
		KUNIT_EXPECT_EQ(test, h->fatal, 0U);
	}

	/* A reset and a sane setup bring it back. */
	set_status(h, 0);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_WAIT);
	memset(dmem(h, AMP_SIM_DDR_DA), 0, 0x8000);
	host_alloc(h);
	h->rx_avail = h->rx_used = h->tx_avail = h->tx_used = 0;
	post_rx_n(h, 8);
	set_status(h, AMP_SIM_S_DRIVER_OK);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_RUN);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "again", 5);
	run(h);
	KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
	KUNIT_EXPECT_EQ(test, m->len, 5U);
}

/* Interrupts: raised per ring, suppressed when the host asks. */
static void sim_test_interrupts(struct kunit *test)
{
	struct sim_host *h = boot(test, "echo", 0, 8, true);

	run(h);
	KUNIT_EXPECT_EQ(test, h->notified[0], 0U);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "a", 1);
	run(h);
	KUNIT_EXPECT_EQ(test, h->notified[0], 1U);
	KUNIT_EXPECT_EQ(test, h->notified[1], 1U);

	put_unaligned_le16(AMP_SIM_AVAIL_F_NO_INTERRUPT, avail(h, 1));
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "b", 1);
	run(h);
	KUNIT_EXPECT_EQ(test, h->notified[0], 2U);
	KUNIT_EXPECT_EQ(test, h->notified[1], 1U);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 2U);

	/* Status dropping DRIVER_OK is a reset: nothing is served. */
	set_status(h, 0);
	send(h, HOST_ADDR, AMP_SIMFW_ADDR_ECHO, "c", 1);
	run(h);
	KUNIT_EXPECT_EQ(test, h->e.state, AMP_SIM_ST_WAIT);
	KUNIT_EXPECT_EQ(test, reclaim_tx(h), 0U);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "reset by the host"));
}

/* The trace buffer wraps and stays a terminated string. */
static void sim_test_trace(struct kunit *test)
{
	struct sim_host *h = boot(test, "echo", 0, 8, true);
	u8 *t = dmem(h, AMP_SIMFW_TRACE_DA);
	unsigned int i;

	for (i = 0; i < 1000; i++)
		amp_sim_engine_log(&h->e, "line %u of the trace test", i);
	KUNIT_EXPECT_TRUE(test, trace_has(h, "line 999 of the trace test\n"));
	KUNIT_EXPECT_LT(test, strnlen(t, AMP_SIMFW_TRACE_LEN), (size_t)AMP_SIMFW_TRACE_LEN);
	KUNIT_EXPECT_FALSE(test, trace_has(h, "amp-sim: booted"));
	KUNIT_EXPECT_EQ(test, amp_sim_fault_parse("bad_len\n"), AMP_SIM_FAULT_BAD_LEN);
	KUNIT_EXPECT_EQ(test, amp_sim_fault_parse("nope"), -EINVAL);
	KUNIT_EXPECT_STREQ(test, amp_sim_fault_name(AMP_SIM_FAULT_NS_FLOOD), "ns_flood");
}

static struct kunit_case sim_engine_cases[] = {
	KUNIT_CASE(sim_test_images_boot),
	KUNIT_CASE(sim_test_bad_boot_block),
	KUNIT_CASE(sim_test_ns_announce),
	KUNIT_CASE(sim_test_no_ns),
	KUNIT_CASE(sim_test_echo),
	KUNIT_CASE(sim_test_backpressure),
	KUNIT_CASE(sim_test_sink_source),
	KUNIT_CASE(sim_test_sendto),
	KUNIT_CASE(sim_test_bad_messages),
	KUNIT_CASE(sim_test_small_rx_buffers),
	KUNIT_CASE(sim_test_big_buffers),
	KUNIT_CASE(sim_test_hostile_rings),
	KUNIT_CASE(sim_test_interrupts),
	KUNIT_CASE(sim_test_trace),
	{}
};

static struct kunit_suite sim_engine_suite = {
	.name = "amp_sim_engine",
	.init = sim_init,
	.exit = sim_exit,
	.test_cases = sim_engine_cases,
};

kunit_test_suites(&sim_engine_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the ampipc sim remote processor's engine");
MODULE_AUTHOR("ampipc developers");
