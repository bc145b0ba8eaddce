// SPDX-License-Identifier: GPL-2.0
/*
 * The remote side of the sim: the device side of virtio rpmsg (boot block,
 * resource table, vrings, the poll loop); the services are in
 * sim_service.c, the fault behaviours in sim_fault.c. See sim_engine.h and
 * docs/sim.md.
 *
 * Device memory is reached only through the bus's map callback. Split
 * virtqueue layout (virtio 1.x, little-endian): descriptor table (16 bytes
 * per entry: le64 addr, le32 len, le16 flags, le16 next), then the avail ring
 * (le16 flags, le16 idx, le16 ring[num], le16 used_event), then, at the next
 * multiple of the ring's alignment, the used ring (le16 flags, le16 idx,
 * {le32 id, le32 len} ring[num], le16 avail_event). The device keeps its own
 * copies of the indexes it owns (last seen avail, used) and never reads them
 * back from shared memory.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <ampipc/compat_unaligned.h>
#include <ampipc/rsc_table.h>

#include "sim_engine.h"
#include "sim_engine_priv.h"



static const char * const state_names[] = {
	[AMP_SIM_ST_WAIT]	= "waiting",
	[AMP_SIM_ST_RUN]	= "running",
	[AMP_SIM_ST_BROKEN]	= "broken",
	[AMP_SIM_ST_HALTED]	= "halted",
	[AMP_SIM_ST_HUNG]	= "hung",
};

/**
 * amp_sim_state_name() - name of an engine state
 * @state: the state
 *
 * Return: its name, or "?".
 */
const char *amp_sim_state_name(enum amp_sim_state state)
{
	return (unsigned int)state < ARRAY_SIZE(state_names) ?
	       state_names[state] : "?";
}

static u32 rd32(const void *p)
{
	return get_unaligned_le32(p);
}

static u16 ring_rd16(const u8 *p)
{
	return le16_to_cpu(READ_ONCE(*(const __le16 *)p));
}

static void ring_wr16(u8 *p, u16 v)
{
	WRITE_ONCE(*(__le16 *)p, cpu_to_le16(v));
}

static void ring_wr32(u8 *p, u32 v)
{
	WRITE_ONCE(*(__le32 *)p, cpu_to_le32(v));
}

static void *bus_map(struct amp_sim_engine *e, u64 da, size_t len)
{
	if (!len || da + len < da)
		return NULL;
	return e->bus.map(e->bus.priv, da, len);
}

/**
 * amp_sim_engine_log() - append a line to the trace buffer
 * @e: the engine
 * @fmt: printf format of the line (without the newline)
 *
 * The trace buffer holds NUL-terminated text; when a line does not fit
 * behind the previous ones, writing restarts at the beginning.
 */
void amp_sim_engine_log(struct amp_sim_engine *e, const char *fmt, ...)
{
	char line[128];
	va_list ap;
	int n;

	if (!e->trace || e->trace_len < 2)
		return;
	va_start(ap, fmt);
	n = vscnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	if ((u32)n >= e->trace_len)
		n = e->trace_len - 1;
	if (e->trace_pos + n + 1 > e->trace_len) {
		memset(e->trace, 0, e->trace_len);
		e->trace_pos = 0;
	}
	memcpy(e->trace + e->trace_pos, line, n);
	e->trace_pos += n;
	e->trace[e->trace_pos] = 0;
}

/* The host broke the protocol: count it, log the first few. */
static void host_error(struct amp_sim_engine *e, const char *what, u64 value)
{
	e->stats.host_errors++;
	if (e->stats.host_errors <= MAX_ERR_LOGS)
		amp_sim_engine_log(e, "host error: %s (%llu)", what, value);
	else if (e->stats.host_errors == MAX_ERR_LOGS + 1)
		amp_sim_engine_log(e, "further host errors not logged");
}

/* A ring-level violation: stop using the vdev until the host resets it. */
static void host_broke(struct amp_sim_engine *e, const char *what, u64 value)
{
	host_error(e, what, value);
	amp_sim_engine_log(e, "vdev broken, waiting for a reset");
	e->state = AMP_SIM_ST_BROKEN;
}

/**
 * amp_sim_boot_block_valid() - whether a boot block is present at an address
 * @bus: the processor's bus
 * @boot_addr: device address of the boot block
 *
 * The check a boot ROM makes before it jumps: magic and version only.
 *
 * Return: true if they match.
 */
bool amp_sim_boot_block_valid(const struct amp_sim_bus *bus, u64 boot_addr)
{
	const struct amp_sim_manifest *m;

	m = bus->map(bus->priv, boot_addr, sizeof(*m));
	return m && rd32(&m->magic) == AMP_SIM_MAGIC &&
	       rd32(&m->version) == AMP_SIM_VERSION;
}

static int parse_services(struct amp_sim_engine *e,
			  const struct amp_sim_manifest *m, u32 nr)
{
	u32 i, j;

	for (i = 0; i < nr; i++) {
		const struct amp_sim_service *s = &m->svc[i];
		struct amp_sim_svc *d = &e->svc[i];

		if (!memchr(s->name, 0, sizeof(s->name)) || !s->name[0])
			return -EINVAL;
		memcpy(d->name, s->name, sizeof(d->name));
		d->kind = rd32(&s->kind);
		d->addr = rd32(&s->addr);
		if (d->kind >= AMP_SIM_SVC_NR || d->addr < ADDR_RESERVED ||
		    d->addr == ADDR_ANY)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (e->svc[j].addr == d->addr)
				return -EINVAL;
	}
	e->nr_svc = nr;
	return 0;
}

/* Walk the firmware's own table: vdev, trace and carveout entries. */
static int parse_table(struct amp_sim_engine *e)
{
	const u8 *t = e->rsc;
	u32 size = e->rsc_size, num, i;
	bool have_vdev = false;

	if (size < sizeof(struct amp_rsc_table) ||
	    rd32(t + offsetof(struct amp_rsc_table, ver)) != AMP_RSC_TABLE_VERSION)
		return -EINVAL;
	num = rd32(t + offsetof(struct amp_rsc_table, num));
	if (num > (size - sizeof(struct amp_rsc_table)) / 4)
		return -EINVAL;
	for (i = 0; i < num; i++) {
		u32 off = rd32(t + sizeof(struct amp_rsc_table) + 4 * i);
		u32 type, pl;

		if (off > size || size - off < sizeof(struct amp_rsc_hdr))
			return -EINVAL;
		type = rd32(t + off);
		pl = off + sizeof(struct amp_rsc_hdr);
		if (type == AMP_RSC_VDEV && !have_vdev) {
			const struct amp_rsc_vdev *v = (const void *)(t + pl);
			u32 need = sizeof(*v) + 2 * sizeof(v->vring[0]);

			if (size - pl < need || rd32(&v->id) != AMP_SIM_VIRTIO_ID_RPMSG ||
			    v->num_of_vrings < 2)
				continue;
			if (size - pl < sizeof(*v) +
			    (u32)v->num_of_vrings * sizeof(v->vring[0]))
				return -EINVAL;
			e->vdev_off = pl;
			have_vdev = true;
		} else if (type == AMP_RSC_TRACE && !e->trace) {
			const struct amp_rsc_trace *tr = (const void *)(t + pl);

			if (size - pl < sizeof(*tr))
				return -EINVAL;
			e->trace_len = rd32(&tr->len);
			e->trace = bus_map(e, rd32(&tr->da), e->trace_len);
			if (!e->trace)
				e->trace_len = 0;
		} else if (type == AMP_RSC_CARVEOUT && !e->carveout_off) {
			if (size - pl < sizeof(struct amp_rsc_carveout))
				return -EINVAL;
			e->carveout_off = pl;
		}
	}
	return have_vdev ? 0 : -ENOENT;
}

/**
 * amp_sim_engine_init() - reset the remote and read its boot block
 * @e: the engine (any content)
 * @bus: the processor's bus (copied)
 * @boot_addr: device address of the boot block (the image's e_entry)
 * @with_image_fault: apply the fault behaviour the boot block names
 *
 * Reads the boot block and the resource table it points to, maps the trace
 * buffer and logs the boot into it. On failure the engine is left
 * %AMP_SIM_ST_HALTED, as a core that cannot boot its image would be.
 *
 * Return: 0, -EINVAL for a malformed boot block or table, -ENOENT if the
 * table has no rpmsg vdev, -EFAULT if they are not in device memory.
 */
int amp_sim_engine_init(struct amp_sim_engine *e, const struct amp_sim_bus *bus,
			u64 boot_addr, bool with_image_fault)
{
	const struct amp_sim_manifest *m;
	u32 size, nr;
	int ret;

	memset(e, 0, sizeof(*e));
	e->bus = *bus;
	e->state = AMP_SIM_ST_HALTED;
	atomic_set(&e->inject, 0);

	if (!amp_sim_boot_block_valid(bus, boot_addr))
		return -EINVAL;
	m = bus_map(e, boot_addr, sizeof(*m));
	size = rd32(&m->size);
	nr = rd32(&m->nr_services);
	if (nr > AMP_SIM_MAX_SERVICES ||
	    size < sizeof(*m) + nr * sizeof(m->svc[0]))
		return -EINVAL;
	m = bus_map(e, boot_addr, size);
	if (!m)
		return -EFAULT;
	ret = parse_services(e, m, nr);
	if (ret)
		return ret;

	e->rsc_da = rd32(&m->rsc_da);
	e->rsc_size = rd32(&m->rsc_size);
	e->img_fault = rd32(&m->fault);
	e->img_fault_delay = rd32(&m->fault_delay_ms);
	e->img_fault_arg = rd32(&m->fault_arg);
	if (e->img_fault >= AMP_SIM_FAULT_NR)
		return -EINVAL;
	e->rsc = bus_map(e, e->rsc_da, e->rsc_size);
	if (!e->rsc)
		return -EFAULT;
	ret = parse_table(e);
	if (ret)
		return ret;

	if (with_image_fault)
		e->fault = e->img_fault;
	e->fault_arg = e->img_fault_arg;
	e->state = AMP_SIM_ST_WAIT;
	amp_sim_engine_log(e, "amp-sim: booted, %u service(s), fault %s",
			   e->nr_svc, amp_sim_fault_name(e->fault));
	return 0;
}

/**
 * amp_sim_engine_inject() - request a fault behaviour from outside
 * @e: the engine
 * @fault: the behaviour; %AMP_SIM_FAULT_NONE ends the current one (a crash
 *	or hang lasts until the processor is stopped)
 *
 * Takes effect at the next amp_sim_engine_poll(). May be called from any
 * context.
 */
void amp_sim_engine_inject(struct amp_sim_engine *e, enum amp_sim_fault fault)
{
	if ((unsigned int)fault < AMP_SIM_FAULT_NR)
		atomic_set(&e->inject, fault + 1);
}

static struct amp_rsc_vdev *vdev_rsc(struct amp_sim_engine *e)
{
	return (struct amp_rsc_vdev *)(e->rsc + e->vdev_off);
}

static u8 vdev_status(struct amp_sim_engine *e)
{
	return READ_ONCE(vdev_rsc(e)->status);
}

static size_t vring_bytes(u32 num, u32 align, size_t *used_off)
{
	*used_off = ALIGN(DESC_SIZE * num + AVAIL_RING + 2 * num + 2, align);
	return *used_off + USED_RING + USED_ELEM * num + 2;
}

static bool ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* Read what the host wrote for vring i and set up the device view of it. */
static int setup_vring(struct amp_sim_engine *e, unsigned int i, size_t *bytes)
{
	struct amp_rsc_vdev_vring *r = &vdev_rsc(e)->vring[i];
	struct amp_sim_vring *vr = &e->vr[i];
	u32 da = rd32(&r->da), align = rd32(&r->align), num = rd32(&r->num);
	size_t used_off, size;
	u8 *va;

	if (da == ADDR_ANY || !is_power_of_2(num) || num > AMP_SIM_MAX_VRING_NUM ||
	    !is_power_of_2(align) || align < 4 || !IS_ALIGNED(da, 16)) {
		host_broke(e, "vring address, size or alignment", i);
		return -EINVAL;
	}
	size = vring_bytes(num, align, &used_off);
	va = bus_map(e, da, size);
	if (!va || !IS_ALIGNED((unsigned long)va, 16)) {
		host_broke(e, "vring outside device memory", da);
		return -EFAULT;
	}
	if (ranges_overlap(da, size, e->rsc_da, e->rsc_size)) {
		host_broke(e, "vring overlaps the resource table", da);
		return -EINVAL;
	}
	*vr = (struct amp_sim_vring){
		.num = num,
		.notifyid = rd32(&r->notifyid),
		.da = da,
		.desc = va,
		.avail = va + DESC_SIZE * num,
		.used = va + used_off,
	};
	*bytes = size;
	return 0;
}

/* Out-queue slots live in the carveout, the remote's own RAM. */
static int setup_outq(struct amp_sim_engine *e, const size_t vr_bytes[2])
{
	const struct amp_rsc_carveout *c;
	u32 da, len, slot;
	u64 bytes;

	if (!e->carveout_off) {
		amp_sim_engine_log(e, "no carveout: cannot run");
		return -ENOENT;
	}
	c = (const void *)(e->rsc + e->carveout_off);
	da = rd32(&c->da);
	len = rd32(&c->len);
	slot = min_t(u32, len / AMP_SIM_OUTQ_LEN, OUTQ_HDR + AMP_SIM_MAX_BUF);
	slot = ALIGN_DOWN(slot, 8);
	if (da == ADDR_ANY || slot < OUTQ_HDR + AMP_SIM_NS_MSG_LEN) {
		host_broke(e, "carveout not allocated", da);
		return -EINVAL;
	}
	bytes = (u64)slot * AMP_SIM_OUTQ_LEN;
	e->outq = bus_map(e, da, bytes);
	if (!e->outq) {
		host_broke(e, "carveout outside device memory", da);
		return -EFAULT;
	}
	if (ranges_overlap(da, bytes, e->vr[0].da, vr_bytes[0]) ||
	    ranges_overlap(da, bytes, e->vr[1].da, vr_bytes[1]) ||
	    ranges_overlap(da, bytes, e->rsc_da, e->rsc_size)) {
		host_broke(e, "carveout overlaps a vring or the resource table", da);
		return -EINVAL;
	}
	e->outq_slot = slot;
	e->outq_head = 0;
	e->outq_count = 0;
	return 0;
}

int amp_sim_outq_put(struct amp_sim_engine *e, u32 src, u32 dst,
		    const void *data, u32 len)
{
	u8 *s;

	if (len > e->outq_slot - OUTQ_HDR) {
		e->stats.dropped++;
		amp_sim_engine_log(e, "reply of %u bytes does not fit, dropped", len);
		return -EMSGSIZE;
	}
	if (e->outq_count == AMP_SIM_OUTQ_LEN)
		return -ENOSPC;
	s = e->outq + (size_t)e->outq_slot *
	    ((e->outq_head + e->outq_count) % AMP_SIM_OUTQ_LEN);
	put_unaligned_le32(src, s);
	put_unaligned_le32(dst, s + 4);
	put_unaligned_le32(len, s + 8);
	memcpy(s + OUTQ_HDR, data, len);
	e->outq_count++;
	return 0;
}

static int start_running(struct amp_sim_engine *e, u64 now_ms)
{
	struct amp_rsc_vdev *v = vdev_rsc(e);
	u32 dfeat = rd32(&v->dfeatures), gfeat = rd32(&v->gfeatures);
	size_t bytes[2];
	unsigned int i;
	int ret;

	if (gfeat & ~dfeat) {
		host_broke(e, "host accepted features never offered", gfeat);
		return -EINVAL;
	}
	for (i = 0; i < 2; i++) {
		ret = setup_vring(e, i, &bytes[i]);
		if (ret)
			return ret;
	}
	if (ranges_overlap(e->vr[0].da, bytes[0], e->vr[1].da, bytes[1])) {
		host_broke(e, "vrings overlap", e->vr[1].da);
		return -EINVAL;
	}
	ret = setup_outq(e, bytes);
	if (ret)
		return ret;
	e->ns = gfeat & BIT(AMP_SIM_F_NS);
	e->ready_ms = now_ms;
	e->state = AMP_SIM_ST_RUN;
	for (i = 0; i < e->nr_svc; i++)
		e->svc[i].src_left = 0;
	if (e->fault != AMP_SIM_FAULT_NONE && !e->fault_active)
		e->fault_at_ms = now_ms + e->img_fault_delay;
	amp_sim_engine_log(e, "vdev ready: rings of %u and %u, name service %s",
			   e->vr[0].num, e->vr[1].num, e->ns ? "on" : "off");

	if (e->ns) {
		for (i = 0; i < e->nr_svc; i++) {
			u8 msg[AMP_SIM_NS_MSG_LEN] = { 0 };

			strscpy((char *)msg, e->svc[i].name, AMP_SIM_NAME_LEN);
			put_unaligned_le32(e->svc[i].addr, msg + 32);
			put_unaligned_le32(0, msg + 36);
			amp_sim_outq_put(e, e->svc[i].addr, AMP_SIM_NS_ADDR, msg, sizeof(msg));
		}
	}
	return 0;
}

/*
 * Peek at the next buffer the host made available on vr without consuming
 * it. Return 1 with *head set, 0 if there is none, or -EIO if the host broke
 * the ring (the engine is then broken).
 */
static int avail_peek(struct amp_sim_engine *e, struct amp_sim_vring *vr,
		      u16 *head)
{
	u16 idx = ring_rd16(vr->avail + RING_IDX);
	u16 pending = idx - vr->last_avail;

	if (!pending)
		return 0;
	if (pending > vr->num) {
		host_broke(e, "avail index runs ahead of the ring", idx);
		return -EIO;
	}
	/* The ring entry is written before the index that publishes it. */
	virt_rmb();
	*head = ring_rd16(vr->avail + AVAIL_RING + 2 * (vr->last_avail & (vr->num - 1)));
	if (*head >= vr->num) {
		host_broke(e, "avail ring names a descriptor out of range", *head);
		return -EIO;
	}
	return 1;
}

void amp_sim_used_put(struct amp_sim_vring *vr, u32 id, u32 len)
{
	u8 *elem = vr->used + USED_RING + USED_ELEM * (vr->used_idx & (vr->num - 1));

	ring_wr32(elem, id);
	ring_wr32(elem + 4, len);
	/* The element must be visible before the index that publishes it. */
	virt_wmb();
	vr->used_idx++;
	ring_wr16(vr->used + RING_IDX, vr->used_idx);
	vr->pending_notify = true;
}

static void flush_notify(struct amp_sim_engine *e)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct amp_sim_vring *vr = &e->vr[i];

		if (!vr->pending_notify)
			continue;
		vr->pending_notify = false;
		/* Publish used->idx before reading the host's flags. */
		virt_mb();
		if (ring_rd16(vr->avail + RING_FLAGS) & AMP_SIM_AVAIL_F_NO_INTERRUPT)
			continue;
		e->stats.notifies++;
		e->bus.notify(e->bus.priv, vr->notifyid);
	}
}

/* A host rx buffer, taken from vring 0 (not yet returned). */
/*
 * Take the next host rx buffer able to hold a message of need payload bytes.
 * Return 1, 0 when the host has none, -EMSGSIZE when the next one is too
 * small for this message (it stays available), or -EIO when the ring is
 * broken.
 */
int amp_sim_hbuf_get(struct amp_sim_engine *e, u32 need, struct amp_sim_host_buf *b)
{
	struct amp_sim_vring *vr = &e->vr[0];
	u8 *desc;
	u64 addr;
	u32 len;
	u16 flags;
	int ret;

	ret = avail_peek(e, vr, &b->head);
	if (ret <= 0)
		return ret;
	desc = vr->desc + DESC_SIZE * b->head;
	addr = get_unaligned_le64(desc + DESC_ADDR);
	len = get_unaligned_le32(desc + DESC_LEN);
	flags = get_unaligned_le16(desc + DESC_FLAGS);
	if (!(flags & AMP_SIM_DESC_F_WRITE) || (flags & AMP_SIM_DESC_F_INDIRECT)) {
		host_broke(e, "rx descriptor not a plain writable buffer", flags);
		return -EIO;
	}
	len = min_t(u32, len, AMP_SIM_RPMSG_HDR_LEN + AMP_SIM_MAX_BUF);
	if (len < AMP_SIM_RPMSG_HDR_LEN + AMP_SIM_NS_MSG_LEN) {
		host_broke(e, "rx buffer too small", len);
		return -EIO;
	}
	/* Left in the ring for a message that fits. */
	if (len < AMP_SIM_RPMSG_HDR_LEN + need)
		return -EMSGSIZE;
	b->va = bus_map(e, addr, len);
	if (!b->va) {
		host_broke(e, "rx buffer outside device memory", addr);
		return -EIO;
	}
	b->cap = len;
	vr->last_avail++;
	return 1;
}

void amp_sim_hdr_put(u8 *buf, u32 src, u32 dst, u16 len)
{
	put_unaligned_le32(src, buf + HDR_SRC);
	put_unaligned_le32(dst, buf + HDR_DST);
	put_unaligned_le32(0, buf + HDR_RESERVED);
	put_unaligned_le16(len, buf + HDR_LEN);
	put_unaligned_le16(0, buf + HDR_FLAGS);
}

/* Hand a filled rx buffer back to the host. */
void amp_sim_hbuf_send(struct amp_sim_engine *e, struct amp_sim_host_buf *b, u32 src,
		      u32 dst, u32 len)
{
	amp_sim_hdr_put(b->va, src, dst, len);
	amp_sim_used_put(&e->vr[0], b->head, AMP_SIM_RPMSG_HDR_LEN + len);
	e->stats.tx_msgs++;
	e->stats.tx_bytes += len;
	if (dst == AMP_SIM_NS_ADDR)
		e->stats.ns_sent++;
}

/* Send queued messages while the host has rx buffers. */
static int flush_outq(struct amp_sim_engine *e, int *budget)
{
	struct amp_sim_host_buf b;
	int ret;

	while (e->outq_count && *budget > 0) {
		u8 *s = e->outq + (size_t)e->outq_slot * e->outq_head;
		u32 len = get_unaligned_le32(s + 8);

		ret = amp_sim_hbuf_get(e, len, &b);
		if (ret == 0 || ret == -EIO)
			return ret;
		if (ret == -EMSGSIZE) {
			e->stats.dropped++;
			amp_sim_engine_log(e, "reply of %u bytes larger than the rx buffers, dropped",
					   len);
		} else {
			memcpy(b.va + AMP_SIM_RPMSG_HDR_LEN, s + OUTQ_HDR, len);
			amp_sim_hbuf_send(e, &b, get_unaligned_le32(s), get_unaligned_le32(s + 4),
				  len);
		}
		e->outq_head = (e->outq_head + 1) % AMP_SIM_OUTQ_LEN;
		e->outq_count--;
		(*budget)--;
	}
	return 0;
}

/* Take one message the host sent (vring 1) and serve it. */
static int rx_one(struct amp_sim_engine *e)
{
	struct amp_sim_vring *vr = &e->vr[1];
	u8 hdr[AMP_SIM_RPMSG_HDR_LEN], *desc, *buf;
	u32 dlen, plen;
	u16 head;
	u64 addr;
	int ret;

	ret = avail_peek(e, vr, &head);
	if (ret <= 0)
		return ret;
	vr->last_avail++;
	desc = vr->desc + DESC_SIZE * head;
	addr = get_unaligned_le64(desc + DESC_ADDR);
	dlen = get_unaligned_le32(desc + DESC_LEN);
	if (get_unaligned_le16(desc + DESC_FLAGS) & AMP_SIM_DESC_F_INDIRECT) {
		host_broke(e, "indirect tx descriptor", head);
		return -EIO;
	}
	dlen = min_t(u32, dlen, AMP_SIM_RPMSG_HDR_LEN + AMP_SIM_MAX_BUF);
	buf = dlen >= AMP_SIM_RPMSG_HDR_LEN ? bus_map(e, addr, dlen) : NULL;
	if (!buf) {
		host_error(e, "tx buffer outside device memory or too short", addr);
		e->stats.dropped++;
		goto out;
	}
	/* One snapshot of the header: the host may rewrite it meanwhile. */
	memcpy(hdr, buf, sizeof(hdr));
	plen = get_unaligned_le16(hdr + HDR_LEN);
	if (plen > dlen - AMP_SIM_RPMSG_HDR_LEN) {
		host_error(e, "tx header length beyond its buffer", plen);
		e->stats.dropped++;
		goto out;
	}
	e->stats.rx_msgs++;
	e->stats.rx_bytes += plen;
	if (e->bus.rx)
		e->bus.rx(e->bus.priv, get_unaligned_le32(hdr + HDR_DST),
			  buf + AMP_SIM_RPMSG_HDR_LEN, plen);
	amp_sim_serve(e, get_unaligned_le32(hdr + HDR_SRC), get_unaligned_le32(hdr + HDR_DST),
	      buf + AMP_SIM_RPMSG_HDR_LEN, plen);
out:
	if (!(e->fault_active && e->fault == AMP_SIM_FAULT_NO_TX_RETURN))
		amp_sim_used_put(vr, head, 0);
	return 1;
}

/*
 * Serve the rings in passes (queued replies, fault traffic, sources, host
 * messages) until idle or out of budget. True when work is left.
 */
static bool service(struct amp_sim_engine *e)
{
	int budget = POLL_BUDGET, before, quantum;
	int ret;

	do {
		before = budget;
		ret = flush_outq(e, &budget);
		if (!ret)
			ret = amp_sim_run_fault(e, &budget);
		if (!ret)
			ret = amp_sim_run_sources(e, &budget);
		quantum = 2 * PASS_QUANTUM;
		while (!ret && budget > 0 && quantum-- > 0 &&
		       AMP_SIM_OUTQ_LEN - e->outq_count > AMP_SIM_SENDTO_MAX) {
			ret = rx_one(e);
			if (ret <= 0)
				break;
			ret = 0;
			budget--;
		}
	} while (!ret && budget > 0 && budget != before &&
		 e->state == AMP_SIM_ST_RUN);
	if (e->state == AMP_SIM_ST_RUN)
		flush_notify(e);
	return e->state == AMP_SIM_ST_RUN && budget <= 0;
}


/**
 * amp_sim_engine_poll() - let the remote run
 * @e: the engine
 * @now_ms: a monotonic time in milliseconds (fault delays count in it)
 *
 * Checks the vdev status the host writes into the resource table, sets the
 * rings up once the host has set DRIVER_OK (and announces the services if
 * the name service was negotiated), then serves them: queued replies and
 * source traffic go into the host's rx buffers, the host's messages are
 * served, buffers are returned and the host is interrupted unless it
 * suppressed interrupts. A status back to 0 is a reset of the vdev: the
 * rings are forgotten until the next DRIVER_OK.
 *
 * Return: true when work is left that needs no new kick (call again soon),
 * false when the remote may sleep until the next kick or tick.
 */
bool amp_sim_engine_poll(struct amp_sim_engine *e, u64 now_ms)
{
	bool more = false;
	u8 status;

	e->stats.polls++;
	if (e->state == AMP_SIM_ST_HALTED || e->state == AMP_SIM_ST_HUNG)
		return false;

	status = vdev_status(e);
	switch (e->state) {
	case AMP_SIM_ST_WAIT:
		if ((status & AMP_SIM_S_DRIVER_OK) && !(status & AMP_SIM_S_FAILED))
			more = !start_running(e, now_ms);
		break;
	case AMP_SIM_ST_RUN:
		if (!(status & AMP_SIM_S_DRIVER_OK) || (status & AMP_SIM_S_FAILED)) {
			amp_sim_engine_log(e, "vdev reset by the host (status %#x)", status);
			e->state = AMP_SIM_ST_WAIT;
			break;
		}
		more = service(e);
		break;
	case AMP_SIM_ST_BROKEN:
		if (!status) {
			amp_sim_engine_log(e, "vdev reset, waiting for the host");
			e->state = AMP_SIM_ST_WAIT;
		}
		break;
	default:
		break;
	}
	if (amp_sim_fault_check(e, now_ms))
		more = true;
	return more;
}
