// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: which channels get a character device.
 *
 * A channel is exported when its name is on the allow-list (module
 * parameter ``export``, written only by root, at load time or through
 * /sys/module/amp_rpmsg_char/parameters/export) or in the string-list
 * property ``amp,export-channels`` of the firmware node of the link's
 * device or its nearest ancestor that has the property (the remote
 * processor's DT node), or when root made it through a control node. An
 * allow-list entry is NAME (any link) or LINK/NAME.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/export.h>
#include <linux/fwnode.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/rpmsg.h>
#include <ampipc/rpmsg_char.h>

#include "char_internal.h"

#define AMP_RCHAR_FW_PROP	"amp,export-channels"
#define AMP_RCHAR_MAX_EXPORTS	256

struct amp_rchar_export {
	struct list_head list;
	char link[64];		/* empty: any link */
	char name[AMP_RPMSG_NAME_SIZE];
};

/* Under amp_rchar_lock. */
static LIST_HEAD(amp_rchar_exports);

void amp_rchar_free_exports(struct list_head *list)
{
	struct amp_rchar_export *e, *tmp;

	list_for_each_entry_safe(e, tmp, list, list) {
		list_del(&e->list);
		kfree(e);
	}
}

/* One entry of @n bytes at @s: NAME or LINK/NAME. */
static int amp_rchar_parse_entry(const char *s, size_t n,
				 struct amp_rchar_export *e)
{
	const char *slash = memchr(s, '/', n);
	size_t ln = 0;

	memset(e->link, 0, sizeof(e->link));
	memset(e->name, 0, sizeof(e->name));
	if (slash) {
		ln = slash - s;
		if (!ln || ln >= sizeof(e->link))
			return -EINVAL;
		memcpy(e->link, s, ln);
		s = slash + 1;
		n -= ln + 1;
	}
	if (!n || n >= sizeof(e->name) || memchr(s, '/', n))
		return -EINVAL;
	memcpy(e->name, s, n);
	if (strlen(e->name) != n || strlen(e->link) != ln)
		return -EINVAL;
	return 0;
}

/**
 * amp_rchar_parse_exports() - parse an allow-list
 * @spec: entries separated by commas or white space
 * @out: an empty list that gets the entries
 *
 * Return: the number of entries, or -EINVAL (nothing is left in @out) for
 * an empty or too long name or link, -E2BIG for too many, -ENOMEM.
 */
int amp_rchar_parse_exports(const char *spec, struct list_head *out)
{
	struct amp_rchar_export *e;
	int count = 0, ret;
	size_t n;

	while (*spec) {
		if (*spec == ',' || isspace(*spec)) {
			spec++;
			continue;
		}
		n = strcspn(spec, ", \t\n");
		if (count >= AMP_RCHAR_MAX_EXPORTS) {
			ret = -E2BIG;
			goto err;
		}
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (!e) {
			ret = -ENOMEM;
			goto err;
		}
		ret = amp_rchar_parse_entry(spec, n, e);
		if (ret) {
			kfree(e);
			goto err;
		}
		list_add_tail(&e->list, out);
		count++;
		spec += n;
	}
	return count;
err:
	amp_rchar_free_exports(out);
	return ret;
}

static struct amp_rchar_export *
amp_rchar_export_find(struct list_head *list, const struct amp_rchar_export *k)
{
	struct amp_rchar_export *e;

	list_for_each_entry(e, list, list)
		if (!strcmp(e->link, k->link) && !strcmp(e->name, k->name))
			return e;
	return NULL;
}

/**
 * amp_rchar_fwnode_exports() - whether a device's firmware says "export"
 * @dev: the link's device
 * @name: channel name
 *
 * The nearest of @dev and its ancestors with an ``amp,export-channels``
 * property decides.
 *
 * Return: 1 if @name is listed there, 0 if not or no device has the
 * property.
 */
int amp_rchar_fwnode_exports(struct device *dev, const char *name)
{
	struct fwnode_handle *fw;

	for (; dev; dev = dev->parent) {
		fw = dev_fwnode(dev);
		if (!fw || !fwnode_property_present(fw, AMP_RCHAR_FW_PROP))
			continue;
		return fwnode_property_match_string(fw, AMP_RCHAR_FW_PROP,
						    name) >= 0;
	}
	return 0;
}

/**
 * amp_rchar_exported() - whether a channel is exported by name
 * @link: its link
 * @name: its name
 *
 * Under amp_rchar_lock.
 *
 * Return: true if the allow-list or the firmware node names it.
 */
bool amp_rchar_exported(struct amp_rpmsg_link *link, const char *name)
{
	const char *lname = amp_rpmsg_link_name(link);
	struct amp_rchar_export *e;

	lockdep_assert_held(&amp_rchar_lock);
	list_for_each_entry(e, &amp_rchar_exports, list)
		if (!strcmp(e->name, name) && (!e->link[0] ||
					       !strcmp(e->link, lname)))
			return true;
	return amp_rchar_fwnode_exports(amp_rpmsg_link_parent(link), name) > 0;
}

/*
 * Apply a write: "LIST" replaces the allow-list, "+LIST" adds to it,
 * "-LIST" removes from it (removing an absent entry is -ENOENT).
 */
static int amp_rchar_export_apply(const char *val)
{
	struct amp_rchar_export *e, *tmp, *old;
	LIST_HEAD(parsed);
	char op = 0;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	val = skip_spaces(val);
	if (*val == '+' || *val == '-')
		op = *val++;
	ret = amp_rchar_parse_exports(val, &parsed);
	if (ret < 0)
		return ret;
	if (op && !ret)
		return -EINVAL;

	mutex_lock(&amp_rchar_lock);
	if (op == '-') {
		list_for_each_entry(e, &parsed, list)
			if (!amp_rchar_export_find(&amp_rchar_exports, e)) {
				ret = -ENOENT;
				goto unlock;
			}
		list_for_each_entry(e, &parsed, list) {
			old = amp_rchar_export_find(&amp_rchar_exports, e);
			list_del(&old->list);
			kfree(old);
		}
	} else {
		if (!op)
			amp_rchar_free_exports(&amp_rchar_exports);
		list_for_each_entry_safe(e, tmp, &parsed, list) {
			if (amp_rchar_export_find(&amp_rchar_exports, e))
				continue;
			list_move_tail(&e->list, &amp_rchar_exports);
		}
	}
	ret = 0;
unlock:
	mutex_unlock(&amp_rchar_lock);
	amp_rchar_free_exports(&parsed);
	if (!ret)
		amp_rchar_rescan();
	return ret;
}

static int amp_rchar_export_set(const char *val, const struct kernel_param *kp)
{
	return amp_rchar_export_apply(val);
}

static int amp_rchar_export_get(char *buf, const struct kernel_param *kp)
{
	struct amp_rchar_export *e;
	int len = 0;

	mutex_lock(&amp_rchar_lock);
	list_for_each_entry(e, &amp_rchar_exports, list) {
		len += scnprintf(buf + len, PAGE_SIZE - len, "%s%s%s%s",
				 len ? "," : "", e->link, e->link[0] ? "/" : "",
				 e->name);
	}
	mutex_unlock(&amp_rchar_lock);
	len += scnprintf(buf + len, PAGE_SIZE - len, "\n");
	return len;
}

static const struct kernel_param_ops amp_rchar_export_ops = {
	.set = amp_rchar_export_set,
	.get = amp_rchar_export_get,
};
module_param_cb(export, &amp_rchar_export_ops, NULL, 0644);
MODULE_PARM_DESC(export,
		 "channels that get a /dev/amp_rpmsgN: NAME or LINK/NAME, comma-separated; a write of +LIST adds, -LIST removes, LIST replaces (docs/userspace-policy.md)");

/**
 * amp_rpmsg_char_set_export() - change the allow-list as a write of the
 *	``export`` parameter does
 * @spec: "LIST" replaces, "+LIST" adds, "-LIST" removes
 *
 * For in-kernel users and tests. Needs CAP_SYS_ADMIN. May sleep.
 *
 * Return: 0; -EPERM; -EINVAL for a malformed list; -ENOENT when removing an
 * entry that is not there; -E2BIG; -ENOMEM.
 */
int amp_rpmsg_char_set_export(const char *spec)
{
	return amp_rchar_export_apply(spec);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_char_set_export);

void amp_rchar_policy_exit(void)
{
	mutex_lock(&amp_rchar_lock);
	amp_rchar_free_exports(&amp_rchar_exports);
	mutex_unlock(&amp_rchar_lock);
}
