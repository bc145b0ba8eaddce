// SPDX-License-Identifier: GPL-2.0
/*
 * amp_soak_kclient: the kernel-client part of the crash/recovery soak
 * (tests/soak/, README "Reliability"). Test code: built only by
 * scripts/soak.sh (AMP_SOAK=1) and by make lint.
 *
 * A driver on the amp_rpmsg bus for the sim's echo channels
 * ("amp-sim-echo", docs/sim.md). For every channel it binds it starts
 * @streams kthreads; each creates an endpoint of its own on the channel and
 * sends sequence-numbered, checksummed messages of random sizes up to the
 * link's MTU (standard or negotiated buffers, whatever the link has; every
 * eighth message is a full MTU) to the echo service, at most @window in
 * flight. Every fourth message goes through the zero-copy path
 * (amp_rpmsg_tx_borrow(), filled in place, amp_rpmsg_tx_send()), the others
 * through amp_rpmsg_send_timeout(). A send blocks while the link has no
 * free tx buffer (back-pressure; tx_blocked counts the sends that found
 * none free); a wait that ends without one is retried with the same
 * message (tx_waits). The rx callback checks each echo
 * against the oldest message in flight: in order, no duplicate, intact.
 *
 * Crash windows are declared by the test controller, never inferred: it
 * writes "open" to debugfs ``window`` before it crashes, hangs or unloads
 * something, and "close" once everything is back. A message that goes
 * missing (the channel went away under it, a send failed, its echo was
 * skipped or never came) is lost in a window when a window was open when
 * it was sent, or is open now, or opened and closed since it was sent;
 * otherwise it is lost outside a window, a failure, even when the channel
 * went away with it. A channel removal alone excuses nothing: a bus that
 * dropped channels on its own would show up as lost messages.
 *
 * When the channel goes away (remove) the threads stop: each first drains
 * (waits up to @drain_ms for the echoes of what is in flight, unless the
 * link is already gone), then counts what is left as lost. When the channel
 * comes back (probe), new threads resume the traffic with new stream ids.
 * rmmod of this module drains the same way, so nothing in flight is lost
 * to an unload. While loaded, the module holds amp_rpmsg (rmmod refuses
 * with EBUSY); removing amp_rpmsg_virtio under it tears the links down and
 * removes the channels, which this driver survives.
 *
 * debugfs /sys/kernel/debug/amp_soak_kclient/:
 *   stats     one line of KEY=VALUE counters, then "error: ..." lines with
 *             the last few failures
 *   window    "open" / "close" (or 1 / 0); reads "open N" or "closed N"
 *             (N: windows opened so far)
 *   running   Y/N: N stops new messages (what is in flight still
 *             completes), Y resumes
 *   channels  one line per bound channel: device name, MTU, streams
 *
 * The last stats line also goes to the kernel log when the module unloads.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <ampipc/rpmsg.h>

#define KC_MAGIC	0x544c434bU	/* "KCLT" */
#define KC_MAX_WINDOW	256
#define KC_MAX_STREAMS	8
#define KC_MAX_MSG	65536
#define KC_SEND_WAIT	HZ		/* one wait for a tx buffer */
#define KC_IDLE_WAIT	(HZ / 5)
#define KC_ERRORS	4

static unsigned int streams = 2;
module_param(streams, uint, 0444);
MODULE_PARM_DESC(streams, "sending threads per channel (1..8, default 2)");

static unsigned int window = 16;
module_param(window, uint, 0444);
MODULE_PARM_DESC(window, "messages in flight per thread (1..256, default 16)");

static unsigned long seed = 1;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "seed of the message sizes (default 1)");

static unsigned int drain_ms = 10000;
module_param(drain_ms, uint, 0644);
MODULE_PARM_DESC(drain_ms, "how long a stopping thread waits for its echoes (default 10000)");

static unsigned int stall_ms = 30000;
module_param(stall_ms, uint, 0644);
MODULE_PARM_DESC(stall_ms,
		 "no echo for this long with messages in flight: they are lost (default 30000)");

/* The message header; the payload after it is derived from (stream, seq). */
struct kc_hdr {
	__le32 magic;
	__le32 stream;
	__le64 seq;
	__le32 len;
	__le32 crc;	/* crc32 of the payload, xor the low half of seq */
};

#define KC_HDR_LEN	sizeof(struct kc_hdr)

struct kc_sent {
	u64 seq;
	u32 len;
	unsigned int epoch;
};

struct kc_chan;

struct kc_stream {
	struct kc_chan *ch;
	struct amp_rpmsg_endpoint *ept;
	struct task_struct *task;
	wait_queue_head_t wq;
	u64 rng;
	size_t mtu;
	u8 *buf;
	bool link_gone;

	spinlock_t lock;	/* everything below */
	u32 id;
	u32 first_id;
	u64 next_seq;
	struct kc_sent ring[KC_MAX_WINDOW];
	unsigned int head;
	unsigned int count;
	unsigned long last_rx;
};

struct kc_chan {
	struct amp_rpmsg_device *rpdev;
	struct list_head node;
	size_t mtu;
	unsigned int nr;
	struct kc_stream st[];
};

enum kc_stat {
	KC_PROBES,
	KC_REMOVES,
	KC_SENT,
	KC_DELIVERED,
	KC_LOST_WINDOW,
	KC_LOST,
	KC_WRONG,
	KC_LATE,
	KC_ZERO_COPY,
	KC_TX_BLOCKED,
	KC_TX_WAITS,
	KC_SEND_ERRORS,
	KC_STALLS,
	KC_DRAINED,
	KC_BYTES,
	KC_NR_STATS,
};

static const char * const kc_stat_names[KC_NR_STATS] = {
	[KC_PROBES] = "probes",
	[KC_REMOVES] = "removes",
	[KC_SENT] = "sent",
	[KC_DELIVERED] = "delivered",
	[KC_LOST_WINDOW] = "lost_window",
	[KC_LOST] = "lost",
	[KC_WRONG] = "wrong",
	[KC_LATE] = "late",
	[KC_ZERO_COPY] = "zero_copy",
	[KC_TX_BLOCKED] = "tx_blocked",
	[KC_TX_WAITS] = "tx_waits",
	[KC_SEND_ERRORS] = "send_errors",
	[KC_STALLS] = "stalls",
	[KC_DRAINED] = "drained",
	[KC_BYTES] = "bytes",
};

static atomic64_t kc_stats[KC_NR_STATS];
/* Even: no window; odd: a window is open. */
static atomic_t kc_epoch = ATOMIC_INIT(0);
static atomic_t kc_next_id = ATOMIC_INIT(0);
static atomic_t kc_max_len = ATOMIC_INIT(0);
static atomic_t kc_max_mtu = ATOMIC_INIT(0);
static atomic_t kc_min_mtu = ATOMIC_INIT(0);
static bool kc_running = true;

static DEFINE_MUTEX(kc_lock);		/* kc_chans, the window file */
static LIST_HEAD(kc_chans);
static DEFINE_SPINLOCK(kc_err_lock);	/* kc_errors, kc_err_next */
static char kc_errors[KC_ERRORS][128];
static unsigned int kc_err_next;
static struct dentry *kc_dir;

static void kc_count(enum kc_stat s, u64 n)
{
	atomic64_add(n, &kc_stats[s]);
}

static void kc_max(atomic_t *v, int x)
{
	int old = atomic_read(v);

	while (old < x && !atomic_try_cmpxchg(v, &old, x))
		;
}

static __printf(2, 3) void kc_error(struct kc_stream *st, const char *fmt, ...)
{
	char msg[96];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	spin_lock(&kc_err_lock);
	scnprintf(kc_errors[kc_err_next % KC_ERRORS], sizeof(kc_errors[0]),
		  "%s stream %u: %s", dev_name(&st->ch->rpdev->dev), st->id, msg);
	kc_err_next++;
	spin_unlock(&kc_err_lock);
	pr_debug("%s stream %u: %s\n", dev_name(&st->ch->rpdev->dev), st->id, msg);
}

/*
 * Whether a message sent in @sent_epoch that went missing is excused: a
 * window was open when it was sent, is open now, or came and went since.
 */
static bool kc_in_window(unsigned int sent_epoch)
{
	unsigned int ep = atomic_read(&kc_epoch);

	return (sent_epoch & 1) || sent_epoch != ep || (ep & 1);
}

/* Under st->lock: the oldest message in flight is gone. */
static void kc_lose_head(struct kc_stream *st, const char *why)
{
	struct kc_sent *s = &st->ring[st->head];

	if (kc_in_window(s->epoch)) {
		kc_count(KC_LOST_WINDOW, 1);
	} else {
		kc_count(KC_LOST, 1);
		kc_error(st, "seq %llu lost outside a window (%s)", s->seq, why);
	}
	st->head = (st->head + 1) % KC_MAX_WINDOW;
	st->count--;
}

static void kc_lose_all(struct kc_stream *st, const char *why)
{
	spin_lock(&st->lock);
	while (st->count)
		kc_lose_head(st, why);
	spin_unlock(&st->lock);
	wake_up(&st->wq);
}

static u64 kc_rnd(u64 *s)
{
	u64 x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* The payload of (stream, seq): @len - KC_HDR_LEN bytes at @p. */
static void kc_payload(u8 *p, size_t n, u32 stream, u64 seq)
{
	u64 r = (seq * 0x9e3779b97f4a7c15ULL + stream) | 1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(i & 7))
			kc_rnd(&r);
		p[i] = r >> (8 * (i & 7));
	}
}

static u32 kc_crc(const u8 *p, size_t n, u64 seq)
{
	return crc32_le(~0U, p, n) ^ lower_32_bits(seq);
}

static void kc_fill(u8 *buf, u32 stream, u64 seq, size_t len)
{
	struct kc_hdr h = {
		.magic = cpu_to_le32(KC_MAGIC),
		.stream = cpu_to_le32(stream),
		.seq = cpu_to_le64(seq),
		.len = cpu_to_le32(len),
	};

	kc_payload(buf + KC_HDR_LEN, len - KC_HDR_LEN, stream, seq);
	h.crc = cpu_to_le32(kc_crc(buf + KC_HDR_LEN, len - KC_HDR_LEN, seq));
	memcpy(buf, &h, sizeof(h));
}

/* The rx callback of a stream's endpoint: check one echo. */
static int kc_rx(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, u32 src)
{
	struct kc_stream *st = priv;
	struct kc_sent *s;
	struct kc_hdr h;
	u32 id, crc;
	u64 seq;

	if (len < KC_HDR_LEN) {
		kc_count(KC_WRONG, 1);
		kc_error(st, "short echo of %zu bytes", len);
		return 0;
	}
	/* The buffer is shared with the remote: copy what is checked. */
	memcpy(&h, data, sizeof(h));
	id = le32_to_cpu(h.stream);
	seq = le64_to_cpu(h.seq);
	if (le32_to_cpu(h.magic) != KC_MAGIC || le32_to_cpu(h.len) != len) {
		kc_count(KC_WRONG, 1);
		kc_error(st, "echo header: magic %#x len %u of %zu",
			 le32_to_cpu(h.magic), le32_to_cpu(h.len), len);
		return 0;
	}
	crc = kc_crc((const u8 *)data + KC_HDR_LEN, len - KC_HDR_LEN, seq);
	if (crc != le32_to_cpu(h.crc)) {
		kc_count(KC_WRONG, 1);
		kc_error(st, "seq %llu corrupt", seq);
		return 0;
	}

	spin_lock(&st->lock);
	if (id != st->id) {
		if (id >= st->first_id && id < st->id) {
			/* Of a stream given up after a stall: counted then. */
			kc_count(KC_LATE, 1);
		} else {
			kc_count(KC_WRONG, 1);
			kc_error(st, "echo of stream %u", id);
		}
		goto out;
	}
	if (!st->count || seq < st->ring[st->head].seq) {
		kc_count(KC_WRONG, 1);
		kc_error(st, "seq %llu duplicated or reordered", seq);
		goto out;
	}
	/* Older ones whose echo never came are lost. */
	while (st->count && st->ring[st->head].seq < seq)
		kc_lose_head(st, "echo skipped");
	if (!st->count) {
		kc_count(KC_WRONG, 1);
		kc_error(st, "seq %llu never sent", seq);
		goto out;
	}
	s = &st->ring[st->head];
	if (s->len != len) {
		kc_count(KC_WRONG, 1);
		kc_error(st, "seq %llu length %zu, sent %u", seq, len, s->len);
		goto out;
	}
	st->head = (st->head + 1) % KC_MAX_WINDOW;
	st->count--;
	st->last_rx = jiffies;
	kc_count(KC_DELIVERED, 1);
	kc_count(KC_BYTES, len);
	kc_max(&kc_max_len, len);
out:
	spin_unlock(&st->lock);
	wake_up(&st->wq);
	return 0;
}

/*
 * Send the next message. Return: 0 sent; -ETIMEDOUT no tx buffer came
 * (nothing sent, the same message goes again); another errno: the message
 * was not sent and is counted lost.
 */
static int kc_send_one(struct kc_stream *st)
{
	struct amp_rpmsg_endpoint *ept = st->ept;
	u32 dst = st->ch->rpdev->dst;
	bool zc, full;
	struct kc_sent *s;
	size_t len, room;
	u32 id;
	u64 seq;
	void *buf;
	int ret;

	spin_lock(&st->lock);
	id = st->id;
	seq = st->next_seq;
	full = !(seq % 8);
	zc = seq % 4 == 3;
	len = full ? st->mtu :
	      KC_HDR_LEN + (u32)kc_rnd(&st->rng) % (u32)(st->mtu - KC_HDR_LEN + 1);
	/* In the ring before it goes: its echo may beat the send's return. */
	s = &st->ring[(st->head + st->count) % KC_MAX_WINDOW];
	s->seq = seq;
	s->len = len;
	s->epoch = atomic_read(&kc_epoch);
	st->count++;
	spin_unlock(&st->lock);

	/* No free tx buffer now: this send waits for one (back-pressure). */
	if (!(amp_rpmsg_poll(ept, NULL, NULL) & (EPOLLOUT | EPOLLHUP)))
		kc_count(KC_TX_BLOCKED, 1);
	if (zc) {
		buf = amp_rpmsg_tx_borrow(ept, &room, KC_SEND_WAIT);
		if (IS_ERR(buf)) {
			ret = PTR_ERR(buf);
		} else if (room < len) {
			amp_rpmsg_tx_return(ept, buf);
			ret = -EMSGSIZE;
		} else {
			kc_fill(buf, id, seq, len);
			ret = amp_rpmsg_tx_send(ept, buf, ept->addr, dst, len);
		}
	} else {
		kc_fill(st->buf, id, seq, len);
		ret = amp_rpmsg_send_timeout(ept, ept->addr, dst, st->buf, len,
					     KC_SEND_WAIT);
	}

	spin_lock(&st->lock);
	if (ret == -ETIMEDOUT || ret == -ERESTARTSYS) {
		/* Never sent: the newest entry is still this one. */
		st->count--;
		spin_unlock(&st->lock);
		kc_count(KC_TX_WAITS, 1);
		return -ETIMEDOUT;
	}
	st->next_seq++;
	kc_count(KC_SENT, 1);
	if (ret) {
		kc_count(KC_SEND_ERRORS, 1);
		/* Unsent, so no echo comes: everything in flight is older. */
		st->count--;
		if (kc_in_window(s->epoch)) {
			kc_count(KC_LOST_WINDOW, 1);
		} else {
			kc_count(KC_LOST, 1);
			kc_error(st, "seq %llu: send failed outside a window: %d",
				 seq, ret);
		}
	} else if (zc) {
		kc_count(KC_ZERO_COPY, 1);
	}
	spin_unlock(&st->lock);
	return ret;
}

static bool kc_room(struct kc_stream *st)
{
	return READ_ONCE(st->count) < window;
}

/* No echo for stall_ms: give up what is in flight, go on as a new stream. */
static void kc_check_stall(struct kc_stream *st)
{
	bool stalled;

	spin_lock(&st->lock);
	stalled = st->count &&
		  time_after(jiffies, st->last_rx + msecs_to_jiffies(stall_ms));
	if (stalled) {
		while (st->count)
			kc_lose_head(st, "no echo");
		st->id = atomic_inc_return(&kc_next_id);
		st->next_seq = 0;
		st->last_rx = jiffies;
	}
	spin_unlock(&st->lock);
	if (stalled) {
		kc_count(KC_STALLS, 1);
		kc_error(st, "no echo for %u ms", stall_ms);
	}
}

static bool kc_link_gone(struct kc_stream *st)
{
	return st->link_gone ||
	       (amp_rpmsg_poll(st->ept, NULL, NULL) & EPOLLHUP);
}

/* Wait (bounded) for the echoes of what is in flight. */
static void kc_drain(struct kc_stream *st)
{
	unsigned long end = jiffies + msecs_to_jiffies(drain_ms);

	while (READ_ONCE(st->count) && time_before(jiffies, end) &&
	       !kc_link_gone(st))
		wait_event_timeout(st->wq, !READ_ONCE(st->count), HZ / 10);
	if (!READ_ONCE(st->count))
		kc_count(KC_DRAINED, 1);
}

static int kc_thread(void *arg)
{
	struct kc_stream *st = arg;
	struct amp_rpmsg_channel_info ci = {
		.src = AMP_RPMSG_ADDR_ANY,
		.dst = AMP_RPMSG_ADDR_ANY,
	};
	int ret;

	strscpy(ci.name, st->ch->rpdev->name, sizeof(ci.name));
	st->ept = amp_rpmsg_create_ept(st->ch->rpdev, kc_rx, st, ci);
	if (IS_ERR(st->ept)) {
		/* The link is going away already: nothing was sent. */
		kc_error(st, "endpoint: %ld", PTR_ERR(st->ept));
		st->ept = NULL;
		while (!kthread_should_stop())
			schedule_timeout_interruptible(KC_IDLE_WAIT);
		return 0;
	}
	while (!kthread_should_stop()) {
		if (st->link_gone || !READ_ONCE(kc_running)) {
			/* What is in flight still completes meanwhile. */
			schedule_timeout_interruptible(KC_IDLE_WAIT);
			continue;
		}
		wait_event_interruptible_timeout(st->wq, kc_room(st) ||
						 kthread_should_stop(),
						 KC_IDLE_WAIT);
		if (kthread_should_stop())
			break;
		if (!kc_room(st)) {
			kc_check_stall(st);
			continue;
		}
		ret = kc_send_one(st);
		/* The link is gone: the channel's remove comes next. */
		if (ret == -ENODEV)
			st->link_gone = true;
	}
	kc_drain(st);
	amp_rpmsg_destroy_ept(st->ept);
	kc_lose_all(st, "channel removed");
	return 0;
}

static int kc_probe(struct amp_rpmsg_device *rpdev)
{
	struct amp_rpmsg_link *link = rpdev->link;
	struct kc_chan *ch;
	unsigned int i, nr = streams;
	size_t mtu = min_t(size_t, amp_rpmsg_link_tx_mtu(link), KC_MAX_MSG);
	int ret = 0;

	if (mtu < KC_HDR_LEN)
		return -EMSGSIZE;
	ch = kzalloc(struct_size(ch, st, nr), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	ch->rpdev = rpdev;
	ch->mtu = mtu;
	ch->nr = nr;
	for (i = 0; i < nr; i++) {
		struct kc_stream *st = &ch->st[i];

		st->ch = ch;
		st->mtu = mtu;
		spin_lock_init(&st->lock);
		init_waitqueue_head(&st->wq);
		st->id = atomic_inc_return(&kc_next_id);
		st->first_id = st->id;
		st->rng = (seed + st->id) * 0xbf58476d1ce4e5b9ULL | 1;
		st->last_rx = jiffies;
		st->buf = kmalloc(mtu, GFP_KERNEL);
		if (!st->buf) {
			ret = -ENOMEM;
			goto free;
		}
	}
	for (i = 0; i < nr; i++) {
		struct kc_stream *st = &ch->st[i];

		st->task = kthread_create(kc_thread, st, "amp-kc/%u", st->id);
		if (IS_ERR(st->task)) {
			ret = PTR_ERR(st->task);
			st->task = NULL;
			goto stop;
		}
		get_task_struct(st->task);
	}
	dev_set_drvdata(&rpdev->dev, ch);
	mutex_lock(&kc_lock);
	list_add_tail(&ch->node, &kc_chans);
	mutex_unlock(&kc_lock);
	kc_count(KC_PROBES, 1);
	kc_max(&kc_max_mtu, mtu);
	if (!atomic_read(&kc_min_mtu) || mtu < atomic_read(&kc_min_mtu))
		atomic_set(&kc_min_mtu, mtu);
	for (i = 0; i < nr; i++)
		wake_up_process(ch->st[i].task);
	return 0;

stop:
	/* Never woken, so the thread function never runs. */
	for (i = 0; i < nr && ch->st[i].task; i++) {
		kthread_stop(ch->st[i].task);
		put_task_struct(ch->st[i].task);
	}
free:
	for (i = 0; i < nr; i++)
		kfree(ch->st[i].buf);
	kfree(ch);
	return ret;
}

static void kc_remove(struct amp_rpmsg_device *rpdev)
{
	struct kc_chan *ch = dev_get_drvdata(&rpdev->dev);
	unsigned int i;

	mutex_lock(&kc_lock);
	list_del(&ch->node);
	mutex_unlock(&kc_lock);
	/* Each thread drains, destroys its endpoint, counts what is left. */
	for (i = 0; i < ch->nr; i++) {
		kthread_stop(ch->st[i].task);
		put_task_struct(ch->st[i].task);
	}
	for (i = 0; i < ch->nr; i++)
		kfree(ch->st[i].buf);
	dev_set_drvdata(&rpdev->dev, NULL);
	kfree(ch);
	kc_count(KC_REMOVES, 1);
}

static void kc_stats_line(char *buf, size_t size)
{
	size_t n = 0;
	unsigned int i, inflight = 0, chans = 0, j;
	struct kc_chan *ch;

	mutex_lock(&kc_lock);
	list_for_each_entry(ch, &kc_chans, node) {
		chans++;
		for (j = 0; j < ch->nr; j++)
			inflight += READ_ONCE(ch->st[j].count);
	}
	mutex_unlock(&kc_lock);
	n += scnprintf(buf + n, size - n, "channels=%u inflight=%u", chans, inflight);
	for (i = 0; i < KC_NR_STATS; i++)
		n += scnprintf(buf + n, size - n, " %s=%lld", kc_stat_names[i],
			       (long long)atomic64_read(&kc_stats[i]));
	scnprintf(buf + n, size - n,
		  " max_len=%d max_mtu=%d min_mtu=%d windows=%d window_open=%d",
		  atomic_read(&kc_max_len), atomic_read(&kc_max_mtu),
		  atomic_read(&kc_min_mtu), (atomic_read(&kc_epoch) + 1) / 2,
		  atomic_read(&kc_epoch) & 1);
}

static int kc_stats_show(struct seq_file *s, void *unused)
{
	char line[512];
	unsigned int i, n;

	kc_stats_line(line, sizeof(line));
	seq_printf(s, "%s\n", line);
	spin_lock(&kc_err_lock);
	n = min_t(unsigned int, kc_err_next, KC_ERRORS);
	for (i = 0; i < n; i++)
		seq_printf(s, "error: %s\n",
			   kc_errors[(kc_err_next - n + i) % KC_ERRORS]);
	spin_unlock(&kc_err_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kc_stats);

static int kc_channels_show(struct seq_file *s, void *unused)
{
	struct kc_chan *ch;

	mutex_lock(&kc_lock);
	list_for_each_entry(ch, &kc_chans, node)
		seq_printf(s, "%s %zu %u\n", dev_name(&ch->rpdev->dev), ch->mtu,
			   ch->nr);
	mutex_unlock(&kc_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kc_channels);

static ssize_t kc_window_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char cmd[16];
	bool open;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	strim(cmd);
	if (!strcmp(cmd, "open") || !strcmp(cmd, "1"))
		open = true;
	else if (!strcmp(cmd, "close") || !strcmp(cmd, "0"))
		open = false;
	else
		return -EINVAL;
	mutex_lock(&kc_lock);
	if (!!(atomic_read(&kc_epoch) & 1) != open)
		atomic_inc(&kc_epoch);
	mutex_unlock(&kc_lock);
	return count;
}

static ssize_t kc_window_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	int ep = atomic_read(&kc_epoch);
	char buf[32];
	int n;

	n = scnprintf(buf, sizeof(buf), "%s %d\n", ep & 1 ? "open" : "closed",
		      (ep + 1) / 2);
	return simple_read_from_buffer(ubuf, count, ppos, buf, n);
}

static const struct file_operations kc_window_fops = {
	.owner = THIS_MODULE,
	.read = kc_window_read,
	.write = kc_window_write,
	.llseek = default_llseek,
};

static const struct amp_rpmsg_device_id kc_ids[] = {
	{ .name = "amp-sim-echo" },
	{ },
};

/* No .callback: no channel endpoint; every stream makes its own. */
static struct amp_rpmsg_driver kc_driver = {
	.drv.name = "amp_soak_kclient",
	.id_table = kc_ids,
	.probe = kc_probe,
	.remove = kc_remove,
};

static int __init kc_init(void)
{
	int ret;

	if (!window || window > KC_MAX_WINDOW || !streams ||
	    streams > KC_MAX_STREAMS)
		return -EINVAL;
	kc_dir = debugfs_create_dir("amp_soak_kclient", NULL);
	debugfs_create_file("stats", 0400, kc_dir, NULL, &kc_stats_fops);
	debugfs_create_file("channels", 0400, kc_dir, NULL, &kc_channels_fops);
	debugfs_create_file("window", 0600, kc_dir, NULL, &kc_window_fops);
	debugfs_create_bool("running", 0600, kc_dir, &kc_running);
	ret = amp_rpmsg_register_driver(&kc_driver);
	if (ret)
		debugfs_remove_recursive(kc_dir);
	return ret;
}
module_init(kc_init);

static void __exit kc_exit(void)
{
	char line[512];
	unsigned int i, n;

	amp_rpmsg_unregister_driver(&kc_driver);
	debugfs_remove_recursive(kc_dir);
	n = min_t(unsigned int, kc_err_next, KC_ERRORS);
	for (i = 0; i < n; i++)
		pr_info("error: %s\n", kc_errors[(kc_err_next - n + i) % KC_ERRORS]);
	kc_stats_line(line, sizeof(line));
	pr_info("final %s\n", line);
}
module_exit(kc_exit);

MODULE_DESCRIPTION("ampipc soak: kernel client of the echo service through crashes (test code)");
MODULE_LICENSE("GPL");
