/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Image format of the ampipc sim remote processor (amp_rproc_sim).
 *
 * A sim firmware image is an ordinary ELF32 little-endian executable for
 * machine %AMP_EM_SIM with a standard ".resource_table". Its entry point
 * (e_entry, the boot address the core hands to ops->start) is the device
 * address of the boot block: the ".amp_sim" section, a struct
 * amp_sim_manifest followed by its service descriptors. The simulated CPU
 * reads the boot block from device memory when it is released from reset,
 * exactly as a real core fetches its reset vector, and finds its resource
 * table, its services and any fault behaviour there.
 *
 * Every multi-byte field is little-endian and every structure is packed.
 * Shared by the kernel (the sim's remote engine) and the host image
 * generator (backends/sim/fw/).
 */
#ifndef AMPIPC_SIM_IMAGE_H
#define AMPIPC_SIM_IMAGE_H

#include <ampipc/fwparse_types.h>

/*
 * e_machine of sim images. Outside the range the ELF registry assigns and
 * none of the unofficial values binutils knows, so no real firmware can be
 * booted on the sim by mistake, nor a sim image on real hardware.
 */
#define AMP_EM_SIM		0xa51d

/* Compatible string a signed bundle for the sim must name. */
#define AMP_SIM_TARGET		"ampipc,sim"

/* Boot block magic, "ASIM" in memory order. */
#define AMP_SIM_MAGIC		0x4d495341U
#define AMP_SIM_VERSION		1

/* Most services one image may declare. */
#define AMP_SIM_MAX_SERVICES	8
/* Service names are NUL-terminated, like rpmsg channel names. */
#define AMP_SIM_NAME_LEN	32

/*
 * The sim's internal RAM, where images are linked and loaded (boot block,
 * resource table, trace buffer). Its DDR, where the host places carveouts,
 * vrings and shared buffers, is reached at device address == physical
 * address, so the buffer addresses the host writes into descriptors need no
 * translation.
 */
#define AMP_SIM_SRAM_DA		0x20000000U
#define AMP_SIM_SRAM_SIZE	0x10000U

/**
 * enum amp_sim_service_kind - what a service does
 * @AMP_SIM_SVC_ECHO: sends every message back to its sender, unchanged
 * @AMP_SIM_SVC_SINK: counts and drops every message
 * @AMP_SIM_SVC_SOURCE: a request of struct amp_sim_source_req makes it send
 *	@count messages of @size bytes to the requester
 * @AMP_SIM_SVC_SENDTO: a request holding an array of le32 host addresses
 *	makes it send one struct amp_sim_sendto_msg to each of them
 * @AMP_SIM_SVC_NR: number of kinds
 */
enum amp_sim_service_kind {
	AMP_SIM_SVC_ECHO,
	AMP_SIM_SVC_SINK,
	AMP_SIM_SVC_SOURCE,
	AMP_SIM_SVC_SENDTO,
	AMP_SIM_SVC_NR,
};

/**
 * enum amp_sim_fault - misbehaviour of the remote
 * @AMP_SIM_FAULT_NONE: behave
 * @AMP_SIM_FAULT_CRASH: log a fatal error into the trace buffer, raise the
 *	fatal-error interrupt and halt
 * @AMP_SIM_FAULT_HANG: stop servicing and stop feeding the watchdog
 * @AMP_SIM_FAULT_BAD_HDR: send rpmsg messages with malformed headers
 * @AMP_SIM_FAULT_BAD_LEN: return buffers with impossible used lengths
 * @AMP_SIM_FAULT_BAD_ADDR: write out-of-range addresses and ids into
 *	descriptors and used-ring elements
 * @AMP_SIM_FAULT_NS_FLOOD: announce a flood of name-service channels
 * @AMP_SIM_FAULT_NO_TX_RETURN: consume the host's tx buffers and never
 *	return them
 * @AMP_SIM_FAULT_FUZZ: hostile remote: mutate a seeded share of what the
 *	remote writes (headers, lengths, addresses, name-service records,
 *	descriptors, ring indexes, the resource table) while still serving
 * @AMP_SIM_FAULT_NR: number of faults
 */
enum amp_sim_fault {
	AMP_SIM_FAULT_NONE,
	AMP_SIM_FAULT_CRASH,
	AMP_SIM_FAULT_HANG,
	AMP_SIM_FAULT_BAD_HDR,
	AMP_SIM_FAULT_BAD_LEN,
	AMP_SIM_FAULT_BAD_ADDR,
	AMP_SIM_FAULT_NS_FLOOD,
	AMP_SIM_FAULT_NO_TX_RETURN,
	AMP_SIM_FAULT_FUZZ,
	AMP_SIM_FAULT_NR,
};

/**
 * struct amp_sim_service - one service of the image
 * @name: NUL-terminated name announced through the name service
 * @kind: an &enum amp_sim_service_kind
 * @addr: the remote's endpoint address of the service (1024 and above)
 * @reserved: must be zero
 */
struct amp_sim_service {
	u8 name[AMP_SIM_NAME_LEN];
	__le32 kind;
	__le32 addr;
	__le32 reserved[2];
} __packed;

/**
 * struct amp_sim_manifest - the boot block (".amp_sim" section)
 * @magic: %AMP_SIM_MAGIC
 * @version: %AMP_SIM_VERSION
 * @size: bytes of the boot block including the service descriptors
 * @rsc_da: device address of the loaded ".resource_table"
 * @rsc_size: its size in bytes
 * @fault: an &enum amp_sim_fault applied from boot
 * @fault_delay_ms: how long after the host sets DRIVER_OK the fault starts
 * @fault_arg: fault parameter (NS flood: number of announcements; 0 means
 *	the default)
 * @fault_boots: apply @fault on the first @fault_boots boots of the
 *	processor only; 0 means on every boot
 * @nr_services: entries in @svc
 * @reserved: must be zero
 * @svc: the services
 */
struct amp_sim_manifest {
	__le32 magic;
	__le32 version;
	__le32 size;
	__le32 rsc_da;
	__le32 rsc_size;
	__le32 fault;
	__le32 fault_delay_ms;
	__le32 fault_arg;
	__le32 fault_boots;
	__le32 nr_services;
	__le32 reserved[2];
	struct amp_sim_service svc[];
} __packed;

/**
 * struct amp_sim_source_req - a request to a source service
 * @count: messages to send
 * @size: payload bytes of each (at least 8, at most what fits the buffers)
 */
struct amp_sim_source_req {
	__le32 count;
	__le32 size;
} __packed;

/**
 * struct amp_sim_source_msg - start of every message a source sends
 * @seq: 0, 1, ... within one request
 * @count: messages in the request
 *
 * The rest of the payload is the byte pattern (seq + i) & 0xff at offset i.
 */
struct amp_sim_source_msg {
	__le32 seq;
	__le32 count;
} __packed;

/* Most host addresses one sendto request may name. */
#define AMP_SIM_SENDTO_MAX	8

/**
 * struct amp_sim_sendto_msg - what a sendto service sends to each address
 * @index: position of the address in the request
 * @requester: the address that sent the request
 * @total: addresses in the request
 */
struct amp_sim_sendto_msg {
	__le32 index;
	__le32 requester;
	__le32 total;
} __packed;

#endif /* AMPIPC_SIM_IMAGE_H */
