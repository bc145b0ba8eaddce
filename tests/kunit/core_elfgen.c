// SPDX-License-Identifier: GPL-2.0
/*
 * The image builder for amp_core_test.ko: its own copy of elfgen, so no
 * object is shared between two test modules.
 */
#include "../common/elfgen.c"
