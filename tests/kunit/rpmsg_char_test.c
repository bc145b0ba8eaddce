// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_rpmsg_char: which channels get a character
 * device, and what happens to the nodes when channels and links come and
 * go. The I/O paths are tested from userspace (tests/userspace/).
 */

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/string.h>

#include <ampipc/rpmsg.h>
#include <ampipc/rpmsg_char.h>

#include "rpmsg_loop.h"

static int amp_rct_match(struct device *dev, void *data)
{
	const char *prefix = data;
	size_t n = strlen(prefix);

	if (!dev->class || strcmp(dev->class->name, "amp_rpmsg"))
		return 0;
	if (strncmp(dev_name(dev), prefix, n))
		return 0;
	/* "amp_rpmsg" must not match "amp_rpmsg_ctrl0". */
	return dev_name(dev)[n] >= '0' && dev_name(dev)[n] <= '9';
}

/* Whether @parent has a child node named PREFIX<N>. */
static bool amp_rct_has_node(struct device *parent, const char *prefix)
{
	return device_for_each_child(parent, (void *)prefix, amp_rct_match) > 0;
}

/* Whether the channel @name of @loop has an endpoint node. */
static bool amp_rct_exported(struct kunit *test, struct amp_rpmsg_loop *loop,
			     const char *name, u32 dst)
{
	struct amp_rpmsg_link *link = amp_rpmsg_loop_link(loop);
	struct amp_rpmsg_device *rpdev;
	bool ret;

	KUNIT_ASSERT_NOT_NULL(test, link);
	rpdev = amp_rpmsg_link_find_channel(link, name, dst);
	KUNIT_ASSERT_NOT_NULL_MSG(test, rpdev, "channel %s missing", name);
	ret = amp_rct_has_node(&rpdev->dev, "amp_rpmsg");
	put_device(&rpdev->dev);
	return ret;
}

static struct amp_rpmsg_loop *amp_rct_loop(struct kunit *test)
{
	struct amp_rpmsg_loop *loop = amp_rpmsg_loop_create("amp-kt0");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, loop);
	return loop;
}

static void amp_rct_export_syntax(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("link/"), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("/name"), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("a/b/c"), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export(
		"a-name-of-thirty-two-characters"), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export(
		"a-name-of-thirty-two-characters!"), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("+"), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("-absent"), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("+x, y\tz"), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("-y"), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("-y"), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export(""), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export("-x"), -ENOENT);
}

static void amp_rct_default_deny(struct kunit *test)
{
	struct amp_rpmsg_loop *loop = amp_rct_loop(test);

	/* Control node on the link's device, nodes only for exports. */
	KUNIT_EXPECT_TRUE(test, amp_rct_has_node(amp_rpmsg_loop_device(loop),
						 "amp_rpmsg_ctrl"));
	KUNIT_EXPECT_FALSE(test, amp_rct_exported(test, loop, "rpmsg-echo",
						  AMP_LOOP_ECHO));
	KUNIT_EXPECT_FALSE(test, amp_rct_exported(test, loop, "rpmsg-secret",
						  AMP_LOOP_SECRET));
	/* amp,export-channels on the remote's firmware node. */
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "rpmsg-fw",
						 AMP_LOOP_FW));
	amp_rpmsg_loop_destroy(loop);
}

static void amp_rct_export_runtime(struct kunit *test)
{
	struct amp_rpmsg_loop *loop = amp_rct_loop(test);

	KUNIT_ASSERT_EQ(test, amp_rpmsg_char_set_export("+amp-kt0/rpmsg-echo"), 0);
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "rpmsg-echo",
						 AMP_LOOP_ECHO));
	KUNIT_EXPECT_FALSE(test, amp_rct_exported(test, loop, "rpmsg-sink",
						  AMP_LOOP_SINK));
	/* Another link's name does not export it. */
	KUNIT_ASSERT_EQ(test, amp_rpmsg_char_set_export("+other/rpmsg-sink"), 0);
	KUNIT_EXPECT_FALSE(test, amp_rct_exported(test, loop, "rpmsg-sink",
						  AMP_LOOP_SINK));
	/* A bare name exports it on every link. */
	KUNIT_ASSERT_EQ(test, amp_rpmsg_char_set_export("+rpmsg-sink"), 0);
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "rpmsg-sink",
						 AMP_LOOP_SINK));
	KUNIT_ASSERT_EQ(test, amp_rpmsg_char_set_export("-amp-kt0/rpmsg-echo"), 0);
	KUNIT_EXPECT_FALSE(test, amp_rct_exported(test, loop, "rpmsg-echo",
						  AMP_LOOP_ECHO));
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "rpmsg-sink",
						 AMP_LOOP_SINK));
	/* Replacing the list drops what is not in it. */
	KUNIT_ASSERT_EQ(test, amp_rpmsg_char_set_export("rpmsg-echo"), 0);
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "rpmsg-echo",
						 AMP_LOOP_ECHO));
	KUNIT_EXPECT_FALSE(test, amp_rct_exported(test, loop, "rpmsg-sink",
						  AMP_LOOP_SINK));
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export(""), 0);
	amp_rpmsg_loop_destroy(loop);
}

static void amp_rct_crash_recover(struct kunit *test)
{
	struct amp_rpmsg_loop *loop = amp_rct_loop(test);
	struct device *dev = amp_rpmsg_loop_device(loop);

	KUNIT_ASSERT_EQ(test, amp_rpmsg_char_set_export("+rpmsg-echo"), 0);
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "rpmsg-echo",
						 AMP_LOOP_ECHO));
	KUNIT_ASSERT_EQ(test, amp_rpmsg_loop_crash(loop), 0);
	KUNIT_EXPECT_NULL(test, amp_rpmsg_loop_link(loop));
	KUNIT_EXPECT_FALSE(test, amp_rct_has_node(dev, "amp_rpmsg_ctrl"));
	KUNIT_ASSERT_EQ(test, amp_rpmsg_loop_recover(loop), 0);
	KUNIT_EXPECT_TRUE(test, amp_rct_has_node(dev, "amp_rpmsg_ctrl"));
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "rpmsg-echo",
						 AMP_LOOP_ECHO));
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export(""), 0);
	amp_rpmsg_loop_destroy(loop);
}

static void amp_rct_announced(struct kunit *test)
{
	struct amp_rpmsg_loop *loop = amp_rct_loop(test);
	struct amp_rpmsg_link *link = amp_rpmsg_loop_link(loop);

	KUNIT_ASSERT_EQ(test, amp_rpmsg_char_set_export("+svc-late"), 0);
	KUNIT_ASSERT_EQ(test, amp_rpmsg_loop_announce(loop, "svc-late", 0x405,
						      false), 0);
	KUNIT_EXPECT_TRUE(test, amp_rct_exported(test, loop, "svc-late", 0x405));
	KUNIT_ASSERT_EQ(test, amp_rpmsg_loop_announce(loop, "svc-late", 0x405,
						      true), 0);
	KUNIT_EXPECT_NULL(test, amp_rpmsg_link_find_channel(link, "svc-late",
							    0x405));
	KUNIT_EXPECT_EQ(test, amp_rpmsg_char_set_export(""), 0);
	amp_rpmsg_loop_destroy(loop);
}

static struct kunit_case amp_rct_cases[] = {
	KUNIT_CASE(amp_rct_export_syntax),
	KUNIT_CASE(amp_rct_default_deny),
	KUNIT_CASE(amp_rct_export_runtime),
	KUNIT_CASE(amp_rct_crash_recover),
	KUNIT_CASE(amp_rct_announced),
	{}
};

static struct kunit_suite amp_rct_suite = {
	.name = "amp_rpmsg_char",
	.test_cases = amp_rct_cases,
};
kunit_test_suite(amp_rct_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of amp_rpmsg_char");
