/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: state shared between the objects of amp_rpmsg.ko, not exported.
 */
#ifndef AMPIPC_RPMSG_BUS_INTERNAL_H
#define AMPIPC_RPMSG_BUS_INTERNAL_H

/* Module parameter addr_reuse_delay: default quarantine depth. */
extern unsigned int amp_rpmsg_addr_reuse_delay;

#endif /* AMPIPC_RPMSG_BUS_INTERNAL_H */
