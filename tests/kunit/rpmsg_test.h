/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: helpers shared by the amp_rpmsg_* KUnit suites.
 */
#ifndef AMPIPC_RPMSG_TEST_H
#define AMPIPC_RPMSG_TEST_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/jiffies.h>

#include <ampipc/rpmsg.h>

/* Wait up to 3 s for @cond, polling; true if it became true. */
#define amp_t_wait(cond) ({						\
	unsigned long __end = jiffies + 3 * HZ;				\
	bool __ok;							\
	while (!(__ok = (cond)) && time_before(jiffies, __end))		\
		usleep_range(5000, 10000);				\
	__ok;								\
})

/*
 * Run @fn(@data) when the test ends (in reverse order of registration);
 * kunit_add_action() only exists from 6.5 on, resources everywhere.
 */
struct amp_t_action {
	void (*fn)(void *data);
	void *data;
};

static inline void amp_t_action_free(struct kunit_resource *res)
{
	struct amp_t_action *a = res->data;

	a->fn(a->data);
	kfree(a);
}

static inline int amp_t_defer(struct kunit *test, void (*fn)(void *), void *data)
{
	struct amp_t_action *a = kmalloc(sizeof(*a), GFP_KERNEL);

	if (a) {
		a->fn = fn;
		a->data = data;
		if (kunit_alloc_resource(test, NULL, amp_t_action_free,
					 GFP_KERNEL, a))
			return 0;
		kfree(a);
	}
	fn(data);
	return -ENOMEM;
}

/*
 * 6.1 runs a module's suites while the module is still "coming", before its
 * sysfs directory exists: devices and drivers the tests register must not
 * name the test module as their owner.
 */
#define amp_t_root_device(name)	__root_device_register(name, NULL)

/* Behaviour of the test channel driver, by id-table entry. */
enum amp_t_mode {
	AMP_T_ECHO,	/* reply with amp_rpmsg_send() */
	AMP_T_SERVER,	/* reply with amp_rpmsg_sendto() to the sender */
	AMP_T_RECORD,	/* only record */
	AMP_T_HOLD,	/* keep the buffer (zero-copy) */
	AMP_T_NOCB,	/* no callback: no channel endpoint */
};

#define AMP_T_MAX_HELD	8

/**
 * struct amp_t_drv - what the test channel driver saw
 * @lock: protects the fields below
 * @rpdev: the channel last probed
 * @probes: probe calls
 * @removes: remove calls
 * @rx: messages received
 * @last: bytes of the last message
 * @last_len: its length
 * @last_src: its source
 * @held: buffers kept
 * @nheld: entries in @held
 * @held_ept: endpoint of the held buffers
 * @rx_done: completed on every message
 * @greet: send a greeting from probe
 */
struct amp_t_drv {
	spinlock_t lock;
	struct amp_rpmsg_device *rpdev;
	int probes;
	int removes;
	int rx;
	u8 last[512];
	size_t last_len;
	u32 last_src;
	void *held[AMP_T_MAX_HELD];
	int nheld;
	struct amp_rpmsg_endpoint *held_ept;
	struct completion rx_done;
	bool greet;
};

extern struct amp_t_drv amp_t_drv_state;
extern struct amp_rpmsg_driver amp_t_driver;
void amp_t_drv_reset(void);
int amp_t_drv_register(struct kunit *test);
void amp_t_drv_release_held(void);

#endif /* AMPIPC_RPMSG_TEST_H */
