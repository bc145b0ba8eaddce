// SPDX-License-Identifier: GPL-2.0
/*
 * elfgen.c for amp_backend_test: kbuild links an object into one module
 * only, and amp_elf_test already has elfgen.o.
 */
#include "elfgen.c"
