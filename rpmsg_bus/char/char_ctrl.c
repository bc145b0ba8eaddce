// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: /dev/amp_rpmsg_ctrlN, one per link.
 *
 * Every ioctl needs CAP_SYS_ADMIN, whatever the node's mode: with it, root
 * creates endpoint nodes (CREATE_EPT: any src, reserved ones included, a
 * fixed dst) and channels (CREATE_DEV, RELEASE_DEV), as with mainline's
 * /dev/rpmsg_ctrlN.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#include <ampipc/rpmsg.h>
#include <uapi/linux/amp_rpmsg.h>

#include "char_internal.h"

static int amp_rchar_ctrl_open(struct inode *inode, struct file *filp)
{
	struct amp_rchar_node *node =
		container_of(inode->i_cdev, struct amp_rchar_node, cdev);

	get_device(&node->dev);
	filp->private_data = node;
	return stream_open(inode, filp);
}

static int amp_rchar_ctrl_release(struct inode *inode, struct file *filp)
{
	struct amp_rchar_node *node = filp->private_data;

	put_device(&node->dev);
	return 0;
}

static long amp_rchar_ctrl_ioctl(struct file *filp, unsigned int cmd,
				 unsigned long arg)
{
	struct amp_rchar_node *ctrl = filp->private_data, *node;
	struct amp_rpmsg_endpoint_info info;
	struct amp_rpmsg_link *link;
	int ret;

	switch (cmd) {
	case AMP_RPMSG_CREATE_EPT_IOCTL:
	case AMP_RPMSG_CREATE_DEV_IOCTL:
	case AMP_RPMSG_RELEASE_DEV_IOCTL:
		break;
	default:
		return -ENOTTY;
	}
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&info, (void __user *)arg, sizeof(info)))
		return -EFAULT;
	info.name[sizeof(info.name) - 1] = '\0';
	if (!info.name[0])
		return -EINVAL;
	if (cmd != AMP_RPMSG_RELEASE_DEV_IOCTL && info.dst == AMP_RPMSG_ADDR_ANY)
		return -EINVAL;

	down_read(&ctrl->link_sem);
	link = ctrl->link;
	if (!link) {
		ret = -ENODEV;
		goto out;
	}
	switch (cmd) {
	case AMP_RPMSG_CREATE_EPT_IOCTL:
		mutex_lock(&amp_rchar_lock);
		node = amp_rchar_node_add(AMP_RCHAR_CREATED, link, &ctrl->dev,
					  info.name, info.src, info.dst);
		mutex_unlock(&amp_rchar_lock);
		ret = PTR_ERR_OR_ZERO(node);
		break;
	case AMP_RPMSG_CREATE_DEV_IOCTL:
		ret = amp_rchar_ctrl_create_dev(link, info.name, info.src,
						info.dst);
		break;
	default:
		ret = amp_rchar_ctrl_release_dev(link, info.name, info.dst);
		break;
	}
out:
	up_read(&ctrl->link_sem);
	return ret;
}

const struct file_operations amp_rchar_ctrl_fops = {
	.owner = THIS_MODULE,
	.open = amp_rchar_ctrl_open,
	.release = amp_rchar_ctrl_release,
	.unlocked_ioctl = amp_rchar_ctrl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
