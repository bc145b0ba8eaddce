// SPDX-License-Identifier: GPL-2.0
/*
 * The sim image builder and the ELF builder it uses, compiled into
 * amp_sim_test.ko, so the suite boots the images mksimfw ships.
 */
#include "../common/elfgen.c"
#include "../../backends/sim/fw/simfw.c"
