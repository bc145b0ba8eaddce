// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: the name service at address 53 and static channels.
 *
 * An announcement comes from the remote's memory: it is copied before it is
 * looked at, and every field is checked. A rejected one is counted in the
 * link's debugfs stats and logged (rate-limited) with the field at fault.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/fwnode.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/rpmsg.h>

#include "bus_internal.h"

/* The NS endpoint's callback creates and removes channels, which take the
 * cb_lock of channel endpoints: a class of its own keeps lockdep exact.
 */
static struct lock_class_key amp_rpmsg_ns_cb_key;

/**
 * amp_rpmsg_ns_parse() - validate a name-service announcement
 * @data: the message as received
 * @len: its length
 * @out: out: the channel it names (src ANY, dst the announced address)
 * @destroy: out: whether it is a destroy announcement
 *
 * Return: 0; -EMSGSIZE if @len is not 40; -EINVAL for an empty or
 * unterminated name; -EOPNOTSUPP for unknown flags; -EADDRNOTAVAIL for the
 * address ANY.
 */
int amp_rpmsg_ns_parse(const void *data, size_t len,
		       struct amp_rpmsg_channel_info *out, bool *destroy)
{
	struct amp_rpmsg_ns_msg msg;
	u32 flags, addr;

	if (len != sizeof(msg))
		return -EMSGSIZE;
	/* One copy: the remote may rewrite its buffer while we look. */
	memcpy(&msg, data, sizeof(msg));
	if (!memchr(msg.name, '\0', sizeof(msg.name)) || !msg.name[0])
		return -EINVAL;
	flags = le32_to_cpu(msg.flags);
	addr = le32_to_cpu(msg.addr);
	if (flags != AMP_RPMSG_NS_CREATE && flags != AMP_RPMSG_NS_DESTROY)
		return -EOPNOTSUPP;
	if (addr == AMP_RPMSG_ADDR_ANY)
		return -EADDRNOTAVAIL;
	strscpy(out->name, msg.name, sizeof(out->name));
	out->src = AMP_RPMSG_ADDR_ANY;
	out->dst = addr;
	*destroy = flags == AMP_RPMSG_NS_DESTROY;
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_ns_parse);

static int amp_rpmsg_ns_cb(struct amp_rpmsg_endpoint *ept, void *data,
			   size_t len, void *priv, u32 src)
{
	struct amp_rpmsg_link *link = ept->link;
	struct amp_rpmsg_channel_info ch;
	struct amp_rpmsg_device *rpdev;
	bool destroy;
	int ret;

	ret = amp_rpmsg_ns_parse(data, len, &ch, &destroy);
	switch (ret) {
	case 0:
		break;
	case -EMSGSIZE:
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_NS_BAD_LEN);
		dev_err_ratelimited(link->parent, "%s: ns: len %zu, not %zu\n",
				    link->name, len, sizeof(struct amp_rpmsg_ns_msg));
		return ret;
	case -EINVAL:
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_NS_BAD_NAME);
		dev_err_ratelimited(link->parent, "%s: ns: name empty or not NUL-terminated\n",
				    link->name);
		return ret;
	case -EOPNOTSUPP:
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_NS_BAD_FLAGS);
		dev_err_ratelimited(link->parent, "%s: ns: unknown flags\n", link->name);
		return ret;
	default:
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_NS_BAD_ADDR);
		dev_err_ratelimited(link->parent, "%s: ns: addr is ANY\n", link->name);
		return ret;
	}

	if (destroy) {
		ret = amp_rpmsg_release_channel(link, &ch);
		if (ret) {
			amp_rpmsg_link_count(link, AMP_RPMSG_ST_NS_UNKNOWN);
			dev_err_ratelimited(link->parent,
					    "%s: ns: destroy of unknown channel \"%*pE\" addr %u\n",
					    link->name, (int)strnlen(ch.name, sizeof(ch.name)),
					    ch.name, ch.dst);
		}
		return ret;
	}

	rpdev = amp_rpmsg_create_channel(link, &ch, AMP_RPMSG_CH_NS);
	if (IS_ERR(rpdev)) {
		ret = PTR_ERR(rpdev);
		if (ret == -EEXIST)
			amp_rpmsg_link_count(link, AMP_RPMSG_ST_NS_DUP);
		else if (ret == -ENOSPC)
			amp_rpmsg_link_count(link, AMP_RPMSG_ST_NS_TOO_MANY);
		/* the name is the remote's: non-printable bytes are escaped */
		dev_err_ratelimited(link->parent, "%s: ns: channel \"%*pE\" addr %u: %d\n",
				    link->name, (int)strnlen(ch.name, sizeof(ch.name)),
				    ch.name, ch.dst, ret);
		return ret;
	}
	return 0;
}

int amp_rpmsg_ns_start(struct amp_rpmsg_link *link)
{
	struct amp_rpmsg_endpoint *ept;

	ept = amp_rpmsg_ept_new(link, NULL, amp_rpmsg_ns_cb, NULL,
				AMP_RPMSG_NS_ADDR);
	if (IS_ERR(ept))
		return PTR_ERR(ept);
	lockdep_set_class(&ept->cb_lock, &amp_rpmsg_ns_cb_key);
	link->ns_ept = ept;
	return 0;
}

void amp_rpmsg_ns_announce(struct amp_rpmsg_device *rpdev, u32 flags)
{
	struct amp_rpmsg_link *link = rpdev->link;
	struct amp_rpmsg_ns_msg msg = {};
	int ret;

	if (!(link->flags & AMP_RPMSG_LINK_NS) || READ_ONCE(link->dead))
		return;
	strscpy(msg.name, rpdev->name, sizeof(msg.name));
	msg.addr = cpu_to_le32(rpdev->ept->addr);
	msg.flags = cpu_to_le32(flags);
	ret = amp_rpmsg_send_offchannel(rpdev->ept, rpdev->ept->addr,
					AMP_RPMSG_NS_ADDR, &msg, sizeof(msg));
	if (ret)
		dev_err(&rpdev->dev, "announcing %s: %d\n",
			flags == AMP_RPMSG_NS_CREATE ? "create" : "destroy", ret);
}

static int amp_rpmsg_parse_u32(const char *s, size_t n, u32 *out)
{
	char tmp[16];

	if (!n || n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return kstrtou32(tmp, 0, out);
}

/* One entry "[LINK/]NAME:DST[:SRC]" of @n bytes at @s. */
static int amp_rpmsg_parse_entry(const char *s, size_t n, const char *link,
				 struct amp_rpmsg_channel_info *out, bool *mine)
{
	const char *end = s + n, *slash, *c1, *c2;
	size_t nl;

	slash = memchr(s, '/', n);
	*mine = true;
	if (slash) {
		if (slash == s)
			return -EINVAL;
		*mine = link && strlen(link) == (size_t)(slash - s) &&
			!memcmp(link, s, slash - s);
		s = slash + 1;
	}
	c1 = memchr(s, ':', end - s);
	if (!c1)
		return -EINVAL;
	nl = c1 - s;
	if (!nl || nl >= AMP_RPMSG_NAME_SIZE)
		return -EINVAL;
	memset(out->name, 0, sizeof(out->name));
	memcpy(out->name, s, nl);
	if (strnlen(out->name, nl) != nl)
		return -EINVAL;
	c1++;
	c2 = memchr(c1, ':', end - c1);
	if (amp_rpmsg_parse_u32(c1, (c2 ?: end) - c1, &out->dst))
		return -EINVAL;
	out->src = AMP_RPMSG_ADDR_ANY;
	if (c2 && amp_rpmsg_parse_u32(c2 + 1, end - c2 - 1, &out->src))
		return -EINVAL;
	if (out->dst == AMP_RPMSG_ADDR_ANY)
		return -EINVAL;
	return 0;
}

/**
 * amp_rpmsg_parse_static() - parse the ``channels`` module parameter syntax
 * @spec: entries ``[LINK/]NAME:DST[:SRC]`` separated by commas or spaces;
 *	numbers in C notation (decimal, 0x..., 0...)
 * @link: name of the link being set up; entries naming another link are
 *	skipped, entries without a link apply to every link
 * @out: where the channels for @link go
 * @max: room in @out
 *
 * The whole string is validated before anything is used.
 *
 * Return: the number of channels for @link; -EINVAL for a malformed entry
 * (an empty or too long name, a missing or non-numeric DST, a DST of ANY);
 * -E2BIG if more than @max apply.
 */
int amp_rpmsg_parse_static(const char *spec, const char *link,
			   struct amp_rpmsg_channel_info *out, unsigned int max)
{
	struct amp_rpmsg_channel_info ch;
	unsigned int count = 0;
	const char *s = spec;
	bool mine;
	size_t n;
	int ret;

	if (!spec)
		return 0;
	while (*s) {
		if (*s == ',' || isspace(*s)) {
			s++;
			continue;
		}
		n = strcspn(s, ", \t\n");
		ret = amp_rpmsg_parse_entry(s, n, link, &ch, &mine);
		if (ret)
			return ret;
		if (mine) {
			if (count >= max)
				return -E2BIG;
			out[count++] = ch;
		}
		s += n;
	}
	return count;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_parse_static);

static void amp_rpmsg_add_static(struct amp_rpmsg_link *link,
				 const struct amp_rpmsg_channel_info *ch,
				 const char *from)
{
	struct amp_rpmsg_device *rpdev;

	rpdev = amp_rpmsg_create_channel(link, ch, AMP_RPMSG_CH_STATIC |
					 AMP_RPMSG_CH_ANNOUNCE);
	if (IS_ERR(rpdev))
		dev_err(link->parent, "%s: static channel %s (%s): %pe\n",
			link->name, ch->name, from, rpdev);
}

#define AMP_RPMSG_MAX_STATIC	64

void amp_rpmsg_static_channels(struct amp_rpmsg_link *link)
{
	struct amp_rpmsg_channel_info *chs, ch;
	struct fwnode_handle *child;
	const char *name;
	unsigned int i;
	int n;

	for (i = 0; i < link->cfg_nr_channels; i++)
		amp_rpmsg_add_static(link, &link->cfg_channels[i], "backend");

	fwnode_for_each_child_node(link->cfg_fwnode, child) {
		if (fwnode_property_read_string(child, "amp,rpmsg-name", &name))
			continue;
		memset(&ch, 0, sizeof(ch));
		if (strscpy(ch.name, name, sizeof(ch.name)) <= 0 ||
		    fwnode_property_read_u32(child, "amp,rpmsg-dst", &ch.dst) ||
		    ch.dst == AMP_RPMSG_ADDR_ANY) {
			dev_err(link->parent, "%s: firmware node %pfwP: bad amp,rpmsg-name or amp,rpmsg-dst\n",
				link->name, child);
			continue;
		}
		if (fwnode_property_read_u32(child, "amp,rpmsg-src", &ch.src))
			ch.src = AMP_RPMSG_ADDR_ANY;
		amp_rpmsg_add_static(link, &ch, "firmware node");
	}

	if (!amp_rpmsg_channels_param || !amp_rpmsg_channels_param[0])
		return;
	chs = kcalloc(AMP_RPMSG_MAX_STATIC, sizeof(*chs), GFP_KERNEL);
	if (!chs)
		return;
	n = amp_rpmsg_parse_static(amp_rpmsg_channels_param, link->name, chs,
				   AMP_RPMSG_MAX_STATIC);
	if (n < 0)
		dev_err(link->parent, "%s: module parameter channels: %d\n",
			link->name, n);
	for (i = 0; n > 0 && i < n; i++)
		amp_rpmsg_add_static(link, &chs[i], "module parameter");
	kfree(chs);
}
