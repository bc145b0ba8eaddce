// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suites amp_rpmsg_core, amp_rpmsg_ns and amp_rpmsg_static,
 * on a loopback transport: what the host sends is recorded (and its buffer
 * kept in flight until the test completes it), what the "remote" sends is
 * injected into the link's receive path from buffers the loopback owns.
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

/* ---------------------------------------------------------------- */
/* the test channel driver (shared with the virtio suite) */

struct amp_t_drv amp_t_drv_state;

static const struct amp_rpmsg_device_id amp_t_ids[] = {
	{ .name = "amp-t-echo", .driver_data = AMP_T_ECHO },
	{ .name = "amp-t-server", .driver_data = AMP_T_SERVER },
	{ .name = "amp-t-record", .driver_data = AMP_T_RECORD },
	{ .name = "amp-t-hold", .driver_data = AMP_T_HOLD },
	{ },
};

static int amp_t_probe(struct amp_rpmsg_device *rpdev)
{
	struct amp_t_drv *s = &amp_t_drv_state;
	static const char hello[] = "hello";

	spin_lock(&s->lock);
	s->rpdev = rpdev;
	s->probes++;
	spin_unlock(&s->lock);
	if (rpdev->id->driver_data == AMP_T_NOCB)
		return rpdev->ept ? -EINVAL : 0;
	if (!rpdev->ept)
		return -EINVAL;
	if (s->greet)
		return amp_rpmsg_send(rpdev->ept, hello, sizeof(hello));
	return 0;
}

static void amp_t_remove(struct amp_rpmsg_device *rpdev)
{
	struct amp_t_drv *s = &amp_t_drv_state;

	amp_t_drv_release_held();
	spin_lock(&s->lock);
	s->removes++;
	if (s->rpdev == rpdev)
		s->rpdev = NULL;
	spin_unlock(&s->lock);
}

static int amp_t_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, u32 src)
{
	struct amp_t_drv *s = &amp_t_drv_state;
	enum amp_t_mode mode = ept->rpdev->id->driver_data;
	int ret = 0;

	spin_lock(&s->lock);
	s->rx++;
	s->last_len = min(len, sizeof(s->last));
	memcpy(s->last, data, s->last_len);
	s->last_src = src;
	if (mode == AMP_T_HOLD && s->nheld < AMP_T_MAX_HELD) {
		s->held[s->nheld++] = data;
		s->held_ept = ept;
		ret = AMP_RPMSG_RX_HOLD;
	}
	spin_unlock(&s->lock);

	if (mode == AMP_T_ECHO)
		ret = amp_rpmsg_send(ept, data, len);
	else if (mode == AMP_T_SERVER)
		ret = amp_rpmsg_sendto(ept, data, len, src);
	complete(&s->rx_done);
	return ret;
}

struct amp_rpmsg_driver amp_t_driver = {
	.drv.name = "amp_rpmsg_test_drv",
	.id_table = amp_t_ids,
	.probe = amp_t_probe,
	.remove = amp_t_remove,
	.callback = amp_t_cb,
};

/* The nocb entry must not get a channel endpoint: a second driver. */
static const struct amp_rpmsg_device_id amp_t_nocb_ids[] = {
	{ .name = "amp-t-nocb", .driver_data = AMP_T_NOCB },
	{ },
};

static struct amp_rpmsg_driver amp_t_nocb_driver = {
	.drv.name = "amp_rpmsg_test_nocb",
	.id_table = amp_t_nocb_ids,
	.probe = amp_t_probe,
	.remove = amp_t_remove,
};

void amp_t_drv_release_held(void)
{
	struct amp_t_drv *s = &amp_t_drv_state;
	void *held[AMP_T_MAX_HELD];
	struct amp_rpmsg_endpoint *ept;
	int i, n;

	spin_lock(&s->lock);
	n = s->nheld;
	memcpy(held, s->held, sizeof(held));
	ept = s->held_ept;
	s->nheld = 0;
	spin_unlock(&s->lock);
	for (i = 0; i < n; i++)
		amp_rpmsg_rx_release(ept, held[i]);
}

void amp_t_drv_reset(void)
{
	struct amp_t_drv *s = &amp_t_drv_state;

	memset(s, 0, sizeof(*s));
	spin_lock_init(&s->lock);
	init_completion(&s->rx_done);
}

static void amp_t_drv_unregister(void *unused)
{
	amp_rpmsg_unregister_driver(&amp_t_nocb_driver);
	amp_rpmsg_unregister_driver(&amp_t_driver);
}

int amp_t_drv_register(struct kunit *test)
{
	int ret;

	amp_t_drv_reset();
	ret = amp_rpmsg_driver_register(&amp_t_driver, NULL);
	if (ret)
		return ret;
	ret = amp_rpmsg_driver_register(&amp_t_nocb_driver, NULL);
	if (ret) {
		amp_rpmsg_unregister_driver(&amp_t_driver);
		return ret;
	}
	return amp_t_defer(test, amp_t_drv_unregister, NULL);
}

/* ---------------------------------------------------------------- */
/* the loopback transport */

#define LOOP_NBUF	4
#define LOOP_BUFSZ	512
#define LOOP_MTU	(LOOP_BUFSZ - 16)

enum { LB_FREE, LB_OUT, LB_FLIGHT };

struct loop_msg {
	u32 src, dst;
	size_t len;
	u8 data[LOOP_BUFSZ];
};

struct loop {
	struct kunit *test;
	struct device *dev;
	struct amp_rpmsg_link *link;
	spinlock_t lock;
	u8 tx[LOOP_NBUF][LOOP_BUFSZ];
	int state[LOOP_NBUF];
	bool auto_complete;
	struct loop_msg sent[64];
	int nsent;
	u8 rx[LOOP_NBUF][LOOP_BUFSZ];
	int rx_released;
	void *last_released;
};

static int loop_idx(struct loop *lp, void *buf)
{
	int i;

	for (i = 0; i < LOOP_NBUF; i++)
		if (buf == lp->tx[i])
			return i;
	return -1;
}

static void *loop_tx_get(struct amp_rpmsg_link *link, size_t *room)
{
	struct loop *lp = amp_rpmsg_link_priv(link);
	void *buf = ERR_PTR(-EAGAIN);
	int i;

	spin_lock(&lp->lock);
	for (i = 0; i < LOOP_NBUF; i++) {
		if (lp->state[i] == LB_FREE) {
			lp->state[i] = LB_OUT;
			buf = lp->tx[i];
			*room = LOOP_MTU;
			break;
		}
	}
	spin_unlock(&lp->lock);
	return buf;
}

static int loop_tx_send(struct amp_rpmsg_link *link, void *buf, u32 src,
			u32 dst, size_t len)
{
	struct loop *lp = amp_rpmsg_link_priv(link);
	int i = loop_idx(lp, buf);
	struct loop_msg *m;

	if (i < 0 || lp->state[i] != LB_OUT || len > LOOP_MTU)
		return -EINVAL;
	spin_lock(&lp->lock);
	if (lp->nsent < ARRAY_SIZE(lp->sent)) {
		m = &lp->sent[lp->nsent++];
		m->src = src;
		m->dst = dst;
		m->len = len;
		memcpy(m->data, buf, len);
	}
	lp->state[i] = lp->auto_complete ? LB_FREE : LB_FLIGHT;
	spin_unlock(&lp->lock);
	if (lp->auto_complete)
		amp_rpmsg_link_tx_done(link);
	return 0;
}

static void loop_tx_put(struct amp_rpmsg_link *link, void *buf)
{
	struct loop *lp = amp_rpmsg_link_priv(link);
	int i = loop_idx(lp, buf);

	spin_lock(&lp->lock);
	if (i >= 0 && lp->state[i] == LB_OUT)
		lp->state[i] = LB_FREE;
	spin_unlock(&lp->lock);
}

static bool loop_tx_ready(struct amp_rpmsg_link *link)
{
	struct loop *lp = amp_rpmsg_link_priv(link);
	bool ready = false;
	int i;

	spin_lock(&lp->lock);
	for (i = 0; i < LOOP_NBUF; i++)
		ready |= lp->state[i] == LB_FREE;
	spin_unlock(&lp->lock);
	return ready;
}

static void loop_rx_release(struct amp_rpmsg_link *link, void *data)
{
	struct loop *lp = amp_rpmsg_link_priv(link);

	spin_lock(&lp->lock);
	lp->rx_released++;
	lp->last_released = data;
	spin_unlock(&lp->lock);
}

static const struct amp_rpmsg_transport_ops loop_ops = {
	.tx_get = loop_tx_get,
	.tx_send = loop_tx_send,
	.tx_put = loop_tx_put,
	.tx_ready = loop_tx_ready,
	.rx_release = loop_rx_release,
};

/* Complete one in-flight buffer, as the remote's tx-done would. */
static bool loop_complete_one(struct loop *lp)
{
	bool done = false;
	int i;

	spin_lock(&lp->lock);
	for (i = 0; i < LOOP_NBUF && !done; i++) {
		if (lp->state[i] == LB_FLIGHT) {
			lp->state[i] = LB_FREE;
			done = true;
		}
	}
	spin_unlock(&lp->lock);
	if (done)
		amp_rpmsg_link_tx_done(lp->link);
	return done;
}

static atomic_t loop_seq = ATOMIC_INIT(0);

static void loop_destroy(void *data)
{
	struct loop *lp = data;

	if (lp->link) {
		amp_rpmsg_link_unregister(lp->link);
		amp_rpmsg_link_put(lp->link);
	}
	root_device_unregister(lp->dev);
}

static struct loop *loop_new_cfg(struct kunit *test,
				 struct amp_rpmsg_link_config *cfg)
{
	struct loop *lp = kunit_kzalloc(test, sizeof(*lp), GFP_KERNEL);
	char name[32];

	KUNIT_ASSERT_NOT_NULL(test, lp);
	lp->test = test;
	lp->auto_complete = true;
	spin_lock_init(&lp->lock);
	snprintf(name, sizeof(name), "amp_rpmsg_loop%d", atomic_inc_return(&loop_seq));
	lp->dev = amp_t_root_device(name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(lp->dev));
	cfg->name = dev_name(lp->dev);
	cfg->parent = lp->dev;
	cfg->ops = &loop_ops;
	cfg->priv = lp;
	cfg->tx_mtu = LOOP_MTU;
	cfg->rx_mtu = LOOP_MTU;
	lp->link = amp_rpmsg_link_register(cfg);
	if (IS_ERR(lp->link)) {
		int ret = PTR_ERR(lp->link);

		lp->link = NULL;
		root_device_unregister(lp->dev);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "link register");
	}
	KUNIT_ASSERT_EQ(test, amp_t_defer(test, loop_destroy, lp), 0);
	amp_rpmsg_link_start(lp->link);
	return lp;
}

static struct loop *loop_new(struct kunit *test, unsigned int flags)
{
	struct amp_rpmsg_link_config cfg = { .flags = flags };

	return loop_new_cfg(test, &cfg);
}

/* The remote sends @len bytes from @src to @dst. */
static int loop_inject(struct loop *lp, u32 src, u32 dst, const void *data,
		       size_t len)
{
	static unsigned int slot;
	void *buf = lp->rx[slot++ % LOOP_NBUF];

	memcpy(buf, data, min_t(size_t, len, LOOP_BUFSZ));
	return amp_rpmsg_link_receive(lp->link, src, dst, buf, len);
}

static int loop_ns(struct loop *lp, const char *name, u32 addr, u32 flags)
{
	struct amp_rpmsg_ns_msg msg = {};

	strscpy(msg.name, name, sizeof(msg.name));
	msg.addr = cpu_to_le32(addr);
	msg.flags = cpu_to_le32(flags);
	return loop_inject(lp, addr, AMP_RPMSG_NS_ADDR, &msg, sizeof(msg));
}

static unsigned long st(struct loop *lp, enum amp_rpmsg_stat s)
{
	return amp_rpmsg_link_stat(lp->link, s);
}

/* A recording endpoint callback. */
struct rec {
	int n;
	u32 src;
	size_t len;
	u8 data[LOOP_BUFSZ];
	void *priv;
	int ret;
	unsigned int sleep_ms;
	atomic_t in_cb;
};

static int rec_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		  void *priv, u32 src)
{
	struct rec *r = priv;

	atomic_inc(&r->in_cb);
	if (r->sleep_ms)
		msleep(r->sleep_ms);
	r->n++;
	r->src = src;
	r->len = len;
	r->priv = priv;
	memcpy(r->data, data, min_t(size_t, len, sizeof(r->data)));
	atomic_dec(&r->in_cb);
	return r->ret;
}

static void ept_destroy_action(void *ept)
{
	amp_rpmsg_destroy_ept(ept);
}

static struct amp_rpmsg_endpoint *ept_new(struct kunit *test, struct loop *lp,
					  amp_rpmsg_rx_cb_t cb, void *priv,
					  u32 addr)
{
	struct amp_rpmsg_endpoint *ept;

	ept = amp_rpmsg_link_create_ept(lp->link, cb, priv, addr);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(ept), "create ept %u: %pe", addr,
			       ept);
	KUNIT_ASSERT_EQ(test, amp_t_defer(test, ept_destroy_action, ept), 0);
	return ept;
}

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

static struct amp_rpmsg_device *chan(struct kunit *test, struct loop *lp,
				     const char *name, u32 src, u32 dst,
				     unsigned int flags)
{
	struct amp_rpmsg_channel_info ci = { .src = src, .dst = dst };
	struct amp_rpmsg_device *rpdev;

	strscpy(ci.name, name, sizeof(ci.name));
	rpdev = amp_rpmsg_create_channel(lp->link, &ci, flags);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(rpdev), "channel %s: %pe", name,
			       rpdev);
	return rpdev;
}

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

/* ---------------------------------------------------------------- */
/* amp_rpmsg_ns */

static void ns_msg(struct amp_rpmsg_ns_msg *m, const char *name, u32 addr,
		   u32 flags)
{
	memset(m, 0, sizeof(*m));
	strscpy(m->name, name, sizeof(m->name));
	m->addr = cpu_to_le32(addr);
	m->flags = cpu_to_le32(flags);
}

static void ns_parse_create_and_destroy(struct kunit *test)
{
	struct amp_rpmsg_channel_info ci;
	struct amp_rpmsg_ns_msg m;
	bool destroy = true;

	KUNIT_EXPECT_EQ(test, sizeof(m), (size_t)40);
	ns_msg(&m, "rpmsg-tty", 0x401, AMP_RPMSG_NS_CREATE);
	KUNIT_ASSERT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &destroy), 0);
	KUNIT_EXPECT_STREQ(test, ci.name, "rpmsg-tty");
	KUNIT_EXPECT_EQ(test, ci.dst, 0x401U);
	KUNIT_EXPECT_EQ(test, ci.src, AMP_RPMSG_ADDR_ANY);
	KUNIT_EXPECT_FALSE(test, destroy);
	ns_msg(&m, "rpmsg-tty", 0x401, AMP_RPMSG_NS_DESTROY);
	KUNIT_ASSERT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &destroy), 0);
	KUNIT_EXPECT_TRUE(test, destroy);
}

static void ns_parse_wire_bytes(struct kunit *test)
{
	/* bytes as a little-endian remote lays them out */
	u8 raw[40] = { 'a', 'b', 0 };
	struct amp_rpmsg_channel_info ci;
	bool destroy;

	raw[32] = 0x34;
	raw[33] = 0x12;
	raw[36] = 1;
	KUNIT_ASSERT_EQ(test, amp_rpmsg_ns_parse(raw, sizeof(raw), &ci, &destroy), 0);
	KUNIT_EXPECT_EQ(test, ci.dst, 0x1234U);
	KUNIT_EXPECT_TRUE(test, destroy);
}

static void ns_parse_rejects_length(struct kunit *test)
{
	u8 raw[64] = { 'a' };
	struct amp_rpmsg_channel_info ci;
	bool d;

	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(raw, 0, &ci, &d), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(raw, 39, &ci, &d), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(raw, 41, &ci, &d), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(raw, 64, &ci, &d), -EMSGSIZE);
}

static void ns_parse_rejects_names(struct kunit *test)
{
	struct amp_rpmsg_channel_info ci;
	struct amp_rpmsg_ns_msg m;
	bool d;

	ns_msg(&m, "", 0x401, 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &d), -EINVAL);
	memset(m.name, 'n', sizeof(m.name));
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &d), -EINVAL);
	/* 31 characters and the NUL fit */
	m.name[31] = '\0';
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &d), 0);
	KUNIT_EXPECT_EQ(test, strlen(ci.name), (size_t)31);
}

static void ns_parse_rejects_flags_and_addr(struct kunit *test)
{
	struct amp_rpmsg_channel_info ci;
	struct amp_rpmsg_ns_msg m;
	bool d;

	ns_msg(&m, "x", 0x401, 2);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &d), -EOPNOTSUPP);
	ns_msg(&m, "x", 0x401, 0x80000000);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &d), -EOPNOTSUPP);
	ns_msg(&m, "x", AMP_RPMSG_ADDR_ANY, 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_ns_parse(&m, sizeof(m), &ci, &d), -EADDRNOTAVAIL);
}

static void ns_announcement_creates_and_probes(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct loop *lp;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	lp = loop_new(test, AMP_RPMSG_LINK_NS);
	KUNIT_EXPECT_EQ(test, loop_ns(lp, "amp-t-record", 0x401, AMP_RPMSG_NS_CREATE), 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.probes, 1);
	rpdev = amp_rpmsg_link_find_channel(lp->link, "amp-t-record", 0x401);
	KUNIT_ASSERT_NOT_NULL(test, rpdev);
	KUNIT_EXPECT_TRUE(test, rpdev->flags & AMP_RPMSG_CH_NS);
	KUNIT_EXPECT_FALSE(test, rpdev->flags & AMP_RPMSG_CH_ANNOUNCE);
	put_device(&rpdev->dev);
	/* a remote-announced channel is not announced back */
	KUNIT_EXPECT_EQ(test, lp->nsent, 0);
	KUNIT_EXPECT_EQ(test, loop_ns(lp, "amp-t-record", 0x401, AMP_RPMSG_NS_DESTROY), 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.removes, 1);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 0U);
}

static void ns_rejections_counted(struct kunit *test)
{
	struct loop *lp = loop_new(test, AMP_RPMSG_LINK_NS);
	struct amp_rpmsg_ns_msg m;

	ns_msg(&m, "x", 0x401, 0);
	loop_inject(lp, 1, 53, &m, 39);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_BAD_LEN), 1UL);
	memset(m.name, 'q', sizeof(m.name));
	loop_inject(lp, 1, 53, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_BAD_NAME), 1UL);
	ns_msg(&m, "x", 0x401, 7);
	loop_inject(lp, 1, 53, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_BAD_FLAGS), 1UL);
	ns_msg(&m, "x", AMP_RPMSG_ADDR_ANY, 0);
	loop_inject(lp, 1, 53, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_BAD_ADDR), 1UL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 0U);
}

static void ns_duplicate_and_unknown_destroy(struct kunit *test)
{
	struct loop *lp = loop_new(test, AMP_RPMSG_LINK_NS);

	KUNIT_EXPECT_EQ(test, loop_ns(lp, "svc", 0x401, 0), 0);
	KUNIT_EXPECT_EQ(test, loop_ns(lp, "svc", 0x401, 0), 0);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_DUP), 1UL);
	/* the same name at another address is another channel */
	KUNIT_EXPECT_EQ(test, loop_ns(lp, "svc", 0x402, 0), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 2U);
	KUNIT_EXPECT_EQ(test, loop_ns(lp, "svc", 0x403, 1), 0);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_UNKNOWN), 1UL);
	KUNIT_EXPECT_EQ(test, loop_ns(lp, "nope", 0x401, 1), 0);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_UNKNOWN), 2UL);
}

static void ns_channel_cap(struct kunit *test)
{
	struct amp_rpmsg_link_config cfg = { .flags = AMP_RPMSG_LINK_NS,
					     .max_ns_channels = 3 };
	struct loop *lp = loop_new_cfg(test, &cfg);
	char name[8];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		loop_ns(lp, name, 0x500 + i, 0);
	}
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 3U);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_TOO_MANY), 2UL);
	/* a destroy frees a place */
	loop_ns(lp, "s0", 0x500, 1);
	loop_ns(lp, "s4", 0x504, 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 3U);
	KUNIT_EXPECT_EQ(test, st(lp, AMP_RPMSG_ST_NS_TOO_MANY), 2UL);
	/* channels the host creates itself do not count */
	chan(test, lp, "local", AMP_RPMSG_ADDR_ANY, 0x600, 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 4U);
}

static void ns_host_announces_its_endpoints(struct kunit *test)
{
	struct amp_rpmsg_ns_msg *m;
	struct amp_rpmsg_device *rpdev;
	struct loop *lp;
	struct amp_rpmsg_channel_info ci = { .name = "amp-t-record", .dst = 0x700 };

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	lp = loop_new(test, AMP_RPMSG_LINK_NS);
	rpdev = chan(test, lp, "amp-t-record", 0x4100, 0x700, AMP_RPMSG_CH_ANNOUNCE);
	KUNIT_ASSERT_EQ(test, lp->nsent, 1);
	KUNIT_EXPECT_EQ(test, lp->sent[0].dst, 53U);
	KUNIT_EXPECT_EQ(test, lp->sent[0].src, 0x4100U);
	KUNIT_ASSERT_EQ(test, lp->sent[0].len, (size_t)40);
	m = (void *)lp->sent[0].data;
	KUNIT_EXPECT_STREQ(test, m->name, "amp-t-record");
	KUNIT_EXPECT_EQ(test, le32_to_cpu(m->addr), 0x4100U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(m->flags), 0U);
	KUNIT_EXPECT_EQ(test, rpdev->src, 0x4100U);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_release_channel(lp->link, &ci), 0);
	KUNIT_ASSERT_EQ(test, lp->nsent, 2);
	m = (void *)lp->sent[1].data;
	KUNIT_EXPECT_EQ(test, le32_to_cpu(m->flags), 1U);
}

static void ns_no_announce_without_feature(struct kunit *test)
{
	struct loop *lp;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	lp = loop_new(test, 0);
	chan(test, lp, "amp-t-record", AMP_RPMSG_ADDR_ANY, 0x700, AMP_RPMSG_CH_ANNOUNCE);
	KUNIT_EXPECT_EQ(test, lp->nsent, 0);
	/* and nothing listens at 53 */
	KUNIT_EXPECT_EQ(test, loop_ns(lp, "svc", 0x401, 0), -ENXIO);
}

static struct kunit_case amp_rpmsg_ns_cases[] = {
	KUNIT_CASE(ns_parse_create_and_destroy),
	KUNIT_CASE(ns_parse_wire_bytes),
	KUNIT_CASE(ns_parse_rejects_length),
	KUNIT_CASE(ns_parse_rejects_names),
	KUNIT_CASE(ns_parse_rejects_flags_and_addr),
	KUNIT_CASE(ns_announcement_creates_and_probes),
	KUNIT_CASE(ns_rejections_counted),
	KUNIT_CASE(ns_duplicate_and_unknown_destroy),
	KUNIT_CASE(ns_channel_cap),
	KUNIT_CASE(ns_host_announces_its_endpoints),
	KUNIT_CASE(ns_no_announce_without_feature),
	{}
};

static struct kunit_suite amp_rpmsg_ns_suite = {
	.name = "amp_rpmsg_ns",
	.test_cases = amp_rpmsg_ns_cases,
};

/* ---------------------------------------------------------------- */
/* amp_rpmsg_static */

static void static_parse_entries(struct kunit *test)
{
	struct amp_rpmsg_channel_info ch[4];

	KUNIT_ASSERT_EQ(test, amp_rpmsg_parse_static("tty:0x400", "l", ch, 4), 1);
	KUNIT_EXPECT_STREQ(test, ch[0].name, "tty");
	KUNIT_EXPECT_EQ(test, ch[0].dst, 0x400U);
	KUNIT_EXPECT_EQ(test, ch[0].src, AMP_RPMSG_ADDR_ANY);
	KUNIT_ASSERT_EQ(test, amp_rpmsg_parse_static(" a:1:30 , b:2,,c:3\n", "l", ch, 4), 3);
	KUNIT_EXPECT_EQ(test, ch[0].src, 30U);
	KUNIT_EXPECT_STREQ(test, ch[2].name, "c");
	KUNIT_EXPECT_EQ(test, amp_rpmsg_parse_static("", "l", ch, 4), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_parse_static(NULL, "l", ch, 4), 0);
}

static void static_parse_link_filter(struct kunit *test)
{
	struct amp_rpmsg_channel_info ch[4];

	KUNIT_ASSERT_EQ(test, amp_rpmsg_parse_static("virtio0/a:1,virtio1/b:2,c:3",
						     "virtio1", ch, 4), 2);
	KUNIT_EXPECT_STREQ(test, ch[0].name, "b");
	KUNIT_EXPECT_STREQ(test, ch[1].name, "c");
	KUNIT_EXPECT_EQ(test, amp_rpmsg_parse_static("virtio0/a:1", "virtio00", ch, 4), 0);
}

static void static_parse_rejects(struct kunit *test)
{
	static const char *const bad[] = {
		"a", ":5", "a:", "a:x", "a:1:", "a:1:y", "/a:1", "a:1:2:3",
		"a:4294967295", "a:99999999999",
		"abcdefghijklmnopqrstuvwxyz0123456:1",
	};
	struct amp_rpmsg_channel_info ch[4];
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, amp_rpmsg_parse_static(bad[i], "l", ch, 4),
				    -EINVAL, "spec \"%s\"", bad[i]);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_parse_static("a:1,b:2,c:3", "l", ch, 2), -E2BIG);
	/* one bad entry spoils the string */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_parse_static("a:1,b", "l", ch, 4), -EINVAL);
}

static void static_from_backend_table(struct kunit *test)
{
	static const struct amp_rpmsg_channel_info tbl[] = {
		{ .name = "amp-t-record", .src = 0x4200, .dst = 0x800 },
		{ .name = "other", .src = AMP_RPMSG_ADDR_ANY, .dst = 0x801 },
	};
	struct amp_rpmsg_link_config cfg = { .flags = AMP_RPMSG_LINK_NS,
					     .channels = tbl, .nr_channels = 2 };
	struct amp_rpmsg_device *rpdev;
	struct loop *lp;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	lp = loop_new_cfg(test, &cfg);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 2U);
	rpdev = amp_rpmsg_link_find_channel(lp->link, "amp-t-record", 0x800);
	KUNIT_ASSERT_NOT_NULL(test, rpdev);
	KUNIT_EXPECT_TRUE(test, rpdev->flags & AMP_RPMSG_CH_STATIC);
	KUNIT_EXPECT_EQ(test, rpdev->src, 0x4200U);
	put_device(&rpdev->dev);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.probes, 1);
	/* bound, so announced to the remote */
	KUNIT_ASSERT_EQ(test, lp->nsent, 1);
	KUNIT_EXPECT_EQ(test, lp->sent[0].dst, 53U);
	KUNIT_EXPECT_EQ(test, loop_inject(lp, 0x800, 0x4200, "hi", 3), 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.rx, 1);
}

static void static_from_firmware_node(struct kunit *test)
{
	const struct property_entry good[] = {
		PROPERTY_ENTRY_STRING("amp,rpmsg-name", "amp-t-record"),
		PROPERTY_ENTRY_U32("amp,rpmsg-dst", 0x810),
		PROPERTY_ENTRY_U32("amp,rpmsg-src", 0x4300),
		{ }
	};
	const struct property_entry nodst[] = {
		PROPERTY_ENTRY_STRING("amp,rpmsg-name", "broken"),
		{ }
	};
	const struct property_entry unrelated[] = {
		PROPERTY_ENTRY_U32("other", 1),
		{ }
	};
	struct fwnode_handle *parent, *c1, *c2, *c3;
	struct amp_rpmsg_link_config cfg = {};
	struct amp_rpmsg_device *rpdev;
	struct loop *lp;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	parent = fwnode_create_software_node(NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(parent));
	c1 = fwnode_create_software_node(good, parent);
	c2 = fwnode_create_software_node(nodst, parent);
	c3 = fwnode_create_software_node(unrelated, parent);
	if (!IS_ERR(c1) && !IS_ERR(c2) && !IS_ERR(c3)) {
		cfg.fwnode = parent;
		lp = loop_new_cfg(test, &cfg);
		/* only the complete node became a channel */
		KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(lp->link), 1U);
		rpdev = amp_rpmsg_link_find_channel(lp->link, "amp-t-record", 0x810);
		KUNIT_EXPECT_NOT_NULL(test, rpdev);
		if (rpdev) {
			KUNIT_EXPECT_EQ(test, rpdev->src, 0x4300U);
			put_device(&rpdev->dev);
		}
		amp_rpmsg_link_unregister(lp->link);
		amp_rpmsg_link_put(lp->link);
		lp->link = NULL;
	} else {
		KUNIT_FAIL(test, "software nodes");
	}
	if (!IS_ERR(c3))
		fwnode_remove_software_node(c3);
	if (!IS_ERR(c2))
		fwnode_remove_software_node(c2);
	if (!IS_ERR(c1))
		fwnode_remove_software_node(c1);
	fwnode_remove_software_node(parent);
}

static struct kunit_case amp_rpmsg_static_cases[] = {
	KUNIT_CASE(static_parse_entries),
	KUNIT_CASE(static_parse_link_filter),
	KUNIT_CASE(static_parse_rejects),
	KUNIT_CASE(static_from_backend_table),
	KUNIT_CASE(static_from_firmware_node),
	{}
};

static struct kunit_suite amp_rpmsg_static_suite = {
	.name = "amp_rpmsg_static",
	.test_cases = amp_rpmsg_static_cases,
};

kunit_test_suites(&amp_rpmsg_core_suite, &amp_rpmsg_ns_suite,
		  &amp_rpmsg_static_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the ampipc rpmsg bus and its virtio transport");
