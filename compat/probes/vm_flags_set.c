// SPDX-License-Identifier: GPL-2.0
/* 6.3: vm_flags is set through vm_flags_set(). */
#include <linux/mm.h>

void amp_probe(struct vm_area_struct *vma);
void amp_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_DONTEXPAND);
}
