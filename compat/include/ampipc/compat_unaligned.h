/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc compat: the unaligned access helpers (get_unaligned_le32() and
 * friends), which moved from <asm/unaligned.h> to <linux/unaligned.h> in
 * 6.12. Selected by the linux_unaligned_h probe.
 */
#ifndef AMPIPC_COMPAT_UNALIGNED_H
#define AMPIPC_COMPAT_UNALIGNED_H

#include <amp_compat_config.h>

#ifdef AMP_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* AMPIPC_COMPAT_UNALIGNED_H */
