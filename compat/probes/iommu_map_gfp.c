// SPDX-License-Identifier: GPL-2.0
/* 6.3: iommu_map() takes a gfp_t for its page-table allocations. */
#include <linux/iommu.h>

static int __maybe_unused amp_probe(struct iommu_domain *d)
{
	return iommu_map(d, 0, 0, 4096, IOMMU_READ, GFP_KERNEL);
}
