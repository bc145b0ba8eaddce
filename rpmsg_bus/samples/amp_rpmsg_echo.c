// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc sample: a channel driver that answers on the channel "amp-echo".
 *
 * When the remote announces "amp-echo", the bus creates the channel and
 * probes this driver, which greets the remote (so it learns our address)
 * and then sends every message back to where it came from.
 */

#include <linux/module.h>

#include <ampipc/rpmsg.h>

static const char amp_echo_greeting[] = "amp_rpmsg_echo ready";

static int amp_echo_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		       void *priv, u32 src)
{
	/* Back to the sender, whichever remote endpoint it was. */
	return amp_rpmsg_sendto(ept, data, len, src);
}

static int amp_echo_probe(struct amp_rpmsg_device *rpdev)
{
	dev_info(&rpdev->dev, "echo on 0x%x <-> 0x%x\n", rpdev->src, rpdev->dst);
	return amp_rpmsg_send(rpdev->ept, amp_echo_greeting,
			      sizeof(amp_echo_greeting));
}

static const struct amp_rpmsg_device_id amp_echo_ids[] = {
	{ .name = "amp-echo" },
	{ },
};
AMP_RPMSG_MODULE_ALIAS("amp-echo");

static struct amp_rpmsg_driver amp_echo_driver = {
	.drv.name = "amp_rpmsg_echo",
	.id_table = amp_echo_ids,
	.probe = amp_echo_probe,
	.callback = amp_echo_cb,
};
module_amp_rpmsg_driver(amp_echo_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc sample: echo on the amp-echo channel");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
