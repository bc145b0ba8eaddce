// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suites amp_rpmsg_ns and amp_rpmsg_static on the loopback
 * transport of rpmsg_core_fake.c: name-service announcements (every check
 * with its errno and counter) and static channels.
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

kunit_test_suites(&amp_rpmsg_ns_suite,
		  &amp_rpmsg_static_suite);
