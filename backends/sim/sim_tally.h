/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sim's receive accounting per destination address: how many of the
 * messages the host sent arrived there, and how many of those started with
 * a chosen prefix (the tag). Tests tag what one sender writes (an
 * unprivileged user's payloads, say) and read back where those messages
 * arrived at the remote, across crashes and reboots (the counts live with
 * the processor, not with one run).
 */
#ifndef AMPIPC_SIM_TALLY_H
#define AMPIPC_SIM_TALLY_H

#include <linux/spinlock.h>
#include <linux/types.h>

#define AMP_SIM_TAG_MAX		16
#define AMP_SIM_TALLY_DSTS	16

struct dentry;

/**
 * struct amp_sim_tally - messages received, per destination
 * @lock: protects the fields below (taken by the remote's thread and by
 *	debugfs)
 * @tag: the prefix a payload must start with to be counted
 * @tag_len: bytes of @tag; 0: no message is tagged
 * @nr: entries used in @dst, @all and @tagged
 * @dst: destination addresses seen, in order of first arrival
 * @all: messages received per @dst entry
 * @tagged: of those, the ones that started with @tag
 * @other_all: messages to destinations that did not fit in @dst
 * @other_tagged: of those, tagged ones
 */
struct amp_sim_tally {
	spinlock_t lock;
	u8 tag[AMP_SIM_TAG_MAX];
	unsigned int tag_len;
	unsigned int nr;
	u32 dst[AMP_SIM_TALLY_DSTS];
	u64 all[AMP_SIM_TALLY_DSTS];
	u64 tagged[AMP_SIM_TALLY_DSTS];
	u64 other_all;
	u64 other_tagged;
};

void amp_sim_tally_init(struct amp_sim_tally *t);
int amp_sim_tally_set_tag(struct amp_sim_tally *t, const void *tag,
			  unsigned int len);
void amp_sim_tally_rx(struct amp_sim_tally *t, u32 dst, const u8 *payload,
		      u32 len);
void amp_sim_tally_debugfs(struct amp_sim_tally *t, struct dentry *dir);

#endif /* AMPIPC_SIM_TALLY_H */
