// SPDX-License-Identifier: GPL-2.0
/*
 * The sim's services: echo, sink, source and sendto (docs/sim.md), served
 * from the messages the engine takes off the host's tx ring.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <ampipc/compat_unaligned.h>
#include <ampipc/rsc_table.h>

#include "sim_engine.h"
#include "sim_engine_priv.h"

static const char * const kind_names[AMP_SIM_SVC_NR] = {
	[AMP_SIM_SVC_ECHO]	= "echo",
	[AMP_SIM_SVC_SINK]	= "sink",
	[AMP_SIM_SVC_SOURCE]	= "source",
	[AMP_SIM_SVC_SENDTO]	= "sendto",
};

/**
 * amp_sim_service_kind_name() - name of a service kind
 * @kind: an &enum amp_sim_service_kind
 *
 * Return: its name, or "?".
 */
const char *amp_sim_service_kind_name(u32 kind)
{
	return kind < AMP_SIM_SVC_NR ? kind_names[kind] : "?";
}

/*
 * Sources with a pending request send straight into host rx buffers, at most
 * a quantum per pass, so the host's messages are served in between.
 */
int amp_sim_run_sources(struct amp_sim_engine *e, int *budget)
{
	struct amp_sim_host_buf b;
	unsigned int i;
	u32 seq, len, j;
	int ret;

	int quantum = PASS_QUANTUM;

	for (i = 0; i < e->nr_svc; i++) {
		struct amp_sim_svc *s = &e->svc[i];

		while (s->src_left && *budget > 0 && quantum-- > 0) {
			ret = amp_sim_hbuf_get(e, sizeof(struct amp_sim_source_msg), &b);
			if (ret <= 0)
				return ret;
			len = min(s->src_size, b.cap - AMP_SIM_RPMSG_HDR_LEN);
			seq = s->src_count - s->src_left;
			put_unaligned_le32(seq, b.va + AMP_SIM_RPMSG_HDR_LEN);
			put_unaligned_le32(s->src_count, b.va + AMP_SIM_RPMSG_HDR_LEN + 4);
			for (j = sizeof(struct amp_sim_source_msg); j < len; j++)
				b.va[AMP_SIM_RPMSG_HDR_LEN + j] = (u8)(seq + j);
			amp_sim_hbuf_send(e, &b, s->addr, s->src_dst, len);
			s->src_left--;
			(*budget)--;
		}
	}
	return 0;
}


static struct amp_sim_svc *svc_by_addr(struct amp_sim_engine *e, u32 addr,
				       unsigned int *index)
{
	unsigned int i;

	for (i = 0; i < e->nr_svc; i++) {
		if (e->svc[i].addr == addr) {
			*index = i;
			return &e->svc[i];
		}
	}
	return NULL;
}

/*
 * Serve one message. @data is the payload in the host's buffer: echo copies
 * it in one go, every other service reads a bounded prefix once, so a host
 * rewriting the buffer meanwhile changes nothing but the data.
 */
void amp_sim_serve(struct amp_sim_engine *e, u32 src, u32 dst, const u8 *payload,
		  u32 len)
{
	u8 data[AMP_SIM_SENDTO_MAX * 4];
	struct amp_sim_svc *s;
	unsigned int i, n;

	s = svc_by_addr(e, dst, &i);
	if (!s) {
		e->stats.dropped++;
		if (e->stats.dropped <= MAX_ERR_LOGS)
			amp_sim_engine_log(e, "message from %u to unknown address %u dropped",
					   src, dst);
		return;
	}
	e->stats.svc_msgs[i]++;
	e->stats.svc_bytes[i] += len;
	if (s->kind == AMP_SIM_SVC_ECHO) {
		amp_sim_outq_put(e, s->addr, src, payload, len);
		return;
	}
	memcpy(data, payload, min_t(u32, len, sizeof(data)));
	switch (s->kind) {
	case AMP_SIM_SVC_SINK:
		break;
	case AMP_SIM_SVC_SOURCE:
		if (len < sizeof(struct amp_sim_source_req)) {
			amp_sim_engine_log(e, "%s: short request", s->name);
			break;
		}
		s->src_count = get_unaligned_le32(data);
		s->src_size = clamp_t(u32, get_unaligned_le32(data + 4),
				      sizeof(struct amp_sim_source_msg), 0xffff);
		s->src_left = s->src_count;
		s->src_dst = src;
		break;
	case AMP_SIM_SVC_SENDTO:
		n = len / 4;
		if (!n || n > AMP_SIM_SENDTO_MAX || len % 4) {
			amp_sim_engine_log(e, "%s: bad request of %u bytes", s->name, len);
			break;
		}
		for (i = 0; i < n; i++) {
			struct amp_sim_sendto_msg m = {
				.index = cpu_to_le32(i),
				.requester = cpu_to_le32(src),
				.total = cpu_to_le32(n),
			};

			amp_sim_outq_put(e, s->addr, get_unaligned_le32(data + 4 * i), &m,
				 sizeof(m));
		}
		break;
	}
}
