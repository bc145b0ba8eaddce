// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: the fakes of the rpmsg core suites (rpmsg_core_test.c,
 * rpmsg_ns_test.c): the test channel driver (shared with the virtio suite)
 * and the loopback transport: what the host sends is recorded (and its
 * buffer kept in flight until the test completes it), what the "remote"
 * sends is injected into the link's receive path from buffers the loopback
 * owns.
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

bool loop_tx_ready(struct amp_rpmsg_link *link)
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

const struct amp_rpmsg_transport_ops loop_ops = {
	.tx_get = loop_tx_get,
	.tx_send = loop_tx_send,
	.tx_put = loop_tx_put,
	.tx_ready = loop_tx_ready,
	.rx_release = loop_rx_release,
};

/* Complete one in-flight buffer, as the remote's tx-done would. */
bool loop_complete_one(struct loop *lp)
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

struct loop *loop_new_cfg(struct kunit *test, struct amp_rpmsg_link_config *cfg)
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

struct loop *loop_new(struct kunit *test, unsigned int flags)
{
	struct amp_rpmsg_link_config cfg = { .flags = flags };

	return loop_new_cfg(test, &cfg);
}

/* The remote sends @len bytes from @src to @dst. */
int loop_inject(struct loop *lp, u32 src, u32 dst, const void *data, size_t len)
{
	static unsigned int slot;
	void *buf = lp->rx[slot++ % LOOP_NBUF];

	memcpy(buf, data, min_t(size_t, len, LOOP_BUFSZ));
	return amp_rpmsg_link_receive(lp->link, src, dst, buf, len);
}

int loop_ns(struct loop *lp, const char *name, u32 addr, u32 flags)
{
	struct amp_rpmsg_ns_msg msg = {};

	strscpy(msg.name, name, sizeof(msg.name));
	msg.addr = cpu_to_le32(addr);
	msg.flags = cpu_to_le32(flags);
	return loop_inject(lp, addr, AMP_RPMSG_NS_ADDR, &msg, sizeof(msg));
}

unsigned long st(struct loop *lp, enum amp_rpmsg_stat s)
{
	return amp_rpmsg_link_stat(lp->link, s);
}

int rec_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len, void *priv,
	   u32 src)
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

struct amp_rpmsg_endpoint *ept_new(struct kunit *test, struct loop *lp,
				   amp_rpmsg_rx_cb_t cb, void *priv, u32 addr)
{
	struct amp_rpmsg_endpoint *ept;

	ept = amp_rpmsg_link_create_ept(lp->link, cb, priv, addr);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(ept), "create ept %u: %pe", addr,
			       ept);
	KUNIT_ASSERT_EQ(test, amp_t_defer(test, ept_destroy_action, ept), 0);
	return ept;
}

struct amp_rpmsg_device *chan(struct kunit *test, struct loop *lp,
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
