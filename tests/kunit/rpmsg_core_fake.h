/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fakes the rpmsg core suites share (rpmsg_core_fake.c): the test
 * channel driver and a loopback transport that records what the host sends
 * and injects what the "remote" sends.
 */
#ifndef AMP_RPMSG_CORE_FAKE_H
#define AMP_RPMSG_CORE_FAKE_H

#include <kunit/test.h>
#include <linux/spinlock.h>

#include <ampipc/rpmsg.h>

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

extern const struct amp_rpmsg_transport_ops loop_ops;
bool loop_tx_ready(struct amp_rpmsg_link *link);
bool loop_complete_one(struct loop *lp);
struct loop *loop_new_cfg(struct kunit *test,
			  struct amp_rpmsg_link_config *cfg);
struct loop *loop_new(struct kunit *test, unsigned int flags);
int loop_inject(struct loop *lp, u32 src, u32 dst, const void *data,
		size_t len);
int loop_ns(struct loop *lp, const char *name, u32 addr, u32 flags);
unsigned long st(struct loop *lp, enum amp_rpmsg_stat s);
int rec_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len, void *priv,
	   u32 src);
struct amp_rpmsg_endpoint *ept_new(struct kunit *test, struct loop *lp,
				   amp_rpmsg_rx_cb_t cb, void *priv, u32 addr);
struct amp_rpmsg_device *chan(struct kunit *test, struct loop *lp,
			      const char *name, u32 src, u32 dst,
			      unsigned int flags);

#endif
