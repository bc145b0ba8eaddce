// SPDX-License-Identifier: GPL-2.0
/*
 * The sim's receive accounting per destination and payload tag
 * (sim_tally.h), and its debugfs files amp_sim/<name>/{rx_tag,rx_tagged}.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim_tally.h"

/**
 * amp_sim_tally_init() - an empty tally with no tag
 * @t: the tally
 */
void amp_sim_tally_init(struct amp_sim_tally *t)
{
	memset(t, 0, sizeof(*t));
	spin_lock_init(&t->lock);
}

/**
 * amp_sim_tally_rx() - account one message the remote received
 * @t: the tally
 * @dst: the message's destination address
 * @payload: its payload, in the host's buffer
 * @len: bytes of @payload
 *
 * Counts the message against @dst, as tagged too when its payload starts
 * with the tag. Only the tag's length is read from @payload, once.
 */
void amp_sim_tally_rx(struct amp_sim_tally *t, u32 dst, const u8 *payload,
		      u32 len)
{
	u8 head[AMP_SIM_TAG_MAX];
	unsigned long flags;
	unsigned int i, n;
	bool tagged;

	n = min_t(u32, len, AMP_SIM_TAG_MAX);
	memcpy(head, payload, n);
	spin_lock_irqsave(&t->lock, flags);
	tagged = t->tag_len && t->tag_len <= n && !memcmp(head, t->tag, t->tag_len);
	for (i = 0; i < t->nr && t->dst[i] != dst; i++)
		;
	if (i == t->nr && t->nr < AMP_SIM_TALLY_DSTS)
		t->dst[t->nr++] = dst;
	if (i < t->nr) {
		t->all[i]++;
		t->tagged[i] += tagged;
	} else {
		t->other_all++;
		t->other_tagged += tagged;
	}
	spin_unlock_irqrestore(&t->lock, flags);
}

/**
 * amp_sim_tally_set_tag() - set the tag and clear the counts
 * @t: the tally
 * @tag: the prefix that marks a payload as tagged
 * @len: its length; 0: no tag
 *
 * Return: 0, or -EINVAL for a tag longer than %AMP_SIM_TAG_MAX.
 */
int amp_sim_tally_set_tag(struct amp_sim_tally *t, const void *tag,
			  unsigned int len)
{
	unsigned long flags;

	if (len > AMP_SIM_TAG_MAX)
		return -EINVAL;
	spin_lock_irqsave(&t->lock, flags);
	memcpy(t->tag, tag, len);
	t->tag_len = len;
	t->nr = 0;
	t->other_all = 0;
	t->other_tagged = 0;
	memset(t->dst, 0, sizeof(t->dst));
	memset(t->all, 0, sizeof(t->all));
	memset(t->tagged, 0, sizeof(t->tagged));
	spin_unlock_irqrestore(&t->lock, flags);
	return 0;
}

static int amp_sim_tagged_show(struct seq_file *s, void *unused)
{
	struct amp_sim_tally *t = s->private;
	u64 all[AMP_SIM_TALLY_DSTS], tagged[AMP_SIM_TALLY_DSTS];
	u64 other_all, other_tagged;
	u32 dst[AMP_SIM_TALLY_DSTS];
	unsigned long flags;
	unsigned int i, nr;

	spin_lock_irqsave(&t->lock, flags);
	nr = t->nr;
	memcpy(dst, t->dst, sizeof(dst));
	memcpy(all, t->all, sizeof(all));
	memcpy(tagged, t->tagged, sizeof(tagged));
	other_all = t->other_all;
	other_tagged = t->other_tagged;
	spin_unlock_irqrestore(&t->lock, flags);
	for (i = 0; i < nr; i++)
		seq_printf(s, "%#x %llu %llu\n", dst[i], tagged[i], all[i]);
	seq_printf(s, "other %llu %llu\n", other_tagged, other_all);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_sim_tagged);

static ssize_t amp_sim_tag_read(struct file *f, char __user *ubuf, size_t len,
				loff_t *pos)
{
	struct amp_sim_tally *t = f->private_data;
	char buf[AMP_SIM_TAG_MAX + 2];
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&t->lock, flags);
	n = t->tag_len;
	memcpy(buf, t->tag, n);
	spin_unlock_irqrestore(&t->lock, flags);
	buf[n++] = '\n';
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

/*
 * A write sets the tag (a trailing newline is not part of it; at most
 * AMP_SIM_TAG_MAX bytes, else -EINVAL) and clears the counts; an empty
 * one clears them and leaves no tag.
 */
static ssize_t amp_sim_tag_write(struct file *f, const char __user *ubuf,
				 size_t len, loff_t *pos)
{
	struct amp_sim_tally *t = f->private_data;
	u8 buf[AMP_SIM_TAG_MAX + 1];
	size_t n = len;

	if (*pos || len > sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	if (n && buf[n - 1] == '\n')
		n--;
	if (amp_sim_tally_set_tag(t, buf, n))
		return -EINVAL;
	*pos += len;
	return len;
}

static const struct file_operations amp_sim_tag_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = amp_sim_tag_read,
	.write = amp_sim_tag_write,
	.llseek = default_llseek,
};

/**
 * amp_sim_tally_debugfs() - the tally's files in a processor's directory
 * @t: the tally
 * @dir: amp_sim/<name>/
 *
 * rx_tag (rw): the tag (a write also clears the counts); rx_tagged (r):
 * one "ADDRESS TAGGED ALL" line per destination a message reached, then
 * "other TAGGED ALL" for destinations beyond the table's 16.
 */
void amp_sim_tally_debugfs(struct amp_sim_tally *t, struct dentry *dir)
{
	debugfs_create_file("rx_tag", 0600, dir, t, &amp_sim_tag_fops);
	debugfs_create_file("rx_tagged", 0400, dir, t, &amp_sim_tagged_fops);
}
