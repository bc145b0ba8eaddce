// SPDX-License-Identifier: GPL-2.0
/*
 * amp_bench_ref: the reference kernel client of make bench, written against
 * mainline's rpmsg API (<linux/rpmsg.h>) and bound by the stock
 * virtio_rpmsg_bus to the sim's echo service (amp_rproc_virtio in interop
 * mode). It runs the same loops as amp_bench (bench_common.h); mainline has
 * no zero-copy send, so its bulk path is rpmsg_send() in messages of the
 * standard MTU. Commands are written to debugfs amp_bench_ref/run with the
 * channel word "std" first, as for amp_bench; "channels" lists what bound.
 *
 * Test code: built only by scripts/bench.sh against the bench kernel. It
 * exports nothing.
 */
#include <linux/module.h>
#include <linux/rpmsg.h>
#include <linux/seq_file.h>

#include "bench_common.h"

struct ref_chan {
	struct rpmsg_device *rpdev;
	struct bench_rx rx;
};

static struct ref_chan ref_chan;
/*
 * Two locks, so that no endpoint is destroyed under the lock probe() takes:
 * probe() runs under the name-service endpoint's callback lock, and
 * lockdep puts every endpoint's callback lock in one class. A channel must
 * not go away while a run uses it (the bench stops processors only after
 * its runs).
 */
static DEFINE_MUTEX(ref_lock);		/* ref_chan.rpdev */
static DEFINE_MUTEX(ref_run_lock);	/* one run at a time, ref_out */
static char ref_out[BENCH_OUT_SIZE];
static struct dentry *ref_dir;

static int ref_send(void *ctx, const void *data, size_t len)
{
	struct ref_chan *ch = ctx;

	/* rpmsg_send() takes a non-const buffer; it only reads it. */
	return rpmsg_send(ch->rpdev->ept, (void *)data, len);
}

static size_t ref_mtu(void *ctx)
{
	struct ref_chan *ch = ctx;
	ssize_t mtu = rpmsg_get_mtu(ch->rpdev->ept);

	return mtu > 0 ? mtu : 0;
}

static int ref_ept_cb(struct rpmsg_device *rpdev, void *data, int len,
		      void *priv, u32 src)
{
	return 0;
}

static int ref_ept_create(void *ctx, void **slot)
{
	struct ref_chan *ch = ctx;
	struct rpmsg_channel_info ci = {
		.src = RPMSG_ADDR_ANY,
		.dst = RPMSG_ADDR_ANY,
	};
	struct rpmsg_endpoint *ept;

	strscpy(ci.name, ch->rpdev->id.name, sizeof(ci.name));
	ept = rpmsg_create_ept(ch->rpdev, ref_ept_cb, NULL, ci);
	if (!ept)
		return -ENOMEM;
	*slot = ept;
	return 0;
}

static void ref_ept_destroy(void *ctx, void *ept)
{
	rpmsg_destroy_ept(ept);
}

static const struct bench_ops ref_ops = {
	.send = ref_send,
	.send_bulk = ref_send,
	.mtu = ref_mtu,
	.ept_create = ref_ept_create,
	.ept_destroy = ref_ept_destroy,
};

static int ref_cb(struct rpmsg_device *rpdev, void *data, int len, void *priv,
		  u32 src)
{
	bench_rx_one(&ref_chan.rx, len);
	return 0;
}

static int ref_probe(struct rpmsg_device *rpdev)
{
	mutex_lock(&ref_lock);
	if (ref_chan.rpdev) {
		mutex_unlock(&ref_lock);
		return -EBUSY;
	}
	bench_rx_init(&ref_chan.rx);
	ref_chan.rpdev = rpdev;
	mutex_unlock(&ref_lock);
	return 0;
}

static void ref_remove(struct rpmsg_device *rpdev)
{
	mutex_lock(&ref_lock);
	if (ref_chan.rpdev == rpdev)
		ref_chan.rpdev = NULL;
	mutex_unlock(&ref_lock);
}

static ssize_t ref_run_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct rpmsg_device *have;
	char cmd[128], which[8];
	int ret, skip;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	strim(cmd);

	mutex_lock(&ref_run_lock);
	ref_out[0] = '\0';
	mutex_lock(&ref_lock);
	have = ref_chan.rpdev;
	mutex_unlock(&ref_lock);
	if (sscanf(cmd, "%7s %n", which, &skip) != 1 || strcmp(which, "std"))
		ret = -EINVAL;
	else if (!have)
		ret = -ENODEV;
	else
		ret = bench_common_cmd(&ref_ops, &ref_chan, &ref_chan.rx,
				       cmd + skip, ref_out, sizeof(ref_out));
	if (ret)
		scnprintf(ref_out, sizeof(ref_out), "error=%d\n", ret);
	mutex_unlock(&ref_run_lock);
	return ret ? ret : count;
}

static ssize_t ref_run_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&ref_run_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, ref_out,
				      strlen(ref_out));
	mutex_unlock(&ref_run_lock);
	return ret;
}

static const struct file_operations ref_run_fops = {
	.owner = THIS_MODULE,
	.write = ref_run_write,
	.read = ref_run_read,
	.llseek = default_llseek,
};

static int ref_channels_show(struct seq_file *s, void *unused)
{
	mutex_lock(&ref_lock);
	if (ref_chan.rpdev)
		seq_printf(s, "%s %zu\n", dev_name(&ref_chan.rpdev->dev),
			   ref_mtu(&ref_chan));
	mutex_unlock(&ref_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ref_channels);

static const struct rpmsg_device_id ref_ids[] = {
	{ .name = "amp-sim-echo" },
	{ },
};

static struct rpmsg_driver ref_driver = {
	.drv.name = "amp_bench_ref",
	.id_table = ref_ids,
	.probe = ref_probe,
	.remove = ref_remove,
	.callback = ref_cb,
};

static int __init ref_init(void)
{
	int ret;

	ref_dir = debugfs_create_dir("amp_bench_ref", NULL);
	debugfs_create_file("run", 0600, ref_dir, NULL, &ref_run_fops);
	debugfs_create_file("channels", 0400, ref_dir, NULL,
			    &ref_channels_fops);
	ret = register_rpmsg_driver(&ref_driver);
	if (ret)
		debugfs_remove_recursive(ref_dir);
	return ret;
}
module_init(ref_init);

static void __exit ref_exit(void)
{
	unregister_rpmsg_driver(&ref_driver);
	debugfs_remove_recursive(ref_dir);
}
module_exit(ref_exit);

MODULE_DESCRIPTION("ampipc benchmarks: reference client on mainline rpmsg (test code)");
MODULE_LICENSE("GPL");
