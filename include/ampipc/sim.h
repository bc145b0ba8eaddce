/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amp_rproc_sim: the sim remote processor (docs/sim.md).
 *
 * The module declares the processors its "procs" parameter names. In-kernel
 * tests add more with amp_sim_add(), each booting one in-memory image, and
 * drive fault behaviours with amp_sim_set_fault() as debugfs does.
 */
#ifndef AMPIPC_SIM_H
#define AMPIPC_SIM_H

#include <linux/types.h>

#include <ampipc/sim_image.h>

struct amp_rproc;

struct amp_rproc *amp_sim_add(const char *name, const void *image, size_t size);
void amp_sim_remove(struct amp_rproc *rproc);
int amp_sim_set_fault(struct amp_rproc *rproc, enum amp_sim_fault fault);

#endif /* AMPIPC_SIM_H */
