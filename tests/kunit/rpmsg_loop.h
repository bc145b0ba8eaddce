/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: a loopback remote for the rpmsg tests (amp_rpmsg_loop.ko).
 *
 * A link whose "remote" runs in a workqueue: it echoes what is sent to
 * AMP_LOOP_ECHO, AMP_LOOP_SECRET and AMP_LOOP_FW, swallows what is sent to
 * AMP_LOOP_SINK, and counts everything it gets per destination, so a test
 * can check that nothing reached it. It can crash (the link goes), recover
 * (a new link with the same name), stall (keep its transmit buffers) and
 * announce channels. Its parent device's firmware node carries
 * amp,export-channels = "rpmsg-fw".
 */
#ifndef AMPIPC_TEST_RPMSG_LOOP_H
#define AMPIPC_TEST_RPMSG_LOOP_H

#include <linux/types.h>

struct device;
struct amp_rpmsg_link;

#define AMP_LOOP_ECHO		0x400	/* channel "rpmsg-echo" */
#define AMP_LOOP_SINK		0x401	/* channel "rpmsg-sink" */
#define AMP_LOOP_SECRET		0x402	/* channel "rpmsg-secret" */
#define AMP_LOOP_FW		0x403	/* channel "rpmsg-fw" */
#define AMP_LOOP_NR_SEEN	16	/* per-dst counters from 0x400 */

struct amp_rpmsg_loop;

struct amp_rpmsg_loop *amp_rpmsg_loop_create(const char *name);
void amp_rpmsg_loop_destroy(struct amp_rpmsg_loop *loop);
int amp_rpmsg_loop_crash(struct amp_rpmsg_loop *loop);
int amp_rpmsg_loop_recover(struct amp_rpmsg_loop *loop);
void amp_rpmsg_loop_stall(struct amp_rpmsg_loop *loop, bool stall);
int amp_rpmsg_loop_announce(struct amp_rpmsg_loop *loop, const char *name,
			    u32 addr, bool destroy);
unsigned long amp_rpmsg_loop_seen(struct amp_rpmsg_loop *loop, u32 dst);
unsigned long amp_rpmsg_loop_seen_total(struct amp_rpmsg_loop *loop);
void amp_rpmsg_loop_flush(struct amp_rpmsg_loop *loop);
struct amp_rpmsg_link *amp_rpmsg_loop_link(struct amp_rpmsg_loop *loop);
struct device *amp_rpmsg_loop_device(struct amp_rpmsg_loop *loop);

#endif /* AMPIPC_TEST_RPMSG_LOOP_H */
