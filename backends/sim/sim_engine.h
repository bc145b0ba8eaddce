/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The remote side of the sim: what the "firmware" of a sim processor does.
 *
 * The engine knows nothing of the host. It sees device memory only through
 * the bus it is given (device address in, kernel pointer out, bounds
 * checked by the bus), raises interrupts through the bus, and learns
 * everything else from the boot block and the resource table found in the
 * loaded image: it is the device side of virtio rpmsg, driven by a caller
 * that calls amp_sim_engine_poll() whenever the host kicked or time passed.
 * Everything it reads from device memory was written by the host and is
 * validated before use; a host that breaks the protocol gets the vdev marked
 * broken (logged in the trace buffer), never a crash.
 *
 * Not thread-safe: one caller (the processor's thread, or a test) drives an
 * engine. amp_sim_engine_inject() is the exception and may be called from
 * anywhere.
 */
#ifndef AMPIPC_SIM_ENGINE_H
#define AMPIPC_SIM_ENGINE_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/types.h>

#include <ampipc/sim_image.h>

/* virtio status bits and split-ring flags, as on the wire. */
#define AMP_SIM_S_ACKNOWLEDGE	1
#define AMP_SIM_S_DRIVER	2
#define AMP_SIM_S_DRIVER_OK	4
#define AMP_SIM_S_FEATURES_OK	8
#define AMP_SIM_S_FAILED	0x80
#define AMP_SIM_DESC_F_NEXT	1
#define AMP_SIM_DESC_F_WRITE	2
#define AMP_SIM_DESC_F_INDIRECT	4
#define AMP_SIM_AVAIL_F_NO_INTERRUPT	1

/* rpmsg wire facts. */
#define AMP_SIM_RPMSG_HDR_LEN	16
#define AMP_SIM_NS_ADDR		53
#define AMP_SIM_NS_MSG_LEN	40
#define AMP_SIM_F_NS		0	/* VIRTIO_RPMSG_F_NS feature bit */
#define AMP_SIM_VIRTIO_ID_RPMSG	7
#define AMP_SIM_MAX_VRING_NUM	1024
/* rpmsg's len field is 16 bits: larger buffers are used up to this. */
#define AMP_SIM_MAX_BUF		(AMP_SIM_RPMSG_HDR_LEN + 0xffff)

/* Messages queued for the host while its rx buffers are all in use. */
#define AMP_SIM_OUTQ_LEN	32
/* Default number of announcements of the NS flood fault. */
#define AMP_SIM_NS_FLOOD_DEFAULT	1000

/**
 * struct amp_sim_bus - how the engine reaches the outside world
 * @map: translate @len bytes at device address @da into a kernel pointer;
 *	NULL unless the whole range lies in memory the processor can reach
 * @notify: raise the host's interrupt for vring notify id @notifyid
 * @fatal: raise the fatal-error interrupt
 * @rx: optional: told of every well-formed message taken from the host,
 *	with its destination and payload (@len bytes in the host's buffer),
 *	before it is served (receive accounting, sim_tally.h)
 * @priv: passed back to the callbacks
 */
struct amp_sim_bus {
	void *(*map)(void *priv, u64 da, size_t len);
	void (*notify)(void *priv, u32 notifyid);
	void (*fatal)(void *priv);
	void (*rx)(void *priv, u32 dst, const u8 *payload, u32 len);
	void *priv;
};

/**
 * struct amp_sim_stats - counters, for debugfs and tests
 * @polls: calls of amp_sim_engine_poll()
 * @rx_msgs: messages received from the host
 * @rx_bytes: their payload bytes
 * @tx_msgs: messages sent to the host
 * @tx_bytes: their payload bytes
 * @ns_sent: name-service announcements sent
 * @dropped: host messages dropped (bad header, unknown address)
 * @notifies: interrupts raised to the host
 * @host_errors: protocol violations by the host (each is logged)
 * @faults_emitted: malformed things sent by a fault behaviour
 * @fuzzed: mutated messages and writes of the fuzz fault (also counted in
 *	@faults_emitted)
 * @fuzz_ring: of those, ring-level ones (used ids, the used index) that
 *	the host must answer by giving up the vring
 * @svc_msgs: messages received per service
 * @svc_bytes: payload bytes received per service
 */
struct amp_sim_stats {
	u64 polls;
	u64 rx_msgs;
	u64 rx_bytes;
	u64 tx_msgs;
	u64 tx_bytes;
	u64 ns_sent;
	u64 dropped;
	u64 notifies;
	u64 host_errors;
	u64 faults_emitted;
	u64 fuzzed;
	u64 fuzz_ring;
	u64 svc_msgs[AMP_SIM_MAX_SERVICES];
	u64 svc_bytes[AMP_SIM_MAX_SERVICES];
};

/* Mutation classes of the fuzz fault (struct amp_sim_fuzz_cfg.mask). */
#define AMP_SIM_FUZZ_HDR	BIT(0)	/* message headers and payloads */
#define AMP_SIM_FUZZ_NS		BIT(1)	/* name-service records */
#define AMP_SIM_FUZZ_LEN	BIT(2)	/* used lengths */
#define AMP_SIM_FUZZ_DESC	BIT(3)	/* descriptors of returned buffers */
#define AMP_SIM_FUZZ_RSC	BIT(4)	/* the loaded resource table */
#define AMP_SIM_FUZZ_IRQ	BIT(5)	/* interrupts of vrings that do not exist */
#define AMP_SIM_FUZZ_RING	BIT(6)	/* used ids and index: breaks the vring */
#define AMP_SIM_FUZZ_ALL	0x7f
/* Everything that leaves the channel usable. */
#define AMP_SIM_FUZZ_DEFAULT	(AMP_SIM_FUZZ_ALL & ~AMP_SIM_FUZZ_RING)

/**
 * struct amp_sim_fuzz_cfg - parameters of the fuzz fault
 * @seed: seed of its PRNG: the same seed and traffic give the same mutations
 * @count: mutated messages per activation, 0 for no limit
 * @mask: %AMP_SIM_FUZZ_* classes to draw from (0: the default)
 *
 * At most a pass's quantum of mutated messages goes out per pass over the
 * rings, after the queued replies: the services keep working meanwhile.
 */
struct amp_sim_fuzz_cfg {
	u64 seed;
	u32 count;
	u32 mask;
};

/**
 * enum amp_sim_state - where the remote is
 * @AMP_SIM_ST_WAIT: waiting for the host to set DRIVER_OK
 * @AMP_SIM_ST_RUN: servicing the vrings
 * @AMP_SIM_ST_BROKEN: the host broke the protocol; waiting for a reset
 *	of the vdev (status back to 0)
 * @AMP_SIM_ST_HALTED: crashed (fatal error raised) or misconfigured; does
 *	nothing until the processor is stopped
 * @AMP_SIM_ST_HUNG: hung; does nothing and no longer feeds the watchdog
 */
enum amp_sim_state {
	AMP_SIM_ST_WAIT,
	AMP_SIM_ST_RUN,
	AMP_SIM_ST_BROKEN,
	AMP_SIM_ST_HALTED,
	AMP_SIM_ST_HUNG,
};

/* One vring as the device side sees it; set up once from the table. */
struct amp_sim_vring {
	u32 num;
	u32 notifyid;
	u64 da;
	u8 *desc;
	u8 *avail;
	u8 *used;
	u16 last_avail;
	u16 used_idx;
	bool pending_notify;
};

/* A service, copied out of the boot block. */
struct amp_sim_svc {
	char name[AMP_SIM_NAME_LEN];
	u32 kind;
	u32 addr;
	/* source: what is left of the current request */
	u32 src_left;
	u32 src_count;
	u32 src_size;
	u32 src_dst;
};

/*
 * One remote's state (its registers and RAM). Opaque to callers but for
 * state and stats, which they may read.
 */
struct amp_sim_engine {
	struct amp_sim_bus bus;
	enum amp_sim_state state;
	struct amp_sim_stats stats;

	/* from the boot block */
	u64 rsc_da;
	u32 rsc_size;
	u32 nr_svc;
	struct amp_sim_svc svc[AMP_SIM_MAX_SERVICES];
	u32 img_fault;
	u32 img_fault_delay;
	u32 img_fault_arg;

	/* from the resource table */
	u8 *rsc;
	u32 vdev_off;		/* offset of the vdev payload in the table */
	u8 *trace;
	u32 trace_len;
	u32 trace_pos;
	u32 carveout_off;	/* 0: none */

	/* device side of the rpmsg vdev, valid in AMP_SIM_ST_RUN */
	struct amp_sim_vring vr[2];	/* [0] host rx, [1] host tx */
	bool ns;
	u64 ready_ms;

	/* messages waiting for host rx buffers, in slots in the carveout */
	u8 *outq;
	u32 outq_slot;
	unsigned int outq_head;
	unsigned int outq_count;

	/* fault currently in effect */
	u32 fault;
	u32 fault_arg;
	u64 fault_at_ms;
	bool fault_active;
	u32 fault_step;
	/* a fault requested from outside: fault + 1, or 0 */
	atomic_t inject;

	/* fuzz fault: parameters and PRNG state */
	struct amp_sim_fuzz_cfg fuzz;
	u64 fuzz_state;
};

int amp_sim_engine_init(struct amp_sim_engine *e, const struct amp_sim_bus *bus,
			u64 boot_addr, bool with_image_fault);
bool amp_sim_engine_poll(struct amp_sim_engine *e, u64 now_ms);
void amp_sim_engine_inject(struct amp_sim_engine *e, enum amp_sim_fault fault);
void amp_sim_engine_set_fuzz(struct amp_sim_engine *e,
			     const struct amp_sim_fuzz_cfg *cfg);
void amp_sim_engine_log(struct amp_sim_engine *e, const char *fmt, ...)
	__printf(2, 3);
const char *amp_sim_fault_name(enum amp_sim_fault fault);
int amp_sim_fault_parse(const char *name);
const char *amp_sim_state_name(enum amp_sim_state state);
const char *amp_sim_service_kind_name(u32 kind);
bool amp_sim_boot_block_valid(const struct amp_sim_bus *bus, u64 boot_addr);

#endif /* AMPIPC_SIM_ENGINE_H */
