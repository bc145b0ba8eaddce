// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/amp_rprocN: start and stop tied to an open file.
 *
 * Writing "start" takes a reference for the open file (booting the
 * processor if needed), "stop" drops it; closing the file drops it too, so a
 * daemon that dies releases its processor. Reading returns the state name.
 * The devices belong to the class "amp_rproc_cdev" and hang under the
 * processor's class device.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>

#include <ampipc/compat.h>

#include "rproc_internal.h"

struct amp_rproc_cdev {
	struct device dev;
	struct cdev cdev;
	struct amp_rproc *rproc;
};

struct amp_rproc_file {
	struct amp_rproc *rproc;
	bool started;
};

static dev_t amp_rproc_devt;
static struct class *amp_rproc_cdev_class;

static int amp_rproc_fd_open(struct inode *inode, struct file *file)
{
	struct amp_rproc_cdev *cd = container_of(inode->i_cdev,
						 struct amp_rproc_cdev, cdev);
	struct amp_rproc_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->rproc = cd->rproc;
	get_device(&f->rproc->dev);
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int amp_rproc_fd_release(struct inode *inode, struct file *file)
{
	struct amp_rproc_file *f = file->private_data;

	if (f->started) {
		mutex_lock(&amp_rproc_mutex);
		amp_rproc_admin_stop(f->rproc, &f->started);
		mutex_unlock(&amp_rproc_mutex);
	}
	put_device(&f->rproc->dev);
	kfree(f);
	return 0;
}

static ssize_t amp_rproc_fd_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct amp_rproc_file *f = iocb->ki_filp->private_data;
	size_t count = iov_iter_count(from);
	char cmd[8] = { };
	int ret;

	if (!count || count >= sizeof(cmd))
		return -EINVAL;
	if (!copy_from_iter_full(cmd, count, from))
		return -EFAULT;
	if (mutex_lock_interruptible(&amp_rproc_mutex))
		return -ERESTARTSYS;
	if (sysfs_streq(cmd, "start"))
		ret = amp_rproc_admin_start(f->rproc, &f->started);
	else if (sysfs_streq(cmd, "stop"))
		ret = amp_rproc_admin_stop(f->rproc, &f->started);
	else
		ret = -EINVAL;
	mutex_unlock(&amp_rproc_mutex);
	return ret ? ret : count;
}

static ssize_t amp_rproc_fd_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct amp_rproc_file *f = iocb->ki_filp->private_data;
	char buf[16];
	size_t len, n;

	len = scnprintf(buf, sizeof(buf), "%s\n",
			amp_rproc_state_name(amp_rproc_state(f->rproc)));
	if (iocb->ki_pos < 0)
		return -EINVAL;
	if (iocb->ki_pos >= len)
		return 0;
	n = copy_to_iter(buf + iocb->ki_pos, len - iocb->ki_pos, to);
	if (!n)
		return -EFAULT;
	iocb->ki_pos += n;
	return n;
}

static const struct file_operations amp_rproc_fd_fops = {
	.owner = THIS_MODULE,
	.open = amp_rproc_fd_open,
	.release = amp_rproc_fd_release,
	.read_iter = amp_rproc_fd_read,
	.write_iter = amp_rproc_fd_write,
};

static void amp_rproc_cdev_release(struct device *dev)
{
	kfree(container_of(dev, struct amp_rproc_cdev, dev));
}

int amp_rproc_cdev_add(struct amp_rproc *rproc)
{
	struct amp_rproc_cdev *cd;
	int ret;

	cd = kzalloc(sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return -ENOMEM;
	cd->rproc = rproc;
	device_initialize(&cd->dev);
	cd->dev.class = amp_rproc_cdev_class;
	cd->dev.parent = &rproc->dev;
	cd->dev.devt = MKDEV(MAJOR(amp_rproc_devt), rproc->index);
	cd->dev.release = amp_rproc_cdev_release;
	cdev_init(&cd->cdev, &amp_rproc_fd_fops);
	cd->cdev.owner = THIS_MODULE;
	ret = dev_set_name(&cd->dev, "amp_rproc%d", rproc->index);
	if (!ret)
		ret = cdev_device_add(&cd->cdev, &cd->dev);
	if (ret) {
		put_device(&cd->dev);
		return ret;
	}
	rproc->cdev_dev = &cd->dev;
	return 0;
}

void amp_rproc_cdev_del(struct amp_rproc *rproc)
{
	struct amp_rproc_cdev *cd;

	if (!rproc->cdev_dev)
		return;
	cd = container_of(rproc->cdev_dev, struct amp_rproc_cdev, dev);
	cdev_device_del(&cd->cdev, &cd->dev);
	put_device(&cd->dev);
	rproc->cdev_dev = NULL;
}

int amp_rproc_cdev_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&amp_rproc_devt, 0, AMP_RPROC_MAX_MINORS,
				  "amp_rproc");
	if (ret)
		return ret;
	amp_rproc_cdev_class = class_create("amp_rproc_cdev");
	if (IS_ERR(amp_rproc_cdev_class)) {
		unregister_chrdev_region(amp_rproc_devt, AMP_RPROC_MAX_MINORS);
		return PTR_ERR(amp_rproc_cdev_class);
	}
	return 0;
}

void amp_rproc_cdev_exit(void)
{
	class_destroy(amp_rproc_cdev_class);
	unregister_chrdev_region(amp_rproc_devt, AMP_RPROC_MAX_MINORS);
}
