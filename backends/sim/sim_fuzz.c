// SPDX-License-Identifier: GPL-2.0
/*
 * The sim's hostile mode, the "fuzz" fault (docs/sim.md): a seeded share of
 * what the remote writes is mutated (rpmsg headers and payloads, used
 * lengths, name-service records, the descriptors of the buffers it returns,
 * interrupts of vrings that do not exist, the loaded resource table and,
 * when asked, used ids and the used index), while the services keep
 * serving, so the host has to drop and count the garbage and keep the
 * channel. The PRNG is a xorshift64* of our own: a seed gives the same
 * mutations for the same traffic.
 *
 * Every mutated message goes to an address no host endpoint has (ANY, the
 * name service, a reserved one or one above 2^31; host endpoints get
 * addresses from 1024 up), so the valid traffic beside it is never hit.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <ampipc/compat_unaligned.h>
#include <ampipc/rsc_table.h>

#include "sim_engine.h"
#include "sim_engine_priv.h"

/* Name-service names and addresses the mutated records draw from. */
#define FUZZ_NS_POOL		8
#define FUZZ_NS_ADDR		0x20000
/* The descriptor field sim_engine_priv.h has no name for. */
#define DESC_NEXT		14
/* Weights of the classes, in the order of the AMP_SIM_FUZZ_* bits. */
static const u8 fuzz_weight[] = { 8, 6, 4, 3, 1, 1, 1 };

static u64 fuzz_next(struct amp_sim_engine *e)
{
	u64 x = e->fuzz_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	e->fuzz_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* A value in [0, n). */
static u32 fuzz_below(struct amp_sim_engine *e, u32 n)
{
	return (u32)(((fuzz_next(e) >> 32) * n) >> 32);
}

static u32 fuzz_u32(struct amp_sim_engine *e)
{
	return fuzz_next(e) >> 32;
}

/**
 * amp_sim_engine_set_fuzz() - set the parameters of the fuzz fault
 * @e: the engine
 * @cfg: seed, count and classes; copied
 *
 * They apply at the next activation of the fuzz fault (an injection of
 * %AMP_SIM_FAULT_FUZZ, or the boot of an image that names it); set them
 * before injecting. amp_sim_engine_init() resets them to the defaults.
 */
void amp_sim_engine_set_fuzz(struct amp_sim_engine *e,
			     const struct amp_sim_fuzz_cfg *cfg)
{
	WRITE_ONCE(e->fuzz.seed, cfg->seed);
	WRITE_ONCE(e->fuzz.count, cfg->count);
	WRITE_ONCE(e->fuzz.mask, cfg->mask);
}

void amp_sim_fuzz_start(struct amp_sim_engine *e)
{
	u64 seed = READ_ONCE(e->fuzz.seed);

	/* splitmix64 of the seed: never 0, and close seeds drift apart */
	seed += 0x9e3779b97f4a7c15ULL;
	seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ULL;
	seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebULL;
	seed ^= seed >> 31;
	e->fuzz_state = seed ?: 1;
	if (!(READ_ONCE(e->fuzz.mask) & AMP_SIM_FUZZ_ALL))
		WRITE_ONCE(e->fuzz.mask, AMP_SIM_FUZZ_DEFAULT);
	amp_sim_engine_log(e, "fuzz: seed %llu, %u messages, classes %#x",
			   READ_ONCE(e->fuzz.seed), READ_ONCE(e->fuzz.count),
			   READ_ONCE(e->fuzz.mask));
}

/* An address no host endpoint has. */
static u32 fuzz_dst(struct amp_sim_engine *e)
{
	switch (fuzz_below(e, 4)) {
	case 0:
		return ADDR_ANY;
	case 1:
		return AMP_SIM_NS_ADDR;
	case 2:
		return fuzz_below(e, ADDR_RESERVED);
	default:
		return BIT(31) | fuzz_u32(e);
	}
}

static u32 fuzz_src(struct amp_sim_engine *e)
{
	switch (fuzz_below(e, 4)) {
	case 0:
		return e->nr_svc ? e->svc[fuzz_below(e, e->nr_svc)].addr : 0;
	case 1:
		return ADDR_ANY;
	case 2:
		return fuzz_below(e, ADDR_RESERVED);
	default:
		return fuzz_u32(e);
	}
}

/* A used length: mostly odd ones, sometimes the one the header implies. */
static u32 fuzz_used_len(struct amp_sim_engine *e, u32 cap, u32 plen)
{
	switch (fuzz_below(e, 8)) {
	case 0:
		return 0;
	case 1:
		return fuzz_below(e, AMP_SIM_RPMSG_HDR_LEN);
	case 2:
		return cap + 1 + fuzz_below(e, 4096);
	case 3:
		return U32_MAX - fuzz_below(e, 16);
	case 4:
		return fuzz_u32(e);
	case 5:
		return fuzz_below(e, cap + 1);
	default:
		return min_t(u32, AMP_SIM_RPMSG_HDR_LEN + plen, cap);
	}
}

static void fuzz_bytes(struct amp_sim_engine *e, u8 *p, u32 len)
{
	u32 i;

	for (i = 0; i + 4 <= len; i += 4)
		put_unaligned_le32(fuzz_u32(e), p + i);
	for (; i < len; i++)
		p[i] = fuzz_u32(e);
}

/* Header and payload: any field may be garbage, the destination is nobody. */
static u32 fuzz_hdr(struct amp_sim_engine *e, struct amp_sim_host_buf *b)
{
	u32 room = b->cap - AMP_SIM_RPMSG_HDR_LEN, plen;

	switch (fuzz_below(e, 5)) {
	case 0:
		plen = room + 1 + fuzz_below(e, 64);
		break;
	case 1:
		plen = 0xffff;
		break;
	case 2:
		plen = 0;
		break;
	default:
		plen = fuzz_below(e, room + 1);
		break;
	}
	fuzz_bytes(e, b->va + AMP_SIM_RPMSG_HDR_LEN, min_t(u32, min(plen, room), 64));
	put_unaligned_le32(fuzz_src(e), b->va + HDR_SRC);
	put_unaligned_le32(fuzz_dst(e), b->va + HDR_DST);
	put_unaligned_le32(fuzz_below(e, 2) ? fuzz_u32(e) : 0, b->va + HDR_RESERVED);
	put_unaligned_le16(plen, b->va + HDR_LEN);
	put_unaligned_le16(fuzz_below(e, 2) ? fuzz_u32(e) : 0, b->va + HDR_FLAGS);
	return fuzz_below(e, 4) ? min_t(u32, AMP_SIM_RPMSG_HDR_LEN + plen, b->cap) :
				  fuzz_used_len(e, b->cap, plen);
}

/*
 * A name-service record: names from a small pool (so created channels stay
 * few and get destroyed again), unterminated, empty or binary names, odd
 * addresses and flags, short and long records. The services' own names
 * are only ever announced again, never destroyed.
 */
static u32 fuzz_ns(struct amp_sim_engine *e, struct amp_sim_host_buf *b)
{
	u8 *p = b->va + AMP_SIM_RPMSG_HDR_LEN;
	u32 room = b->cap - AMP_SIM_RPMSG_HDR_LEN, plen, addr, flags, k;
	bool own = false;

	memset(p, 0, AMP_SIM_NS_MSG_LEN);
	k = fuzz_below(e, FUZZ_NS_POOL);
	switch (fuzz_below(e, 6)) {
	case 0:
		memset(p, 'a' + k, AMP_SIM_NAME_LEN);	/* unterminated */
		break;
	case 1:
		break;					/* empty */
	case 2:
		fuzz_bytes(e, p, AMP_SIM_NAME_LEN - 1);
		break;
	case 3:
		if (e->nr_svc) {
			strscpy((char *)p, e->svc[k % e->nr_svc].name, AMP_SIM_NAME_LEN);
			own = true;
			break;
		}
		fallthrough;
	default:
		snprintf((char *)p, AMP_SIM_NAME_LEN, "amp-fuzz-%u", k);
		break;
	}
	switch (fuzz_below(e, 5)) {
	case 0:
		addr = ADDR_ANY;
		break;
	case 1:
		addr = fuzz_below(e, ADDR_RESERVED);
		break;
	case 2:
		addr = fuzz_u32(e);
		break;
	default:
		addr = FUZZ_NS_ADDR + k;
		break;
	}
	switch (fuzz_below(e, 4)) {
	case 0:
		flags = 1;	/* destroy */
		break;
	case 1:
		flags = fuzz_u32(e);
		break;
	default:
		flags = 0;
		break;
	}
	if (own) {
		/* Keep the services' channels: only a repeated announcement. */
		addr = e->svc[k % e->nr_svc].addr;
		flags = 0;
	}
	put_unaligned_le32(addr, p + 32);
	put_unaligned_le32(flags, p + 36);
	switch (fuzz_below(e, 6)) {
	case 0:
		plen = fuzz_below(e, AMP_SIM_NS_MSG_LEN);
		break;
	case 1:
		plen = min_t(u32, AMP_SIM_NS_MSG_LEN + 1 + fuzz_below(e, 64), room);
		memset(p + AMP_SIM_NS_MSG_LEN, 0, plen - AMP_SIM_NS_MSG_LEN);
		break;
	default:
		plen = AMP_SIM_NS_MSG_LEN;
		break;
	}
	amp_sim_hdr_put(b->va, fuzz_below(e, 2) ? addr : fuzz_src(e), AMP_SIM_NS_ADDR, plen);
	return fuzz_below(e, 8) ? AMP_SIM_RPMSG_HDR_LEN + plen :
				  fuzz_used_len(e, b->cap, plen);
}

/* A plausible message to nobody, with an odd used length. */
static u32 fuzz_len(struct amp_sim_engine *e, struct amp_sim_host_buf *b)
{
	u32 plen = fuzz_below(e, 64);

	memset(b->va + AMP_SIM_RPMSG_HDR_LEN, 0xa5, plen);
	amp_sim_hdr_put(b->va, fuzz_src(e), fuzz_dst(e), plen);
	return fuzz_used_len(e, b->cap, plen);
}

/*
 * Rewrite every field of the descriptor of the buffer being returned. Only
 * that one: the host rewrites it when it makes the buffer available again,
 * while a descriptor still available to us would make us write a message
 * wherever it now points.
 */
static void fuzz_desc(struct amp_sim_engine *e, struct amp_sim_host_buf *b)
{
	struct amp_sim_vring *vr = &e->vr[0];
	u8 *desc = vr->desc + DESC_SIZE * b->head;
	u64 addr;

	switch (fuzz_below(e, 4)) {
	case 0:
		addr = BAD_ADDR;
		break;
	case 1:
		addr = vr->da + fuzz_below(e, DESC_SIZE * vr->num);
		break;
	case 2:
		addr = 0;
		break;
	default:
		addr = fuzz_next(e);
		break;
	}
	if (fuzz_below(e, 2))
		put_unaligned_le64(addr, desc + DESC_ADDR);
	if (fuzz_below(e, 2))
		put_unaligned_le32(fuzz_u32(e), desc + DESC_LEN);
	/* NEXT and INDIRECT make a host that trusts them walk our data. */
	put_unaligned_le16(fuzz_below(e, 2) ? AMP_SIM_DESC_F_NEXT | AMP_SIM_DESC_F_WRITE :
					      fuzz_u32(e), desc + DESC_FLAGS);
	put_unaligned_le16(fuzz_below(e, 2) ? b->head : fuzz_u32(e), desc + DESC_NEXT);
}

/*
 * The loaded resource table, after the host read it: any byte but the vdev
 * status (the host's channel to us, which we read on every poll).
 */
static void fuzz_rsc(struct amp_sim_engine *e)
{
	u32 status = e->vdev_off + offsetof(struct amp_rsc_vdev, status);
	u32 off = fuzz_below(e, e->rsc_size);
	u32 n = 1 + fuzz_below(e, 4), i;

	for (i = 0; i < n && off + i < e->rsc_size; i++) {
		if (off + i == status)
			continue;
		switch (fuzz_below(e, 4)) {
		case 0:
			e->rsc[off + i] = 0xff;
			break;
		case 1:
			e->rsc[off + i] = 0;
			break;
		default:
			e->rsc[off + i] = fuzz_u32(e);
			break;
		}
	}
}

/*
 * Ring-level lies about the rx ring: a used id out of range, a descriptor
 * the host never made available, the same buffer twice, or a used index
 * run ahead of the elements. The host must stop using the vring.
 */
static void fuzz_ring(struct amp_sim_engine *e, struct amp_sim_host_buf *b)
{
	struct amp_sim_vring *vr = &e->vr[0];
	u32 len = AMP_SIM_RPMSG_HDR_LEN;

	amp_sim_hdr_put(b->va, fuzz_src(e), fuzz_dst(e), 0);
	switch (fuzz_below(e, 4)) {
	case 0:
		amp_sim_used_put(vr, vr->num + fuzz_below(e, U16_MAX), len);
		break;
	case 1:
		amp_sim_used_put(vr, (b->head + 1 + fuzz_below(e, vr->num - 1)) &
				 (vr->num - 1), len);
		break;
	case 2:
		amp_sim_used_put(vr, b->head, len);
		amp_sim_used_put(vr, b->head, len);
		break;
	default:
		amp_sim_used_put(vr, b->head, len);
		vr->used_idx += 1 + fuzz_below(e, vr->num);
		/* The element before the index, as amp_sim_used_put() does. */
		virt_wmb();
		WRITE_ONCE(*(__le16 *)(vr->used + RING_IDX), cpu_to_le16(vr->used_idx));
		break;
	}
	e->stats.fuzz_ring++;
}

static u32 fuzz_class(struct amp_sim_engine *e, u32 mask)
{
	u32 total = 0, pick, i;

	for (i = 0; i < ARRAY_SIZE(fuzz_weight); i++)
		if (mask & BIT(i))
			total += fuzz_weight[i];
	pick = fuzz_below(e, total);
	for (i = 0; i < ARRAY_SIZE(fuzz_weight); i++) {
		if (!(mask & BIT(i)))
			continue;
		if (pick < fuzz_weight[i])
			break;
		pick -= fuzz_weight[i];
	}
	return BIT(i);
}

/* One mutation. Return 1, or what amp_sim_hbuf_get() said (0: no buffer). */
static int fuzz_one(struct amp_sim_engine *e)
{
	u32 class = fuzz_class(e, READ_ONCE(e->fuzz.mask)), used_len = 0;
	struct amp_sim_host_buf b;
	int ret;

	if (class == AMP_SIM_FUZZ_RSC) {
		fuzz_rsc(e);
		return 1;
	}
	if (class == AMP_SIM_FUZZ_IRQ) {
		/* A vring notify id the vdev does not have. */
		e->bus.notify(e->bus.priv, e->vr[1].notifyid + 1 + fuzz_below(e, 64));
		return 1;
	}
	ret = amp_sim_hbuf_get(e, AMP_SIM_NS_MSG_LEN, &b);
	if (ret <= 0)
		return ret;
	switch (class) {
	case AMP_SIM_FUZZ_HDR:
		used_len = fuzz_hdr(e, &b);
		break;
	case AMP_SIM_FUZZ_NS:
		used_len = fuzz_ns(e, &b);
		break;
	case AMP_SIM_FUZZ_LEN:
		used_len = fuzz_len(e, &b);
		break;
	case AMP_SIM_FUZZ_DESC:
		used_len = fuzz_hdr(e, &b);
		fuzz_desc(e, &b);
		break;
	default:
		fuzz_ring(e, &b);
		return 1;
	}
	amp_sim_used_put(&e->vr[0], b.head, used_len);
	return 1;
}

/* Mutated messages of a pass, after the queued replies. */
int amp_sim_fuzz_run(struct amp_sim_engine *e, int *budget)
{
	u32 count = READ_ONCE(e->fuzz.count);
	int quantum = PASS_QUANTUM, ret;

	while ((!count || e->fault_step < count) && *budget > 0 && quantum-- > 0) {
		ret = fuzz_one(e);
		if (ret <= 0)
			return ret == -EMSGSIZE ? 0 : ret;
		e->stats.fuzzed++;
		e->stats.faults_emitted++;
		e->fault_step++;
		(*budget)--;
	}
	return 0;
}
