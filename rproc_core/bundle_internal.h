/* SPDX-License-Identifier: GPL-2.0 */
/* amp_rproc's module init and exit hooks for the bundle verifier. */
#ifndef AMPIPC_BUNDLE_INTERNAL_H
#define AMPIPC_BUNDLE_INTERNAL_H

int amp_bundle_init(void);
void amp_bundle_exit(void);

#endif /* AMPIPC_BUNDLE_INTERNAL_H */
