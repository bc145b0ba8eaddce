// SPDX-License-Identifier: GPL-2.0
/*
 * Up to 6.x: reset lines of non-DT devices come from lookup tables
 * (reset_controller_add_lookup()); later kernels resolve "resets" firmware
 * node references instead. Only the backend test fakes care.
 */
#include <linux/reset-controller.h>

static void __maybe_unused amp_probe(struct reset_control_lookup *l)
{
	reset_controller_add_lookup(l, 1);
}
