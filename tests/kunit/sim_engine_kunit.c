// SPDX-License-Identifier: GPL-2.0
/*
 * The sim's remote engine and image builder, compiled into amp_sim_test.ko
 * (the backend module has its own copy; neither exports them).
 */
#include "../../backends/sim/sim_engine.c"
#include "../../backends/sim/sim_fault.c"
#include "../../backends/sim/sim_service.c"
#include "../../backends/sim/sim_fuzz.c"
#include "../../backends/sim/sim_tally.c"
