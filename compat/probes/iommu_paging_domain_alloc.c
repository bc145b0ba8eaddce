// SPDX-License-Identifier: GPL-2.0
/* 6.11: iommu_paging_domain_alloc(dev) (iommu_domain_alloc(bus) went in 6.15). */
#include <linux/iommu.h>

struct iommu_domain *amp_probe(struct device *dev);
struct iommu_domain *amp_probe(struct device *dev)
{
	return iommu_paging_domain_alloc(dev);
}
