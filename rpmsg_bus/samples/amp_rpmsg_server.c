// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc sample: a server driver with several endpoints, for the sim's
 * sendto service ("amp-sim-sendto", docs/sim.md).
 *
 * When the channel appears, the driver creates extra endpoints at dynamic
 * addresses and exercises sendto both ways:
 *  - host to remote: from each extra endpoint it sends a tagged message to
 *    the remote echo service (@echo_addr), an address that is not the
 *    channel's; each answer must come back to the endpoint that sent it;
 *  - remote to host: it asks the sendto service to send one message to each
 *    extra endpoint; each must arrive at the right one.
 * The sysfs attribute "result" of the channel device reports the counts.
 */

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <ampipc/compat_unaligned.h>
#include <ampipc/rpmsg.h>
#include <ampipc/sim_image.h>

#define AMP_SRV_EPTS	4
#define AMP_SRV_MAGIC	0x53504d41	/* "AMPS" */

static unsigned int echo_addr = 0x400;
module_param(echo_addr, uint, 0444);
MODULE_PARM_DESC(echo_addr, "remote address of the echo service (the sim's: 0x400)");

struct amp_srv;

/* One extra endpoint and what it expects. */
struct amp_srv_slot {
	struct amp_srv *srv;
	struct amp_rpmsg_endpoint *ept;
	unsigned int index;
};

/* The tagged message sent to the echo service, and echoed back. */
struct amp_srv_tag {
	__le32 magic;
	__le32 index;
} __packed;

struct amp_srv {
	struct amp_rpmsg_device *rpdev;
	struct amp_srv_slot slot[AMP_SRV_EPTS];
	atomic_t fanout;	/* sendto-service messages that arrived right */
	atomic_t echoed;	/* echo answers back at their sender */
	atomic_t bad;		/* anything else */
};

static bool amp_srv_fanout_ok(struct amp_srv_slot *s, const void *data,
			      size_t len, u32 src)
{
	const struct amp_sim_sendto_msg *m = data;

	return len == sizeof(*m) && src == s->srv->rpdev->dst &&
	       get_unaligned_le32(&m->index) == s->index &&
	       get_unaligned_le32(&m->requester) == s->srv->rpdev->ept->addr &&
	       get_unaligned_le32(&m->total) == AMP_SRV_EPTS;
}

static bool amp_srv_echo_ok(struct amp_srv_slot *s, const void *data,
			    size_t len, u32 src)
{
	const struct amp_srv_tag *t = data;

	return len == sizeof(*t) && src == echo_addr &&
	       get_unaligned_le32(&t->magic) == AMP_SRV_MAGIC &&
	       get_unaligned_le32(&t->index) == s->index;
}

static int amp_srv_slot_cb(struct amp_rpmsg_endpoint *ept, void *data,
			   size_t len, void *priv, u32 src)
{
	struct amp_srv_slot *s = priv;

	if (amp_srv_fanout_ok(s, data, len, src))
		atomic_inc(&s->srv->fanout);
	else if (amp_srv_echo_ok(s, data, len, src))
		atomic_inc(&s->srv->echoed);
	else
		atomic_inc(&s->srv->bad);
	return 0;
}

/* Nothing is expected on the channel endpoint itself. */
static int amp_srv_channel_cb(struct amp_rpmsg_endpoint *ept, void *data,
			      size_t len, void *priv, u32 src)
{
	struct amp_srv *srv = dev_get_drvdata(&ept->rpdev->dev);

	if (srv)
		atomic_inc(&srv->bad);
	return 0;
}

static void amp_srv_destroy_slots(struct amp_srv *srv)
{
	unsigned int i;

	for (i = 0; i < AMP_SRV_EPTS; i++) {
		if (srv->slot[i].ept)
			amp_rpmsg_destroy_ept(srv->slot[i].ept);
		srv->slot[i].ept = NULL;
	}
}

static int amp_srv_probe(struct amp_rpmsg_device *rpdev)
{
	struct amp_rpmsg_channel_info chinfo = {
		.src = AMP_RPMSG_ADDR_ANY,
		.dst = AMP_RPMSG_ADDR_ANY,
	};
	__le32 req[AMP_SRV_EPTS];
	struct amp_srv *srv;
	unsigned int i;
	int ret;

	srv = devm_kzalloc(&rpdev->dev, sizeof(*srv), GFP_KERNEL);
	if (!srv)
		return -ENOMEM;
	srv->rpdev = rpdev;
	strscpy(chinfo.name, rpdev->name, sizeof(chinfo.name));
	for (i = 0; i < AMP_SRV_EPTS; i++) {
		struct amp_srv_slot *s = &srv->slot[i];

		s->srv = srv;
		s->index = i;
		s->ept = amp_rpmsg_create_ept(rpdev, amp_srv_slot_cb, s, chinfo);
		if (!s->ept) {
			amp_srv_destroy_slots(srv);
			return -ENOMEM;
		}
		req[i] = cpu_to_le32(s->ept->addr);
	}
	dev_set_drvdata(&rpdev->dev, srv);

	for (i = 0; i < AMP_SRV_EPTS; i++) {
		struct amp_srv_tag tag = {
			.magic = cpu_to_le32(AMP_SRV_MAGIC),
			.index = cpu_to_le32(i),
		};

		ret = amp_rpmsg_sendto(srv->slot[i].ept, &tag, sizeof(tag),
				       echo_addr);
		if (ret)
			goto fail;
	}
	ret = amp_rpmsg_send(rpdev->ept, req, sizeof(req));
	if (ret)
		goto fail;
	dev_info(&rpdev->dev, "server on 0x%x with %u endpoints from 0x%x\n",
		 rpdev->ept->addr, AMP_SRV_EPTS, srv->slot[0].ept->addr);
	return 0;
fail:
	dev_err(&rpdev->dev, "send: %d\n", ret);
	dev_set_drvdata(&rpdev->dev, NULL);
	amp_srv_destroy_slots(srv);
	return ret;
}

static void amp_srv_remove(struct amp_rpmsg_device *rpdev)
{
	struct amp_srv *srv = dev_get_drvdata(&rpdev->dev);

	amp_srv_destroy_slots(srv);
}

static ssize_t result_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct amp_srv *srv = dev_get_drvdata(dev);

	if (!srv)
		return -ENODEV;
	return sysfs_emit(buf, "fanout %d/%d echo %d/%d bad %d\n",
			  atomic_read(&srv->fanout), AMP_SRV_EPTS,
			  atomic_read(&srv->echoed), AMP_SRV_EPTS,
			  atomic_read(&srv->bad));
}
static DEVICE_ATTR_RO(result);

static struct attribute *amp_srv_attrs[] = {
	&dev_attr_result.attr,
	NULL,
};
ATTRIBUTE_GROUPS(amp_srv);

static const struct amp_rpmsg_device_id amp_srv_ids[] = {
	{ .name = "amp-sim-sendto" },
	{ },
};
AMP_RPMSG_MODULE_ALIAS("amp-sim-sendto");

static struct amp_rpmsg_driver amp_srv_driver = {
	.drv.name = "amp_rpmsg_server",
	.drv.dev_groups = amp_srv_groups,
	.id_table = amp_srv_ids,
	.probe = amp_srv_probe,
	.remove = amp_srv_remove,
	.callback = amp_srv_channel_cb,
};
module_amp_rpmsg_driver(amp_srv_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc sample: a server driver using sendto both ways");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
