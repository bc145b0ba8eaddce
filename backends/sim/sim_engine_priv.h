/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the sim's remote engine: the ring and message layout, and the
 * pieces sim_engine.c (rings), sim_service.c (services) and sim_fault.c
 * (fault behaviours) share. Not an interface of the backend.
 */
#ifndef AMP_SIM_ENGINE_PRIV_H
#define AMP_SIM_ENGINE_PRIV_H

#include "sim_engine.h"

/* Ring layout. */
#define DESC_SIZE	16
#define DESC_ADDR	0
#define DESC_LEN	8
#define DESC_FLAGS	12
#define RING_FLAGS	0
#define RING_IDX	2
#define AVAIL_RING	4
#define USED_RING	4
#define USED_ELEM	8

/* rpmsg header. */
#define HDR_SRC		0
#define HDR_DST		4
#define HDR_RESERVED	8
#define HDR_LEN		12
#define HDR_FLAGS	14

/* Out-queue slot: le32 src, le32 dst, le32 len, le32 pad, payload. */
#define OUTQ_HDR	16

/* Work done per poll before the caller gets control back. */
#define POLL_BUDGET	64
/* Source messages per pass over the rings (host messages: twice that). */
#define PASS_QUANTUM	8
/* Host protocol errors logged per boot. */
#define MAX_ERR_LOGS	16
/* Rounds of malformed messages a header/length/address fault emits. */
#define FAULT_ROUNDS_DEFAULT	1

#define ADDR_ANY	0xffffffffU
#define ADDR_RESERVED	1024

/* An address no sim window ever contains. */
#define BAD_ADDR	0xdead00000000ULL

/* A host rx buffer the remote is filling. */
struct amp_sim_host_buf {
	u16 head;
	u32 cap;
	u8 *va;
};

void amp_sim_used_put(struct amp_sim_vring *vr, u32 id, u32 len);
int amp_sim_hbuf_get(struct amp_sim_engine *e, u32 need,
		     struct amp_sim_host_buf *b);
void amp_sim_hdr_put(u8 *buf, u32 src, u32 dst, u16 len);
void amp_sim_hbuf_send(struct amp_sim_engine *e, struct amp_sim_host_buf *b,
		       u32 src, u32 dst, u32 len);
int amp_sim_outq_put(struct amp_sim_engine *e, u32 src, u32 dst,
		     const void *data, u32 len);
int amp_sim_run_sources(struct amp_sim_engine *e, int *budget);
void amp_sim_serve(struct amp_sim_engine *e, u32 src, u32 dst,
		   const u8 *payload, u32 len);
int amp_sim_run_fault(struct amp_sim_engine *e, int *budget);
bool amp_sim_fault_check(struct amp_sim_engine *e, u64 now_ms);
void amp_sim_fuzz_start(struct amp_sim_engine *e);
int amp_sim_fuzz_run(struct amp_sim_engine *e, int *budget);

#endif /* AMP_SIM_ENGINE_PRIV_H */
