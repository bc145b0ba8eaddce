// SPDX-License-Identifier: GPL-2.0
/*
 * The sim's fault behaviours: their names, the malformed messages, the
 * name-service flood and the crash and hang they stage (docs/sim.md).
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <ampipc/compat_unaligned.h>
#include <ampipc/rsc_table.h>

#include "sim_engine.h"
#include "sim_engine_priv.h"

static const char * const fault_names[AMP_SIM_FAULT_NR] = {
	[AMP_SIM_FAULT_NONE]		= "none",
	[AMP_SIM_FAULT_CRASH]		= "crash",
	[AMP_SIM_FAULT_HANG]		= "hang",
	[AMP_SIM_FAULT_BAD_HDR]		= "bad_hdr",
	[AMP_SIM_FAULT_BAD_LEN]		= "bad_len",
	[AMP_SIM_FAULT_BAD_ADDR]	= "bad_addr",
	[AMP_SIM_FAULT_NS_FLOOD]	= "ns_flood",
	[AMP_SIM_FAULT_NO_TX_RETURN]	= "no_tx_return",
	[AMP_SIM_FAULT_FUZZ]		= "fuzz",
};

/* Variants each malformed-message fault cycles through. */
static const u32 fault_variants[AMP_SIM_FAULT_NR] = {
	[AMP_SIM_FAULT_BAD_HDR]		= 6,
	[AMP_SIM_FAULT_BAD_LEN]		= 4,
	[AMP_SIM_FAULT_BAD_ADDR]	= 4,
};

/**
 * amp_sim_fault_name() - name of a fault behaviour
 * @fault: the fault
 *
 * Return: its name as debugfs and docs/sim.md spell it, or "?".
 */
const char *amp_sim_fault_name(enum amp_sim_fault fault)
{
	return (unsigned int)fault < AMP_SIM_FAULT_NR ? fault_names[fault] : "?";
}

/**
 * amp_sim_fault_parse() - look a fault behaviour up by name
 * @name: the name, optionally followed by a newline
 *
 * Return: the &enum amp_sim_fault, or -EINVAL.
 */
int amp_sim_fault_parse(const char *name)
{
	int i;

	for (i = 0; i < AMP_SIM_FAULT_NR; i++)
		if (sysfs_streq(name, fault_names[i]))
			return i;
	return -EINVAL;
}

/* One malformed message of the active header/length/address fault. */
static void emit_malformed(struct amp_sim_engine *e, struct amp_sim_host_buf *b)
{
	struct amp_sim_vring *vr = &e->vr[0];
	u32 variant = e->fault_step % fault_variants[e->fault];
	u32 src = e->nr_svc ? e->svc[0].addr : ADDR_RESERVED;
	u8 *p = b->va + AMP_SIM_RPMSG_HDR_LEN;
	u8 *desc = vr->desc + DESC_SIZE * b->head;
	u32 used_len = AMP_SIM_RPMSG_HDR_LEN + 8;
	u32 id = b->head;

	memset(p, 0x5a, 8);
	amp_sim_hdr_put(b->va, src, ADDR_RESERVED, 8);
	switch (e->fault * 8 + variant) {
	/* header claims more payload than the buffer holds */
	case AMP_SIM_FAULT_BAD_HDR * 8 + 0:
		put_unaligned_le16(min_t(u32, b->cap - AMP_SIM_RPMSG_HDR_LEN + 1, 0xffff),
				   b->va + HDR_LEN);
		used_len = b->cap;
		break;
	/* header length beyond what the used element says was written */
	case AMP_SIM_FAULT_BAD_HDR * 8 + 1:
		put_unaligned_le16(0xffff, b->va + HDR_LEN);
		break;
	/* ANY as source and destination */
	case AMP_SIM_FAULT_BAD_HDR * 8 + 2:
		put_unaligned_le32(ADDR_ANY, b->va + HDR_SRC);
		put_unaligned_le32(ADDR_ANY, b->va + HDR_DST);
		break;
	/* name-service message with an unterminated name and ANY address */
	case AMP_SIM_FAULT_BAD_HDR * 8 + 3:
		memset(p, 'A', AMP_SIM_NS_MSG_LEN);
		put_unaligned_le32(ADDR_ANY, p + 32);
		put_unaligned_le32(0, p + 36);
		amp_sim_hdr_put(b->va, src, AMP_SIM_NS_ADDR, AMP_SIM_NS_MSG_LEN);
		used_len = AMP_SIM_RPMSG_HDR_LEN + AMP_SIM_NS_MSG_LEN;
		break;
	/* truncated name-service message */
	case AMP_SIM_FAULT_BAD_HDR * 8 + 4:
		amp_sim_hdr_put(b->va, src, AMP_SIM_NS_ADDR, 8);
		break;
	/* garbage in reserved and flags, unknown destination */
	case AMP_SIM_FAULT_BAD_HDR * 8 + 5:
		put_unaligned_le32(0xdeadbeef, b->va + HDR_RESERVED);
		put_unaligned_le16(0xffff, b->va + HDR_FLAGS);
		put_unaligned_le32(0x7fffffff, b->va + HDR_DST);
		break;
	case AMP_SIM_FAULT_BAD_LEN * 8 + 0:
		used_len = 0xffffffff;
		break;
	case AMP_SIM_FAULT_BAD_LEN * 8 + 1:
		used_len = 0;
		break;
	case AMP_SIM_FAULT_BAD_LEN * 8 + 2:
		used_len = AMP_SIM_RPMSG_HDR_LEN / 2;
		break;
	case AMP_SIM_FAULT_BAD_LEN * 8 + 3:
		used_len = get_unaligned_le32(desc + DESC_LEN) + 1;
		break;
	/* descriptor rewritten to point nowhere */
	case AMP_SIM_FAULT_BAD_ADDR * 8 + 0:
		put_unaligned_le64(BAD_ADDR, desc + DESC_ADDR);
		break;
	/* descriptor rewritten to point at the ring itself */
	case AMP_SIM_FAULT_BAD_ADDR * 8 + 1:
		put_unaligned_le64(vr->da, desc + DESC_ADDR);
		break;
	/* used element naming a descriptor that does not exist */
	case AMP_SIM_FAULT_BAD_ADDR * 8 + 2:
		id = vr->num + b->head;
		break;
	/* used element naming a descriptor the device was never given */
	default:
		id = (b->head + vr->num / 2) & (vr->num - 1);
		break;
	}
	amp_sim_used_put(vr, id, used_len);
	e->stats.faults_emitted++;
	e->fault_step++;
}

/* Malformed messages and name-service floods, while a fault is active. */
int amp_sim_run_fault(struct amp_sim_engine *e, int *budget)
{
	struct amp_sim_host_buf b;
	u32 total;
	int ret;

	if (!e->fault_active)
		return 0;
	switch (e->fault) {
	case AMP_SIM_FAULT_BAD_HDR:
	case AMP_SIM_FAULT_BAD_LEN:
	case AMP_SIM_FAULT_BAD_ADDR:
		total = (e->fault_arg ?: FAULT_ROUNDS_DEFAULT) * fault_variants[e->fault];
		while (e->fault_step < total && *budget > 0) {
			ret = amp_sim_hbuf_get(e, AMP_SIM_NS_MSG_LEN, &b);
			if (ret <= 0)
				return ret;
			emit_malformed(e, &b);
			(*budget)--;
		}
		break;
	case AMP_SIM_FAULT_NS_FLOOD:
		total = e->fault_arg ?: AMP_SIM_NS_FLOOD_DEFAULT;
		while (e->fault_step < total && *budget > 0) {
			ret = amp_sim_hbuf_get(e, AMP_SIM_NS_MSG_LEN, &b);
			if (ret <= 0)
				return ret;
			memset(b.va + AMP_SIM_RPMSG_HDR_LEN, 0, AMP_SIM_NS_MSG_LEN);
			snprintf((char *)b.va + AMP_SIM_RPMSG_HDR_LEN, AMP_SIM_NAME_LEN,
				 "amp-flood-%u", e->fault_step);
			put_unaligned_le32(0x10000 + e->fault_step,
					   b.va + AMP_SIM_RPMSG_HDR_LEN + 32);
			amp_sim_hbuf_send(e, &b, 0x10000 + e->fault_step, AMP_SIM_NS_ADDR,
				  AMP_SIM_NS_MSG_LEN);
			e->stats.faults_emitted++;
			e->fault_step++;
			(*budget)--;
		}
		break;
	case AMP_SIM_FAULT_FUZZ:
		return amp_sim_fuzz_run(e, budget);
	default:
		break;
	}
	return 0;
}

static void activate_fault(struct amp_sim_engine *e)
{
	e->fault_active = true;
	e->fault_step = 0;
	switch (e->fault) {
	case AMP_SIM_FAULT_CRASH:
		amp_sim_engine_log(e, "FATAL: simulated crash, halting");
		e->state = AMP_SIM_ST_HALTED;
		e->bus.fatal(e->bus.priv);
		break;
	case AMP_SIM_FAULT_HANG:
		amp_sim_engine_log(e, "hanging (fault injection)");
		e->state = AMP_SIM_ST_HUNG;
		break;
	case AMP_SIM_FAULT_FUZZ:
		amp_sim_fuzz_start(e);
		break;
	default:
		amp_sim_engine_log(e, "fault %s active", amp_sim_fault_name(e->fault));
		break;
	}
}

/* Returns true when a fault just became active (the caller polls again). */
bool amp_sim_fault_check(struct amp_sim_engine *e, u64 now_ms)
{
	int inj = atomic_xchg(&e->inject, 0);

	if (inj) {
		e->fault = inj - 1;
		e->fault_arg = 0;
		e->fault_active = false;
		e->fault_at_ms = now_ms;
		if (e->fault == AMP_SIM_FAULT_NONE)
			amp_sim_engine_log(e, "fault cleared");
	}
	if (e->fault == AMP_SIM_FAULT_NONE || e->fault_active)
		return false;
	/* Ring faults need running rings; crash and hang happen anywhere. */
	if (e->state != AMP_SIM_ST_RUN && e->fault != AMP_SIM_FAULT_CRASH &&
	    e->fault != AMP_SIM_FAULT_HANG)
		return false;
	if (e->state != AMP_SIM_ST_RUN && !inj)
		return false;
	if (now_ms < e->fault_at_ms)
		return false;
	activate_fault(e);
	return true;
}
