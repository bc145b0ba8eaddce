// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_rpmsg_core on the loopback transport of
 * rpmsg_core_fake.c (name service and static channels: rpmsg_ns_test.c).
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/property.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/rpmsg.h>
#include <ampipc/rpmsg_wire.h>

#include "rpmsg_test.h"
#include "rpmsg_core_fake.h"

/* ---------------------------------------------------------------- */
/* amp_rpmsg_core */

static void core_any_addresses_are_dynamic_and_unique(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};
	u32 seen[8];
	int i, j;

	for (i = 0; i < 8; i++) {
		seen[i] = ept_new(test, lp, rec_cb, &r, AMP_RPMSG_ADDR_ANY)->addr;
		KUNIT_EXPECT_GE(test, seen[i], 1024U);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, seen[i], seen[j]);
	}
}

static void core_fixed_address(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};
	struct amp_rpmsg_endpoint *ept;

	ept = ept_new(test, lp, rec_cb, &r, 0x4000);
	KUNIT_EXPECT_EQ(test, ept->addr, 0x4000U);
	ept = amp_rpmsg_link_create_ept(lp->link, rec_cb, &r, 0x4000);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ept), -EADDRINUSE);
}

static void core_fixed_reserved_address(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};
	u8 msg[3] = { 1, 2, 3 };

	KUNIT_EXPECT_EQ(test, ept_new(test, lp, rec_cb, &r, 30)->addr, 30U);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1234, 30, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, r.n, 1);
}

static void core_fixed_out_of_range(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};

	/* 0xFFFFFFFF is ANY, so the largest fixed value is accepted... */
	KUNIT_EXPECT_FALSE(test, IS_ERR(ept_new(test, lp, rec_cb, &r, 0xFFFFFFFE)));
	/* ...and NS's 53 is taken on a link with the name service. */
	lp = loop_new(test, AMP_RPMSG_LINK_NS);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_link_create_ept(lp->link, rec_cb, &r, 53)),
			-EADDRINUSE);
}

static void core_rx_reaches_callback(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, rec_cb, &r, AMP_RPMSG_ADDR_ANY);
	static const char msg[] = "payload";

	KUNIT_EXPECT_EQ(test, loop_inject(lp, 0x777, ept->addr, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, r.n, 1);
	KUNIT_EXPECT_EQ(test, r.src, 0x777U);
	KUNIT_EXPECT_EQ(test, r.len, sizeof(msg));
	KUNIT_EXPECT_PTR_EQ(test, r.priv, (void *)&r);
	KUNIT_EXPECT_EQ(test, memcmp(r.data, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_RX), 1UL);
}

static void core_rx_unknown_dst_counted(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	u8 b = 0;

	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, 4242, &b, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_RX_UNKNOWN_DST), 1UL);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, AMP_RPMSG_ADDR_ANY, &b, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_RX_UNKNOWN_DST), 2UL);
}

static void core_rx_over_mtu_rejected(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, rec_cb, &r, AMP_RPMSG_ADDR_ANY);

	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_receive(lp->link, 1, ept->addr,
						     lp->rx[0], LOOP_MTU + 1),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, r.n, 0);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_RX_BAD_LEN), 1UL);
}

static void core_destroyed_ept_gets_nothing(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};
	struct amp_rpmsg_endpoint *ept;
	u32 addr;
	u8 b = 0;

	ept = amp_rpmsg_link_create_ept(lp->link, rec_cb, &r, AMP_RPMSG_ADDR_ANY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ept));
	addr = ept->addr;
	amp_rpmsg_destroy_ept(ept);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, addr, &b, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, r.n, 0);
	/* the freed address is quarantined: the next ANY gets another one */
	KUNIT_EXPECT_NE(test, ept_new(test, lp, rec_cb, &r, AMP_RPMSG_ADDR_ANY)->addr, addr);
}

static void core_callback_error_counted(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = { .ret = -EIO };
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, rec_cb, &r, AMP_RPMSG_ADDR_ANY);
	u8 b = 0;

	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, &b, 1), 0);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_RX_CB_ERR), 1UL);
}

static void core_sendto_and_offchannel(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rec r = {};
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, rec_cb, &r, 0x5000);
	static const char a[] = "abc";

	KUNIT_EXPECT_EQ(test, amp_rpmsg_sendto(ept, a, sizeof(a), 0x99), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_offchannel(ept, 0x11, 0x22, a, 2), 0);
	KUNIT_ASSERT_EQ(test, lp->nsent, 2);
	KUNIT_EXPECT_EQ(test, lp->sent[0].src, 0x5000U);
	KUNIT_EXPECT_EQ(test, lp->sent[0].dst, 0x99U);
	KUNIT_EXPECT_EQ(test, lp->sent[0].len, sizeof(a));
	KUNIT_EXPECT_EQ(test, memcmp(lp->sent[0].data, a, sizeof(a)), 0);
	KUNIT_EXPECT_EQ(test, lp->sent[1].src, 0x11U);
	KUNIT_EXPECT_EQ(test, lp->sent[1].dst, 0x22U);
	/* send needs a channel */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(ept, a, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_TX), 2UL);
}

static void core_send_rejects_any_and_oversize(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	static u8 big[LOOP_MTU + 1];

	KUNIT_EXPECT_EQ(test, amp_rpmsg_sendto(ept, big, 1, AMP_RPMSG_ADDR_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_offchannel(ept, AMP_RPMSG_ADDR_ANY, 5, big, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_sendto(ept, big, LOOP_MTU + 1, 5), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_sendto(ept, big, LOOP_MTU, 5), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_get_mtu(ept), (ssize_t)LOOP_MTU);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_sendto(ept, NULL, 4, 5), -EINVAL);
}

static void core_trysend_eagain_when_exhausted(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	u8 b = 0;
	int i;

	lp->auto_complete = false;
	for (i = 0; i < LOOP_NBUF; i++)
		KUNIT_EXPECT_EQ(test, amp_rpmsg_trysendto(ept, &b, 1, 9), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_trysendto(ept, &b, 1, 9), -EAGAIN);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_trysend_offchannel(ept, 1, 9, &b, 1), -EAGAIN);
	KUNIT_EXPECT_TRUE(test, loop_complete_one(lp));
	KUNIT_EXPECT_EQ(test, amp_rpmsg_trysendto(ept, &b, 1, 9), 0);
}

static void core_send_times_out(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	unsigned long t0;
	u8 b = 0;
	int i;

	lp->auto_complete = false;
	for (i = 0; i < LOOP_NBUF; i++)
		KUNIT_ASSERT_EQ(test, amp_rpmsg_trysendto(ept, &b, 1, 9), 0);
	t0 = jiffies;
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_timeout(ept, ept->addr, 9, &b, 1,
						     msecs_to_jiffies(100)),
			-ETIMEDOUT);
	KUNIT_EXPECT_GE(test, jiffies - t0, msecs_to_jiffies(90));
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_TX_TIMEOUT), 1UL);
}

struct sender {
	struct amp_rpmsg_endpoint *ept;
	long timeout;
	int ret;
	bool done;
	struct completion started;
	struct completion finished;
};

static int sender_fn(void *data)
{
	struct sender *s = data;
	u8 b = 7;

	complete(&s->started);
	s->ret = amp_rpmsg_send_timeout(s->ept, s->ept->addr, 9, &b, 1, s->timeout);
	WRITE_ONCE(s->done, true);
	complete(&s->finished);
	return 0;
}

static struct sender *start_sender(struct kunit *test,
				   struct amp_rpmsg_endpoint *ept, long timeout)
{
	struct sender *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->ept = ept;
	s->timeout = timeout;
	init_completion(&s->started);
	init_completion(&s->finished);
	t = kthread_run(sender_fn, s, "amp_t_sender");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wait_for_completion(&s->started);
	return s;
}

static void core_sender_sleeps_until_tx_done(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	struct sender *s;
	u8 b = 0;
	int i;

	lp->auto_complete = false;
	for (i = 0; i < LOOP_NBUF; i++)
		KUNIT_ASSERT_EQ(test, amp_rpmsg_trysendto(ept, &b, 1, 9), 0);
	s = start_sender(test, ept, 5 * HZ);
	msleep(100);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(s->done));
	KUNIT_EXPECT_FALSE(test, amp_rpmsg_poll(ept, NULL, NULL) & EPOLLOUT);
	/* the tx-done of one buffer wakes the sender at once */
	KUNIT_EXPECT_TRUE(test, loop_complete_one(lp));
	if (!wait_for_completion_timeout(&s->finished, 2 * HZ)) {
		KUNIT_FAIL(test, "the sender was not woken by tx-done");
		wait_for_completion(&s->finished);
	}
	KUNIT_EXPECT_EQ(test, s->ret, 0);
	KUNIT_EXPECT_EQ(test, lp->nsent, LOOP_NBUF + 1);
}

static void core_sender_woken_by_unregister(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept;
	struct sender *s;
	u8 b = 0;
	int i;

	ept = amp_rpmsg_link_create_ept(lp->link, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ept));
	lp->auto_complete = false;
	for (i = 0; i < LOOP_NBUF; i++)
		KUNIT_ASSERT_EQ(test, amp_rpmsg_trysendto(ept, &b, 1, 9), 0);
	s = start_sender(test, ept, MAX_SCHEDULE_TIMEOUT);
	msleep(50);
	amp_rpmsg_link_unregister(lp->link);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&s->finished, 2 * HZ), 0UL);
	KUNIT_EXPECT_EQ(test, s->ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_sendto(ept, &b, 1, 9), -ENODEV);
	KUNIT_EXPECT_TRUE(test, amp_rpmsg_poll(ept, NULL, NULL) & EPOLLHUP);
	amp_rpmsg_destroy_ept(ept);
	amp_rpmsg_link_put(lp->link);
	lp->link = NULL;
}

static void core_poll_reports_in_and_out(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	u8 b = 0;
	int i;

	KUNIT_EXPECT_TRUE(test, amp_rpmsg_poll(ept, NULL, NULL) == (EPOLLOUT | EPOLLWRNORM));
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, &b, 1), 0);
	KUNIT_EXPECT_TRUE(test, amp_rpmsg_poll(ept, NULL, NULL) & EPOLLIN);
	lp->auto_complete = false;
	for (i = 0; i < LOOP_NBUF; i++)
		KUNIT_ASSERT_EQ(test, amp_rpmsg_trysendto(ept, &b, 1, 9), 0);
	KUNIT_EXPECT_FALSE(test, amp_rpmsg_poll(ept, NULL, NULL) & EPOLLOUT);
	loop_complete_one(lp);
	KUNIT_EXPECT_TRUE(test, amp_rpmsg_poll(ept, NULL, NULL) & EPOLLOUT);
}

static void core_queue_and_recv(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	char out[16];
	u32 src = 0;

	KUNIT_EXPECT_EQ(test, loop_inject(lp, 0x31, ept->addr, "one", 4), 0);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 0x32, ept->addr, "two!", 5), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_recv(ept, out, sizeof(out), &src, 0), 4);
	KUNIT_EXPECT_STREQ(test, out, "one");
	KUNIT_EXPECT_EQ(test, src, 0x31U);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_recv(ept, out, sizeof(out), &src, HZ), 5);
	KUNIT_EXPECT_STREQ(test, out, "two!");
	KUNIT_EXPECT_EQ(test, amp_rpmsg_recv(ept, out, sizeof(out), &src, 0), -EAGAIN);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_recv(ept, out, sizeof(out), &src,
					     msecs_to_jiffies(20)), -ETIMEDOUT);
}

static void core_recv_too_small_keeps_message(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	char out[16];

	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, "0123456789", 11), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_recv(ept, out, 4, NULL, 0), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_recv(ept, out, sizeof(out), NULL, 0), 11);
}

static void core_queue_bounded_drops_counted(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	u8 b = 0;
	int i;

	KUNIT_ASSERT_EQ(test, amp_rpmsg_ept_set_rxq_depth(ept, 2), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ept_set_rxq_depth(ept, 0), -EINVAL);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, &b, 1), 0);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, &b, 1), -ENOBUFS);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, &b, 1), -ENOBUFS);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ept_drops(ept), 2UL);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_RX_DROPS), 2UL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_recv(ept, &b, 1, NULL, 0), 1);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, &b, 1), 0);
}

static void core_zero_copy_tx(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, 0x6000);
	size_t room = 0;
	void *buf;

	buf = amp_rpmsg_tx_borrow(ept, &room, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	KUNIT_EXPECT_EQ(test, room, (size_t)LOOP_MTU);
	memcpy(buf, "zc", 3);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_tx_send(ept, buf, ept->addr, 0x44, 3), 0);
	KUNIT_ASSERT_EQ(test, lp->nsent, 1);
	KUNIT_EXPECT_STREQ(test, (char *)lp->sent[0].data, "zc");
	KUNIT_EXPECT_EQ(test, lp->sent[0].dst, 0x44U);
	/* borrowed and given back unsent: nothing is sent */
	buf = amp_rpmsg_tx_borrow(ept, &room, HZ);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	amp_rpmsg_tx_return(ept, buf);
	KUNIT_EXPECT_EQ(test, lp->nsent, 1);
	/* a bad length gives the buffer back too */
	buf = amp_rpmsg_tx_borrow(ept, &room, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	KUNIT_EXPECT_EQ(test, amp_rpmsg_tx_send(ept, buf, 1, 2, LOOP_MTU + 1), -EMSGSIZE);
	KUNIT_EXPECT_TRUE(test, loop_tx_ready(lp->link));
}

static void core_zero_copy_borrow_exhausts(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, NULL, NULL, AMP_RPMSG_ADDR_ANY);
	void *bufs[LOOP_NBUF];
	size_t room;
	int i;

	for (i = 0; i < LOOP_NBUF; i++) {
		bufs[i] = amp_rpmsg_tx_borrow(ept, &room, 0);
		KUNIT_ASSERT_FALSE(test, IS_ERR(bufs[i]));
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_tx_borrow(ept, &room, 0)), -EAGAIN);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_tx_borrow(ept, &room, msecs_to_jiffies(20))),
			-ETIMEDOUT);
	for (i = 0; i < LOOP_NBUF; i++)
		amp_rpmsg_tx_return(ept, bufs[i]);
	KUNIT_EXPECT_FALSE(test, IS_ERR(bufs[0] = amp_rpmsg_tx_borrow(ept, &room, 0)));
	amp_rpmsg_tx_return(ept, bufs[0]);
}

static int hold_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, u32 src)
{
	*(void **)priv = data;
	return AMP_RPMSG_RX_HOLD;
}

static void core_zero_copy_rx_hold(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	void *held = NULL;
	struct amp_rpmsg_endpoint *ept = ept_new(test, lp, hold_cb, &held, AMP_RPMSG_ADDR_ANY);
	u8 b = 5;

	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, ept->addr, &b, 1), AMP_RPMSG_RX_HOLD);
	KUNIT_ASSERT_NOT_NULL(test, held);
	KUNIT_EXPECT_EQ(test, lp->rx_released, 0);
	KUNIT_EXPECT_EQ(test, *(u8 *)held, 5);
	amp_rpmsg_rx_release(ept, held);
	KUNIT_EXPECT_EQ(test, lp->rx_released, 1);
	KUNIT_EXPECT_PTR_EQ(test, lp->last_released, held);
}

struct rxloop {
	struct loop *lp;
	u32 addr;
	atomic_t stop;
	int sent;
	struct completion done;
};

static int rxloop_fn(void *data)
{
	struct rxloop *x = data;
	u8 buf[8] = {};

	while (!atomic_read(&x->stop)) {
		amp_rpmsg_link_receive(x->lp->link, 1, x->addr, buf, sizeof(buf));
		x->sent++;
		cond_resched();
	}
	complete(&x->done);
	return 0;
}

static void core_ept_churn_under_concurrent_receive(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct rxloop *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	struct amp_rpmsg_endpoint *ept;
	struct rec r = {};
	struct task_struct *t;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->lp = lp;
	x->addr = 0x7000;
	init_completion(&x->done);
	t = kthread_run(rxloop_fn, x, "amp_t_rx");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < 300; i++) {
		ept = amp_rpmsg_link_create_ept(lp->link, rec_cb, &r, 0x7000);
		KUNIT_ASSERT_FALSE(test, IS_ERR(ept));
		if (i % 3 == 0)
			usleep_range(50, 100);
		amp_rpmsg_destroy_ept(ept);
		/* once destroyed, its callback never runs */
		KUNIT_ASSERT_EQ(test, atomic_read(&r.in_cb), 0);
	}
	atomic_set(&x->stop, 1);
	wait_for_completion(&x->done);
	KUNIT_EXPECT_GT(test, x->sent, 0);
	KUNIT_EXPECT_EQ(test, (unsigned long)r.n + st(lp, AMP_RPMSG_ST_RX_UNKNOWN_DST),
			(unsigned long)x->sent);
}

struct destroyer {
	struct amp_rpmsg_endpoint *ept;
	struct completion done;
};

static int destroyer_fn(void *data)
{
	struct destroyer *d = data;

	amp_rpmsg_destroy_ept(d->ept);
	complete(&d->done);
	return 0;
}

static int slow_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, u32 src)
{
	struct destroyer *d = priv;
	struct task_struct *t;

	t = kthread_run(destroyer_fn, d, "amp_t_destroy");
	if (IS_ERR(t))
		return PTR_ERR(t);
	msleep(100);
	/* destroy is waiting for us */
	return completion_done(&d->done) ? -EBUSY : 0;
}

static void core_destroy_waits_for_callback(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct destroyer *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	u8 b = 0;

	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->done);
	d->ept = amp_rpmsg_link_create_ept(lp->link, slow_cb, d, AMP_RPMSG_ADDR_ANY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(d->ept));
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 1, d->ept->addr, &b, 1), 0);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_RX_CB_ERR), 0UL);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&d->done, 2 * HZ), 0UL);
}

static void core_link_register_rejects_bad_config(struct kunit *test)
{
	struct amp_rpmsg_link_config cfg = {};

	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_link_register(&cfg)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_link_register(NULL)), -EINVAL);
	cfg.name = "x";
	cfg.parent = (struct device *)&cfg;
	cfg.ops = &loop_ops;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_link_register(&cfg)), -EINVAL);
}

/* channels and drivers */

static void core_driver_bound_by_name(struct kunit *test)
{
	struct loop *lp;
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_channel_info ci = { .name = "amp-t-record", .dst = 0x900 };

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	lp = loop_new(test, 0);
	rpdev = chan(test, lp, "amp-t-record", AMP_RPMSG_ADDR_ANY, 0x900, 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.probes, 1);
	KUNIT_ASSERT_NOT_NULL(test, rpdev->ept);
	KUNIT_EXPECT_EQ(test, rpdev->src, rpdev->ept->addr);
	KUNIT_EXPECT_GE(test, rpdev->src, 1024U);
	KUNIT_EXPECT_STREQ(test, rpdev->dev.driver->name, "amp_rpmsg_test_drv");
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 0x900, rpdev->src, "x", 2), 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.rx, 1);
	/* send on the channel goes from its src to its dst */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(rpdev->ept, "y", 2), 0);
	KUNIT_ASSERT_EQ(test, lp->nsent, 1);
	KUNIT_EXPECT_EQ(test, lp->sent[0].src, rpdev->src);
	KUNIT_EXPECT_EQ(test, lp->sent[0].dst, 0x900U);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_trysend(rpdev->ept, "z", 2), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_release_channel(lp->link, &ci), 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.removes, 1);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_release_channel(lp->link, &ci), -ENOENT);
}

static void core_driver_without_callback_has_no_ept(struct kunit *test)
{
	struct loop *lp;
	struct amp_rpmsg_device *rpdev;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	lp = loop_new(test, 0);
	rpdev = chan(test, lp, "amp-t-nocb", AMP_RPMSG_ADDR_ANY, 0x901, 0);
	/* the callback-less driver is bound and got no endpoint */
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.probes, 1);
	KUNIT_ASSERT_NOT_NULL(test, rpdev->dev.driver);
	KUNIT_EXPECT_STREQ(test, rpdev->dev.driver->name, "amp_rpmsg_test_nocb");
	KUNIT_EXPECT_NULL(test, rpdev->ept);
	KUNIT_EXPECT_EQ(test, rpdev->src, AMP_RPMSG_ADDR_ANY);
}

static void core_channel_duplicates_and_bad_names(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_channel_info ci = { .name = "dup", .src = AMP_RPMSG_ADDR_ANY,
					     .dst = 5 };

	chan(test, lp, "dup", AMP_RPMSG_ADDR_ANY, 5, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_create_channel(lp->link, &ci, 0)), -EEXIST);
	ci.dst = 6;
	KUNIT_EXPECT_FALSE(test, IS_ERR(amp_rpmsg_create_channel(lp->link, &ci, 0)));
	ci.name[0] = '\0';
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_create_channel(lp->link, &ci, 0)), -EINVAL);
	memset(ci.name, 'a', sizeof(ci.name));
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rpmsg_create_channel(lp->link, &ci, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 2U);
}

static void core_modalias_uevent(struct kunit *test)
{
	struct loop *lp = loop_new(test, 0);
	struct amp_rpmsg_device *rpdev = chan(test, lp, "some-svc", AMP_RPMSG_ADDR_ANY, 7, 0);
	struct kobj_uevent_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	bool found = false;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, env);
	KUNIT_ASSERT_EQ(test, rpdev->dev.bus->uevent(&rpdev->dev, env), 0);
	for (i = 0; i < env->envp_idx; i++)
		found |= !strcmp(env->envp[i], "MODALIAS=amp_rpmsg:some-svc");
	KUNIT_EXPECT_TRUE(test, found);
	KUNIT_EXPECT_STREQ(test, rpdev->dev.bus->name, "amp_rpmsg");
}

static void core_unregister_removes_channels(struct kunit *test)
{
	struct loop *lp;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	lp = loop_new(test, 0);
	chan(test, lp, "amp-t-record", AMP_RPMSG_ADDR_ANY, 0x902, 0);
	chan(test, lp, "amp-t-echo", AMP_RPMSG_ADDR_ANY, 0x903, 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.probes, 2);
	amp_rpmsg_link_unregister(lp->link);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.removes, 2);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 0U);
	amp_rpmsg_link_put(lp->link);
	lp->link = NULL;
}

static struct kunit_case amp_rpmsg_core_cases[] = {
	KUNIT_CASE(core_any_addresses_are_dynamic_and_unique),
	KUNIT_CASE(core_fixed_address),
	KUNIT_CASE(core_fixed_reserved_address),
	KUNIT_CASE(core_fixed_out_of_range),
	KUNIT_CASE(core_rx_reaches_callback),
	KUNIT_CASE(core_rx_unknown_dst_counted),
	KUNIT_CASE(core_rx_over_mtu_rejected),
	KUNIT_CASE(core_destroyed_ept_gets_nothing),
	KUNIT_CASE(core_callback_error_counted),
	KUNIT_CASE(core_sendto_and_offchannel),
	KUNIT_CASE(core_send_rejects_any_and_oversize),
	KUNIT_CASE(core_trysend_eagain_when_exhausted),
	KUNIT_CASE(core_send_times_out),
	KUNIT_CASE(core_sender_sleeps_until_tx_done),
	KUNIT_CASE(core_sender_woken_by_unregister),
	KUNIT_CASE(core_poll_reports_in_and_out),
	KUNIT_CASE(core_queue_and_recv),
	KUNIT_CASE(core_recv_too_small_keeps_message),
	KUNIT_CASE(core_queue_bounded_drops_counted),
	KUNIT_CASE(core_zero_copy_tx),
	KUNIT_CASE(core_zero_copy_borrow_exhausts),
	KUNIT_CASE(core_zero_copy_rx_hold),
	KUNIT_CASE(core_ept_churn_under_concurrent_receive),
	KUNIT_CASE(core_destroy_waits_for_callback),
	KUNIT_CASE(core_link_register_rejects_bad_config),
	KUNIT_CASE(core_driver_bound_by_name),
	KUNIT_CASE(core_driver_without_callback_has_no_ept),
	KUNIT_CASE(core_channel_duplicates_and_bad_names),
	KUNIT_CASE(core_modalias_uevent),
	KUNIT_CASE(core_unregister_removes_channels),
	{}
};

static struct kunit_suite amp_rpmsg_core_suite = {
	.name = "amp_rpmsg_core",
	.test_cases = amp_rpmsg_core_cases,
};

kunit_test_suite(amp_rpmsg_core_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the ampipc rpmsg bus and its virtio transport");
