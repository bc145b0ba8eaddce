// SPDX-License-Identifier: GPL-2.0
/*
 * The sim image builder and the ELF builder it uses, compiled into
 * amp_sim_rproc_test.ko, which boots the images mksimfw ships.
 */
#include "../common/elfgen.c"
#include "../../backends/sim/fw/simfw.c"
