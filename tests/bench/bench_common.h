/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc benchmarks: the measurement loops shared by amp_bench.ko (a client
 * of amp_rpmsg) and amp_bench_ref.ko (the same client written against
 * mainline's <linux/rpmsg.h>), so both stacks run exactly the same code
 * around their send and receive paths. Each module includes this file once.
 *
 * A command is written to the module's debugfs file "run" and executed in
 * the write; reading the file returns its result line:
 *
 *   lat N SIZE          N ping-pongs of SIZE bytes with the echo service:
 *                       rtt_med_ns, rtt_p99_ns, msgs_per_s (1 / mean RTT)
 *   tput N SIZE WIN     N messages of SIZE bytes, at most WIN in flight:
 *                       msgs_per_s
 *   bulk BYTES ITERS WIN  ITERS payloads of BYTES bytes, each split into
 *                       messages of the link's MTU (the bulk path), echoed:
 *                       mb_per_s (payload bytes one way per second)
 *   ept N               create then destroy N endpoints: create_ns, destroy_ns
 *                       per operation
 */
#ifndef AMP_BENCH_COMMON_H
#define AMP_BENCH_COMMON_H

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#define BENCH_OUT_SIZE		512
#define BENCH_MAX_N		(1U << 20)
#define BENCH_MAX_MSG		65536
#define BENCH_TIMEOUT		(5 * HZ)

/* What a module provides for one channel to the echo service. */
struct bench_ops {
	/* copying send of one message to the echo service */
	int (*send)(void *ctx, const void *data, size_t len);
	/* one message of the bulk path (zero-copy where the stack has it) */
	int (*send_bulk)(void *ctx, const void *data, size_t len);
	/* largest payload of one message */
	size_t (*mtu)(void *ctx);
	/* make endpoint @i of @n (the array is the module's), or remove it */
	int (*ept_create)(void *ctx, void **slot);
	void (*ept_destroy)(void *ctx, void *ept);
};

/* Receive side of a channel, fed by the module's rx callback. */
struct bench_rx {
	atomic_t msgs;
	atomic64_t bytes;
	wait_queue_head_t wq;
};

static inline void bench_rx_init(struct bench_rx *rx)
{
	atomic_set(&rx->msgs, 0);
	atomic64_set(&rx->bytes, 0);
	init_waitqueue_head(&rx->wq);
}

/* Called by the module's rx callback for every echoed message. */
static inline void bench_rx_one(struct bench_rx *rx, size_t len)
{
	atomic64_add(len, &rx->bytes);
	atomic_inc(&rx->msgs);
	wake_up(&rx->wq);
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Wait until @rx has seen at least @want messages. */
static int bench_wait_rx(struct bench_rx *rx, int want)
{
	long left = wait_event_timeout(rx->wq,
				       atomic_read(&rx->msgs) >= want,
				       BENCH_TIMEOUT);

	return left ? 0 : -ETIMEDOUT;
}

static int bench_lat(const struct bench_ops *ops, void *ctx,
		     struct bench_rx *rx, unsigned int n, size_t size,
		     char *out, size_t outlen)
{
	u64 *samples, t0, total = 0;
	unsigned int i;
	void *msg;
	int ret = 0;

	msg = kzalloc(size, GFP_KERNEL);
	samples = kvmalloc_array(n, sizeof(*samples), GFP_KERNEL);
	if (!msg || !samples) {
		ret = -ENOMEM;
		goto out;
	}
	memset(msg, 0x5a, size);
	atomic_set(&rx->msgs, 0);
	for (i = 0; i < n; i++) {
		t0 = ktime_get_ns();
		ret = ops->send(ctx, msg, size);
		if (ret)
			goto out;
		ret = bench_wait_rx(rx, i + 1);
		if (ret)
			goto out;
		samples[i] = ktime_get_ns() - t0;
		total += samples[i];
	}
	sort(samples, n, sizeof(*samples), bench_cmp_u64, NULL);
	scnprintf(out, outlen,
		  "n=%u size=%zu rtt_med_ns=%llu rtt_p99_ns=%llu rtt_min_ns=%llu rtt_max_ns=%llu msgs_per_s=%llu\n",
		  n, size, samples[n / 2], samples[n - 1 - n / 100], samples[0],
		  samples[n - 1], div64_u64((u64)n * NSEC_PER_SEC, max(total, 1ULL)));
out:
	kvfree(samples);
	kfree(msg);
	return ret;
}

/*
 * Messages of @chunk bytes until @total bytes went out, at most @win
 * messages in flight; waits for every echo.
 */
static int bench_stream(int (*send)(void *ctx, const void *data, size_t len),
			void *ctx, struct bench_rx *rx, const u8 *payload,
			size_t plen, size_t chunk, unsigned int iters,
			unsigned int win, unsigned int *msgs)
{
	unsigned int sent = 0, it;
	size_t off;
	int ret;

	atomic_set(&rx->msgs, 0);
	atomic64_set(&rx->bytes, 0);
	for (it = 0; it < iters; it++) {
		for (off = 0; off < plen; off += chunk) {
			if (sent - atomic_read(&rx->msgs) >= win) {
				ret = bench_wait_rx(rx, sent - win + 1);
				if (ret)
					return ret;
			}
			ret = send(ctx, payload + off, min(chunk, plen - off));
			if (ret)
				return ret;
			sent++;
		}
	}
	*msgs = sent;
	return bench_wait_rx(rx, sent);
}

static int bench_tput(const struct bench_ops *ops, void *ctx,
		      struct bench_rx *rx, unsigned int n, size_t size,
		      unsigned int win, char *out, size_t outlen)
{
	unsigned int msgs;
	u64 t0, t;
	u8 *msg;
	int ret;

	msg = kzalloc(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	memset(msg, 0xa5, size);
	t0 = ktime_get_ns();
	ret = bench_stream(ops->send, ctx, rx, msg, size, size, n, win, &msgs);
	t = ktime_get_ns() - t0;
	if (!ret)
		scnprintf(out, outlen, "n=%u size=%zu win=%u ns=%llu msgs_per_s=%llu\n",
			  msgs, size, win, t,
			  div64_u64((u64)msgs * NSEC_PER_SEC, max(t, 1ULL)));
	kfree(msg);
	return ret;
}

static int bench_bulk(const struct bench_ops *ops, void *ctx,
		      struct bench_rx *rx, size_t bytes, unsigned int iters,
		      unsigned int win, char *out, size_t outlen)
{
	size_t chunk = ops->mtu(ctx), i;
	unsigned int msgs;
	u64 t0, t, echoed;
	u8 *payload;
	int ret;

	payload = kvmalloc(bytes, GFP_KERNEL);
	if (!payload)
		return -ENOMEM;
	for (i = 0; i < bytes; i++)
		payload[i] = i & 0xff;
	t0 = ktime_get_ns();
	ret = bench_stream(ops->send_bulk, ctx, rx, payload, bytes, chunk,
			   iters, win, &msgs);
	t = ktime_get_ns() - t0;
	echoed = atomic64_read(&rx->bytes);
	if (!ret && echoed != (u64)bytes * iters)
		ret = -EIO;
	if (!ret)
		scnprintf(out, outlen,
			  "bytes=%zu iters=%u chunk=%zu msgs=%u ns=%llu mb_per_s=%llu.%02llu\n",
			  bytes, iters, chunk, msgs, t,
			  div64_u64(echoed * 1000, max(t, 1ULL)),
			  div64_u64(echoed * 100000, max(t, 1ULL)) % 100);
	kvfree(payload);
	return ret;
}

static int bench_ept(const struct bench_ops *ops, void *ctx, unsigned int n,
		     char *out, size_t outlen)
{
	u64 t0, t_create, t_destroy;
	unsigned int i, made;
	void **epts;
	int ret = 0;

	epts = kvcalloc(n, sizeof(*epts), GFP_KERNEL);
	if (!epts)
		return -ENOMEM;
	t0 = ktime_get_ns();
	/*
	 * 64k of them take seconds on a slow guest: let others run (the
	 * kernel is not preemptible), or RCU reports a stall.
	 */
	for (made = 0; made < n; made++) {
		ret = ops->ept_create(ctx, &epts[made]);
		if (ret)
			break;
		cond_resched();
	}
	t_create = ktime_get_ns() - t0;
	t0 = ktime_get_ns();
	for (i = 0; i < made; i++) {
		ops->ept_destroy(ctx, epts[i]);
		cond_resched();
	}
	t_destroy = ktime_get_ns() - t0;
	if (!ret)
		scnprintf(out, outlen, "n=%u create_ns=%llu destroy_ns=%llu\n", n,
			  div_u64(t_create, n), div_u64(t_destroy, n));
	kvfree(epts);
	return ret;
}

/* Parse and run one of the shared commands; -ENOENT if @cmd is none. */
static int bench_common_cmd(const struct bench_ops *ops, void *ctx,
			    struct bench_rx *rx, const char *cmd,
			    char *out, size_t outlen)
{
	unsigned int a, b, c;

	if (sscanf(cmd, "lat %u %u", &a, &b) == 2) {
		if (!a || a > BENCH_MAX_N || !b || b > ops->mtu(ctx))
			return -EINVAL;
		return bench_lat(ops, ctx, rx, a, b, out, outlen);
	}
	if (sscanf(cmd, "tput %u %u %u", &a, &b, &c) == 3) {
		if (!a || a > BENCH_MAX_N || !b || b > ops->mtu(ctx) || !c)
			return -EINVAL;
		return bench_tput(ops, ctx, rx, a, b, c, out, outlen);
	}
	if (sscanf(cmd, "bulk %u %u %u", &a, &b, &c) == 3) {
		if (!a || a > (16U << 20) || !b || b > BENCH_MAX_N || !c)
			return -EINVAL;
		return bench_bulk(ops, ctx, rx, a, b, c, out, outlen);
	}
	if (sscanf(cmd, "ept %u", &a) == 1) {
		if (!a || a > BENCH_MAX_N)
			return -EINVAL;
		return bench_ept(ops, ctx, a, out, outlen);
	}
	return -ENOENT;
}

#endif /* AMP_BENCH_COMMON_H */
