/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: in-kernel interface of amp_rpmsg_char, the rpmsg character
 * devices. The userspace ABI is <linux/amp_rpmsg.h> (include/uapi/);
 * docs/userspace-policy.md describes the access policy.
 */
#ifndef AMPIPC_RPMSG_CHAR_H
#define AMPIPC_RPMSG_CHAR_H

int amp_rpmsg_char_set_export(const char *spec);

#endif /* AMPIPC_RPMSG_CHAR_H */
