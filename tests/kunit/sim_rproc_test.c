// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_sim_rproc": sim processors declared by amp_rproc_sim.ko
 * and booted by the real core (amp_rproc.ko) from the images mksimfw ships.
 *
 * The suite registers itself as the core's vdev transport, so it sees every
 * vdev the core hands over and plays the host's side of virtio rpmsg by
 * hand: it negotiates the name service, sets DRIVER_OK in the loaded table,
 * posts buffers from amp_rproc_vdev_shm_alloc() and kicks through the core.
 * Everything between (loading, resource table, start, the mailbox, the
 * threaded interrupt path, crash reports, the watchdog, recovery and the
 * dependency graph) is the production code. When another transport is
 * registered already (amp_rproc_virtio), the cases are skipped.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>

#include <ampipc/compat_unaligned.h>
#include <ampipc/rproc.h>
#include <ampipc/rproc_vdev.h>
#include <ampipc/sim.h>

#include "../../backends/sim/sim_engine.h"
#include "../../backends/sim/fw/simfw.h"

#define BUF_SIZE	512
#define NBUF		16
#define HOST_ADDR	1030
#define WAIT_MS		5000

/* The host side of one vdev. */
struct host_vdev {
	struct amp_rproc_vdev *vdev;
	u8 *buf;
	u64 buf_da;
	phys_addr_t buf_pa;
	u16 rx_avail, rx_used, tx_avail;
	unsigned int irqs[2];
	bool removed;
};

static struct host_vdev hv;
static bool registered;
static DEFINE_SPINLOCK(hv_lock);
static DECLARE_WAIT_QUEUE_HEAD(hv_wq);
static u8 *image_buf;

static u8 *ring(unsigned int q)
{
	return hv.vdev->vring[q].va;
}

static u8 *avail(unsigned int q)
{
	return ring(q) + 16 * hv.vdev->vring[q].num;
}

static u8 *used(unsigned int q)
{
	const struct amp_rproc_vring *r = &hv.vdev->vring[q];

	return ring(q) + ALIGN(16 * r->num + 6 + 2 * r->num, r->align);
}

static void post(unsigned int q, unsigned int id, u32 len, u16 flags, u16 *idx)
{
	u8 *d = ring(q) + 16 * id;

	put_unaligned_le64(hv.buf_pa + (u64)id * BUF_SIZE, d);
	put_unaligned_le32(len, d + 8);
	put_unaligned_le16(flags, d + 12);
	put_unaligned_le16(id, avail(q) + 4 + 2 * (*idx % hv.vdev->vring[q].num));
	/* Descriptor and ring entry before the index. */
	wmb();
	put_unaligned_le16(++*idx, avail(q) + 2);
}

static int t_add(struct amp_rproc_vdev *vdev)
{
	unsigned int i;

	if (vdev->id != AMP_SIM_VIRTIO_ID_RPMSG || vdev->num_vrings < 2)
		return -ENODEV;
	/*
	 * One host side at a time: a second vdev (a dependency's) is taken
	 * but never driven, so its processor runs without a link.
	 */
	if (hv.vdev)
		return 0;
	memset(&hv, 0, sizeof(hv));
	hv.vdev = vdev;
	/* Rx buffers are ids 0..NBUF-1, tx buffers NBUF..2*NBUF-1. */
	hv.buf = amp_rproc_vdev_shm_alloc(vdev, 2 * NBUF * BUF_SIZE, &hv.buf_da,
					  &hv.buf_pa);
	if (!hv.buf)
		return -ENOMEM;
	for (i = 0; i < NBUF; i++)
		post(0, i, BUF_SIZE, AMP_SIM_DESC_F_WRITE, &hv.rx_avail);
	vdev->rsc->gfeatures = cpu_to_le32(BIT(AMP_SIM_F_NS));
	/* Features and rings before DRIVER_OK. */
	wmb();
	WRITE_ONCE(vdev->rsc->status, AMP_SIM_S_ACKNOWLEDGE | AMP_SIM_S_DRIVER |
		   AMP_SIM_S_FEATURES_OK | AMP_SIM_S_DRIVER_OK);
	amp_rproc_vdev_kick(vdev, 0);
	return 0;
}

static void t_remove(struct amp_rproc_vdev *vdev)
{
	if (hv.vdev != vdev)
		return;
	WRITE_ONCE(vdev->rsc->status, 0);
	amp_rproc_vdev_shm_free(vdev, hv.buf, 2 * NBUF * BUF_SIZE);
	spin_lock_irq(&hv_lock);
	hv.vdev = NULL;
	hv.removed = true;
	spin_unlock_irq(&hv_lock);
	wake_up(&hv_wq);
}

static void t_interrupt(struct amp_rproc_vdev *vdev, unsigned int vring)
{
	unsigned long flags;

	spin_lock_irqsave(&hv_lock, flags);
	if (vring < 2)
		hv.irqs[vring]++;
	spin_unlock_irqrestore(&hv_lock, flags);
	wake_up(&hv_wq);
}

static const struct amp_rproc_vdev_transport transport = {
	.owner = THIS_MODULE,
	.add = t_add,
	.remove = t_remove,
	.vring_interrupt = t_interrupt,
};

static bool have_msg(void)
{
	return hv.vdev && get_unaligned_le16(used(0) + 2) != hv.rx_used;
}

/* Wait for the next message from the remote; repost its buffer. */
static bool recv(struct kunit *test, u32 *src, u32 *dst, u8 *data, u32 *len)
{
	unsigned int num;
	u8 *elem, *b;
	u32 id;

	if (!wait_event_timeout(hv_wq, have_msg(), msecs_to_jiffies(WAIT_MS)))
		return false;
	/* The used index before the element it publishes. */
	rmb();
	num = hv.vdev->vring[0].num;
	elem = used(0) + 4 + 8 * (hv.rx_used % num);
	id = get_unaligned_le32(elem);
	hv.rx_used++;
	KUNIT_ASSERT_LT(test, id, (u32)NBUF);
	b = hv.buf + id * BUF_SIZE;
	*src = get_unaligned_le32(b);
	*dst = get_unaligned_le32(b + 4);
	*len = min_t(u32, get_unaligned_le16(b + 12), BUF_SIZE - 16);
	memcpy(data, b + 16, *len);
	post(0, id, BUF_SIZE, AMP_SIM_DESC_F_WRITE, &hv.rx_avail);
	amp_rproc_vdev_kick(hv.vdev, 0);
	return true;
}

static void send(u32 src, u32 dst, const void *data, u32 len)
{
	unsigned int id = NBUF + hv.tx_avail % NBUF;
	u8 *b = hv.buf + id * BUF_SIZE;

	put_unaligned_le32(src, b);
	put_unaligned_le32(dst, b + 4);
	put_unaligned_le32(0, b + 8);
	put_unaligned_le16(len, b + 12);
	put_unaligned_le16(0, b + 14);
	memcpy(b + 16, data, len);
	post(1, id, 16 + len, 0, &hv.tx_avail);
	amp_rproc_vdev_kick(hv.vdev, 1);
}

static int sim_rproc_init(struct kunit *test)
{
	int ret = amp_rproc_vdev_register_transport(&transport);

	registered = !ret;
	if (ret)
		kunit_skip(test, "another vdev transport is registered (%d)", ret);
	image_buf = kunit_kzalloc(test, AMP_SIMFW_MAX_SIZE, GFP_KERNEL);
	return image_buf ? 0 : -ENOMEM;
}

static void sim_rproc_exit(struct kunit *test)
{
	if (registered)
		amp_rproc_vdev_unregister_transport(&transport);
	registered = false;
}

static struct amp_rproc *add(struct kunit *test, const char *name, const char *img)
{
	struct amp_simfw_layout lay;
	struct amp_rproc *r;
	unsigned int i;

	for (i = 0; i < amp_simfw_nr_images; i++)
		if (!strcmp(amp_simfw_images[i].name, img))
			break;
	KUNIT_ASSERT_LT(test, i, amp_simfw_nr_images);
	KUNIT_ASSERT_EQ(test, amp_simfw_build(&amp_simfw_images[i], image_buf,
					      AMP_SIMFW_MAX_SIZE, &lay), 0);
	r = amp_sim_add(name, image_buf, lay.size);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(r), "amp_sim_add: %ld", PTR_ERR(r));
	return r;
}

static void expect_services(struct kunit *test)
{
	u8 data[BUF_SIZE];
	u32 src, dst, len;
	unsigned int k;

	for (k = 0; k < AMP_SIM_SVC_NR; k++) {
		KUNIT_ASSERT_TRUE(test, recv(test, &src, &dst, data, &len));
		KUNIT_EXPECT_EQ(test, dst, (u32)AMP_SIM_NS_ADDR);
		KUNIT_EXPECT_EQ(test, len, (u32)AMP_SIM_NS_MSG_LEN);
		KUNIT_EXPECT_STREQ(test, (char *)data, amp_simfw_service_name(k));
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(data + 32), amp_simfw_service_addr(k));
	}
}

static void echo(struct kunit *test, const char *text)
{
	u8 data[BUF_SIZE];
	u32 src, dst, len;

	send(HOST_ADDR, AMP_SIMFW_ADDR_ECHO, text, strlen(text));
	KUNIT_ASSERT_TRUE(test, recv(test, &src, &dst, data, &len));
	KUNIT_EXPECT_EQ(test, src, (u32)AMP_SIMFW_ADDR_ECHO);
	KUNIT_EXPECT_EQ(test, dst, (u32)HOST_ADDR);
	KUNIT_EXPECT_EQ(test, len, (u32)strlen(text));
	KUNIT_EXPECT_EQ(test, memcmp(data, text, len), 0);
}

/* Boot through the core, announce, echo, stop. */
static void sim_rproc_boot_echo(struct kunit *test)
{
	struct amp_rproc *r = add(test, "kt-sim-echo", "all"), *got;

	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_OFFLINE);
	got = amp_rproc_get("kt-sim-echo");
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(got), "boot: %ld", PTR_ERR(got));
	KUNIT_EXPECT_PTR_EQ(test, got, r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_RUNNING);
	KUNIT_ASSERT_NOT_NULL(test, hv.vdev);
	/* The sim's DDR is at device address == physical address. */
	KUNIT_EXPECT_EQ(test, hv.buf_da, (u64)hv.buf_pa);
	expect_services(test);
	echo(test, "hello through the core");
	echo(test, "and again");
	KUNIT_EXPECT_GE(test, hv.irqs[0], 1U);

	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_TRUE(test, hv.removed);
	amp_sim_remove(r);
}

struct events {
	struct notifier_block nb;
	unsigned long crashes;
	unsigned long why;
	unsigned long recovered;
};

static int on_event(struct notifier_block *nb, unsigned long ev, void *data)
{
	struct events *e = container_of(nb, struct events, nb);

	if (ev == AMP_RPROC_EV_CRASHED) {
		e->why = (unsigned long)data;
		WRITE_ONCE(e->crashes, e->crashes + 1);
	} else if (ev == AMP_RPROC_EV_POST_RECOVERY && !data) {
		WRITE_ONCE(e->recovered, e->recovered + 1);
	}
	wake_up(&hv_wq);
	return NOTIFY_OK;
}

/* A crash and a hang are reported, recovered, and the channel is back. */
static void sim_rproc_crash_recovery(struct kunit *test)
{
	struct amp_rproc *r = add(test, "kt-sim-crash", "all");
	struct events ev = { .nb.notifier_call = on_event };
	static const enum amp_sim_fault faults[] = {
		AMP_SIM_FAULT_CRASH, AMP_SIM_FAULT_HANG,
	};
	static const unsigned long why[] = {
		AMP_RPROC_CRASH_FATAL, AMP_RPROC_CRASH_WATCHDOG,
	};
	unsigned int i;

	KUNIT_ASSERT_EQ(test, amp_rproc_register_notifier(r, &ev.nb), 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(amp_rproc_get("kt-sim-crash")));
	expect_services(test);
	for (i = 0; i < ARRAY_SIZE(faults); i++) {
		KUNIT_ASSERT_EQ(test, amp_sim_set_fault(r, faults[i]), 0);
		KUNIT_EXPECT_TRUE(test, wait_event_timeout(hv_wq,
				  READ_ONCE(ev.recovered) == i + 1, msecs_to_jiffies(WAIT_MS)));
		KUNIT_EXPECT_EQ(test, ev.crashes, (unsigned long)i + 1);
		KUNIT_EXPECT_EQ(test, ev.why, why[i]);
		KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_RUNNING);
		/* The recovered remote announces itself again and serves. */
		KUNIT_ASSERT_NOT_NULL(test, hv.vdev);
		expect_services(test);
		echo(test, "after recovery");
	}
	KUNIT_EXPECT_EQ(test, amp_sim_set_fault(r, AMP_SIM_FAULT_NR), -EINVAL);
	amp_rproc_put(r);
	amp_rproc_unregister_notifier(r, &ev.nb);
	amp_sim_remove(r);
}

/* The dependency graph: the dependent boots its dependency first. */
static void sim_rproc_dependency(struct kunit *test)
{
	struct amp_rproc *dsp = add(test, "kt-sim-dsp", "echo");
	struct amp_rproc *modem = add(test, "kt-sim-modem", "echo");

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem, dsp), 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(amp_rproc_get("kt-sim-modem")));
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp), AMP_RPROC_RUNNING);
	amp_rproc_put(modem);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, amp_rproc_remove_dependency(modem, dsp), 0);
	amp_sim_remove(modem);
	amp_sim_remove(dsp);
}

/* Images that are not for the sim, or have no boot block, do not boot. */
static void sim_rproc_refused(struct kunit *test)
{
	struct amp_simfw_layout lay;
	struct amp_rproc *r, *got;

	KUNIT_ASSERT_EQ(test, amp_simfw_build(&amp_simfw_images[0], image_buf,
					      AMP_SIMFW_MAX_SIZE, &lay), 0);
	amp_eg_set(image_buf, &lay.elf, AMP_EG_E_MACHINE, 0, AMP_EM_ARM);
	r = amp_sim_add("kt-sim-arm", image_buf, lay.size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	got = amp_rproc_get("kt-sim-arm");
	KUNIT_EXPECT_TRUE(test, IS_ERR(got));
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_OFFLINE);
	amp_sim_remove(r);

	/* Entry point somewhere else than the boot block. */
	KUNIT_ASSERT_EQ(test, amp_simfw_build(&amp_simfw_images[0], image_buf,
					      AMP_SIMFW_MAX_SIZE, &lay), 0);
	amp_eg_set(image_buf, &lay.elf, AMP_EG_E_ENTRY, 0, AMP_SIMFW_RSC_DA);
	r = amp_sim_add("kt-sim-noboot", image_buf, lay.size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	got = amp_rproc_get("kt-sim-noboot");
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(got), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_OFFLINE);
	amp_sim_remove(r);

	/* Names are unique. */
	r = amp_sim_add("kt-sim-dup", image_buf, lay.size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_sim_add("kt-sim-dup", image_buf, lay.size)),
			-EEXIST);
	amp_sim_remove(r);
}

/*
 * Out of memory at any allocation of amp_sim_add() (fail-nth, from this
 * task, until one call runs through) gives -ENOMEM and leaves nothing
 * behind: the name is free for the next call. The guest lets fail-nth fail
 * sleeping allocations (scripts/run-kunit.sh).
 */
static void sim_rproc_add_no_memory(struct kunit *test)
{
#ifdef CONFIG_FAILSLAB
	struct amp_simfw_layout lay;
	struct amp_rproc *r;
	int n, left = 0, bad = 0;

	KUNIT_ASSERT_EQ(test, amp_simfw_build(&amp_simfw_images[0], image_buf,
					      AMP_SIMFW_MAX_SIZE, &lay), 0);
	for (n = 1; n <= 1000; n++) {
		current->fail_nth = n;
		r = amp_sim_add("kt-sim-oom", image_buf, lay.size);
		left = current->fail_nth;
		current->fail_nth = 0;
		if (IS_ERR(r)) {
			if (PTR_ERR(r) != -ENOMEM)
				kunit_err(test, "n=%d: %ld\n", n, PTR_ERR(r));
			bad += PTR_ERR(r) != -ENOMEM;
			KUNIT_EXPECT_TRUE(test, IS_ERR(amp_rproc_get("kt-sim-oom")));
		} else {
			amp_sim_remove(r);
		}
		if (left)
			break;
	}
	kunit_info(test, "%d allocations failed in turn\n", n - 1);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_GT(test, n, 5);
	KUNIT_EXPECT_GT(test, left, 0);
	/* and the name is free again */
	r = amp_sim_add("kt-sim-oom", image_buf, lay.size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	amp_sim_remove(r);
#else
	kunit_skip(test, "no CONFIG_FAILSLAB");
#endif
}

static struct kunit_case sim_rproc_cases[] = {
	KUNIT_CASE(sim_rproc_boot_echo),
	KUNIT_CASE(sim_rproc_crash_recovery),
	KUNIT_CASE(sim_rproc_dependency),
	KUNIT_CASE(sim_rproc_refused),
	KUNIT_CASE(sim_rproc_add_no_memory),
	{}
};

static struct kunit_suite sim_rproc_suite = {
	.name = "amp_sim_rproc",
	.init = sim_rproc_init,
	.exit = sim_rproc_exit,
	.test_cases = sim_rproc_cases,
};
kunit_test_suite(sim_rproc_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the ampipc sim remote processor through the core");
MODULE_AUTHOR("ampipc developers");
