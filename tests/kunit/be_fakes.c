// SPDX-License-Identifier: GPL-2.0
/*
 * Register-level fakes for the SoC backend suites (see be_fakes.h).
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/mailbox_client.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <amp_compat_config.h>
#include <ampipc/compat.h>

#include "be_fakes.h"

/* --- event log ---------------------------------------------------------- */

static DEFINE_SPINLOCK(be_log_lock);
static char be_log_buf[BE_LOG_MAX][BE_LOG_LEN];
static unsigned int be_log_n;

void be_log_reset(void)
{
	unsigned long flags;

	spin_lock_irqsave(&be_log_lock, flags);
	be_log_n = 0;
	spin_unlock_irqrestore(&be_log_lock, flags);
}

void be_log(const char *fmt, ...)
{
	unsigned long flags;
	va_list ap;

	spin_lock_irqsave(&be_log_lock, flags);
	if (be_log_n < BE_LOG_MAX) {
		va_start(ap, fmt);
		vsnprintf(be_log_buf[be_log_n], BE_LOG_LEN, fmt, ap);
		va_end(ap);
		be_log_n++;
	}
	spin_unlock_irqrestore(&be_log_lock, flags);
}

unsigned int be_log_count(void)
{
	return READ_ONCE(be_log_n);
}

const char *be_log_at(unsigned int i)
{
	return i < be_log_count() ? be_log_buf[i] : "(none)";
}

int be_log_find(const char *ev, unsigned int from)
{
	unsigned int i;

	for (i = from; i < be_log_count(); i++)
		if (!strcmp(be_log_buf[i], ev))
			return i;
	return -1;
}

void be_log_expect(struct kunit *test, const char * const *exp, unsigned int n)
{
	unsigned int i, have = be_log_count();

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_STREQ_MSG(test, be_log_at(i), exp[i],
				       "event %u of %u", i, n);
	KUNIT_EXPECT_EQ_MSG(test, have, n, "events logged");
	for (i = n; i < have; i++)
		kunit_info(test, "unexpected event %u: %s", i, be_log_at(i));
}

/* --- register blocks ------------------------------------------------------ */

static int be_regs_read(void *ctx, unsigned int reg, unsigned int *val)
{
	struct be_regs *r = ctx;

	if (reg / 4 >= BE_REGS_WORDS)
		return -EINVAL;
	*val = r->val[reg / 4];
	if (!r->quiet)
		be_log("rd %s %#x=%#x", r->name + (r->name[0] == '@'), reg,
		       *val);
	return 0;
}

static int be_regs_write(void *ctx, unsigned int reg, unsigned int val)
{
	struct be_regs *r = ctx;

	if (reg / 4 >= BE_REGS_WORDS)
		return -EINVAL;
	if (!r->quiet)
		be_log("wr %s %#x=%#x", r->name + (r->name[0] == '@'), reg,
		       val);
	if (r->fail_write)
		return -EIO;
	r->val[reg / 4] = val;
	return 0;
}

static int be_hw_probe(struct platform_device *pdev)
{
	struct be_hw *hw = *(struct be_hw **)dev_get_platdata(&pdev->dev);
	struct regmap_config cfg = {
		.reg_bits = 32,
		.val_bits = 32,
		.reg_stride = 4,
		.max_register = (BE_REGS_WORDS - 1) * 4,
		.reg_read = be_regs_read,
		.reg_write = be_regs_write,
		.fast_io = true,
	};
	struct regmap *map;
	unsigned int i;

	for (i = 0; i < hw->nr; i++) {
		/* "@tag": the device's unnamed regmap, as a syscon has */
		cfg.name = hw->regs[i].name[0] == '@' ? NULL : hw->regs[i].name;
		map = devm_regmap_init(&pdev->dev, NULL, &hw->regs[i], &cfg);
		if (IS_ERR(map))
			return PTR_ERR(map);
	}
	return 0;
}

/* --- reset controller ----------------------------------------------------- */

static int be_rstc_assert(struct reset_controller_dev *rcdev, unsigned long id)
{
	struct be_rstc *r = dev_get_drvdata(rcdev->dev);

	be_log("reset %lu assert", id);
	if (test_bit(id, &r->fail_assert))
		return -EIO;
	r->asserted[id] = true;
	return 0;
}

static int be_rstc_deassert(struct reset_controller_dev *rcdev,
			    unsigned long id)
{
	struct be_rstc *r = dev_get_drvdata(rcdev->dev);

	be_log("reset %lu deassert", id);
	if (test_bit(id, &r->fail_deassert))
		return -EIO;
	r->asserted[id] = false;
	return 0;
}

static int be_rstc_status(struct reset_controller_dev *rcdev, unsigned long id)
{
	struct be_rstc *r = dev_get_drvdata(rcdev->dev);

	return r->asserted[id];
}

static const struct reset_control_ops be_rstc_ops = {
	.assert = be_rstc_assert,
	.deassert = be_rstc_deassert,
	.status = be_rstc_status,
};

static int be_rstc_probe(struct platform_device *pdev)
{
	struct be_rstc *r = *(struct be_rstc **)dev_get_platdata(&pdev->dev);
	struct reset_controller_dev *rcdev;

	rcdev = devm_kzalloc(&pdev->dev, sizeof(*rcdev), GFP_KERNEL);
	if (!rcdev)
		return -ENOMEM;
	rcdev->ops = &be_rstc_ops;
	rcdev->owner = THIS_MODULE;
	rcdev->dev = &pdev->dev;
	rcdev->nr_resets = BE_RESET_LINES;
	platform_set_drvdata(pdev, r);
	return devm_reset_controller_register(&pdev->dev, rcdev);
}

/*
 * Which line of the fake serves which reset of which device. Kernels with
 * reset lookup tables (the reset_lookup compat probe) get a lookup entry;
 * later kernels resolve "resets" references, which be_pdev_create() adds
 * to the device's software node from this table.
 *
 * The reset core has no way to remove a lookup. Entries are allocated once
 * and stay on its list (reachable, so no leak report); a repeated lookup for
 * the same device and name reuses its entry by changing only the line.
 */
struct be_reset_map {
	char dev_id[40];
	char con_id[16];
	bool named;
	unsigned int line;
#ifdef AMP_HAVE_RESET_LOOKUP
	struct reset_control_lookup *lookup;
#endif
};

static DEFINE_MUTEX(be_lookup_lock);
static struct be_reset_map be_reset_maps[16];
static unsigned int be_nr_reset_maps;

static const struct property_entry be_rstc_props[] = {
	PROPERTY_ENTRY_U32("#reset-cells", 1),
	{ }
};

static const struct software_node be_rstc_node = {
	.name = BE_RSTC_NAME,
	.properties = be_rstc_props,
};

static struct be_reset_map *be_reset_find(const char *dev_id,
					  const char *con_id)
{
	struct be_reset_map *m;
	unsigned int i;

	for (i = 0; i < be_nr_reset_maps; i++) {
		m = &be_reset_maps[i];
		if (!strcmp(m->dev_id, dev_id) && m->named == !!con_id &&
		    (!con_id || !strcmp(m->con_id, con_id)))
			return m;
	}
	return NULL;
}

void be_rstc_lookup(const char *dev_id, const char *con_id, unsigned int line)
{
	struct be_reset_map *m;

	mutex_lock(&be_lookup_lock);
	m = be_reset_find(dev_id, con_id);
	if (!m && be_nr_reset_maps < ARRAY_SIZE(be_reset_maps)) {
		m = &be_reset_maps[be_nr_reset_maps++];
		strscpy(m->dev_id, dev_id, sizeof(m->dev_id));
		if (con_id)
			strscpy(m->con_id, con_id, sizeof(m->con_id));
		m->named = con_id;
	}
	if (!m)
		goto out;
	m->line = line;
#ifdef AMP_HAVE_RESET_LOOKUP
	if (m->lookup) {
		m->lookup->index = line;
		goto out;
	}
	m->lookup = kzalloc(sizeof(*m->lookup), GFP_KERNEL);
	if (!m->lookup)
		goto out;
	m->lookup->provider = kstrdup_const(BE_RSTC_NAME, GFP_KERNEL);
	m->lookup->dev_id = kstrdup(dev_id, GFP_KERNEL);
	m->lookup->con_id = con_id ? kstrdup(con_id, GFP_KERNEL) : NULL;
	m->lookup->index = line;
	reset_controller_add_lookup(m->lookup, 1);
#endif
out:
	mutex_unlock(&be_lookup_lock);
}

#ifndef AMP_HAVE_RESET_LOOKUP
/*
 * Add "resets" references to @node (registered, not yet used by a device)
 * for the lines be_rstc_lookup() gave device @name: one per "reset-names"
 * entry that has a line (stopping at the first that has none), else the
 * unnamed line.
 */
static void be_reset_refs(struct kunit *test, const char *name,
			  struct software_node *node)
{
	struct fwnode_handle *fw = software_node_fwnode(node);
	struct software_node_ref_args *refs;
	struct property_entry *props;
	const char *names[4];
	struct be_reset_map *m;
	unsigned int n = 0, nprops = 0;
	int i, nr;

	refs = kunit_kcalloc(test, ARRAY_SIZE(names), sizeof(*refs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, refs);
	mutex_lock(&be_lookup_lock);
	nr = fwnode_property_read_string_array(fw, "reset-names", names,
					       ARRAY_SIZE(names));
	for (i = 0; i < nr; i++) {
		m = be_reset_find(name, names[i]);
		if (!m)
			break;
		refs[n++] = SOFTWARE_NODE_REFERENCE(&be_rstc_node, m->line);
	}
	if (nr <= 0) {
		m = be_reset_find(name, NULL);
		if (m)
			refs[n++] = SOFTWARE_NODE_REFERENCE(&be_rstc_node, m->line);
	}
	mutex_unlock(&be_lookup_lock);
	if (!n)
		return;
	while (node->properties && node->properties[nprops].name)
		nprops++;
	props = kunit_kcalloc(test, nprops + 2, sizeof(*props), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, props);
	if (nprops)
		memcpy(props, node->properties, nprops * sizeof(*props));
	props[nprops] = PROPERTY_ENTRY_REF_ARRAY_LEN("resets", refs, n);
	/* the software node reads its properties through this pointer */
	node->properties = props;
}
#endif

/* --- mailbox controller --------------------------------------------------- */

static int be_mbox_send(struct mbox_chan *chan, void *data)
{
	struct be_mbox *m = chan->con_priv;

	if (m->fail_send)
		return -EBUSY;
	be_log("mbox tx %#x", (u32)(uintptr_t)data);
	atomic_inc(&m->sent);
	if (m->reply_to && m->reply_to == (u32)(uintptr_t)data)
		schedule_work(&m->reply_work);
	return 0;
}

static int be_mbox_startup(struct mbox_chan *chan)
{
	struct be_mbox *m = chan->con_priv;

	be_log("mbox startup");
	return m->fail_startup ? -EIO : 0;
}

static void be_mbox_shutdown(struct mbox_chan *chan)
{
	be_log("mbox shutdown");
}

static bool be_mbox_last_tx_done(struct mbox_chan *chan)
{
	return true;
}

static const struct mbox_chan_ops be_mbox_ops = {
	.send_data = be_mbox_send,
	.startup = be_mbox_startup,
	.shutdown = be_mbox_shutdown,
	.last_tx_done = be_mbox_last_tx_done,
};

static int be_mbox_probe(struct platform_device *pdev)
{
	struct be_mbox *m = *(struct be_mbox **)dev_get_platdata(&pdev->dev);

	m->chan.con_priv = m;
	m->ctrl.dev = &pdev->dev;
	m->ctrl.ops = &be_mbox_ops;
	m->ctrl.chans = &m->chan;
	m->ctrl.num_chans = 1;
	m->ctrl.txdone_poll = true;
	m->ctrl.txpoll_period = 1;
	return devm_mbox_controller_register(&pdev->dev, &m->ctrl);
}

/* --- the drivers of the fakes --------------------------------------------- */

enum { BE_DRV_HW, BE_DRV_RSTC, BE_DRV_MBOX };

static int be_fake_probe(struct platform_device *pdev)
{
	switch (platform_get_device_id(pdev)->driver_data) {
	case BE_DRV_HW:
		return be_hw_probe(pdev);
	case BE_DRV_RSTC:
		return be_rstc_probe(pdev);
	default:
		return be_mbox_probe(pdev);
	}
}

static const struct platform_device_id be_fake_ids[] = {
	{ "amp-kunit-regs", BE_DRV_HW },
	{ BE_RSTC_NAME, BE_DRV_RSTC },
	{ "amp-kunit-mbox", BE_DRV_MBOX },
	{ }
};

static struct platform_driver be_fake_driver = {
	.probe = be_fake_probe,
	.id_table = be_fake_ids,
	.driver = { .name = "amp-kunit-fakes" },
};

static struct platform_device *be_fake_dev(struct kunit *test,
					   const char *drv, int id,
					   const struct software_node *node,
					   void *self)
{
	struct platform_device_info info = {
		.name = drv,
		.id = id,
		.data = &self,
		.size_data = sizeof(self),
		.fwnode = node ? software_node_fwnode(node) : NULL,
	};
	struct platform_device *pdev;

	pdev = platform_device_register_full(&info);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	KUNIT_ASSERT_NOT_NULL_MSG(test, pdev->dev.driver,
				  "%s did not bind", dev_name(&pdev->dev));
	return pdev;
}

static atomic_t be_hw_ids = ATOMIC_INIT(0);

struct be_hw *be_hw_create(struct kunit *test, const char *devname,
			   const struct software_node *node,
			   const char * const *names)
{
	struct be_hw *hw = kunit_kzalloc(test, sizeof(*hw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, hw);
	for (; *names && hw->nr < BE_REGS_MAX; names++)
		hw->regs[hw->nr++].name = *names;
	if (node)
		KUNIT_ASSERT_EQ(test, software_node_register(node), 0);
	hw->pdev = be_fake_dev(test, "amp-kunit-regs",
			       atomic_inc_return(&be_hw_ids), node, hw);
	return hw;
}

struct be_regs *be_hw_regs(struct be_hw *hw, const char *name)
{
	unsigned int i;

	for (i = 0; i < hw->nr; i++)
		if (!strcmp(hw->regs[i].name, name))
			return &hw->regs[i];
	return NULL;
}

void be_hw_destroy(struct be_hw *hw)
{
	struct fwnode_handle *fw = dev_fwnode(&hw->pdev->dev);
	const struct software_node *node = to_software_node(fw);

	platform_device_unregister(hw->pdev);
	if (node)
		software_node_unregister(node);
}

struct be_rstc *be_rstc_create(struct kunit *test)
{
	struct be_rstc *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, software_node_register(&be_rstc_node), 0);
	r->pdev = be_fake_dev(test, BE_RSTC_NAME, PLATFORM_DEVID_NONE,
			      &be_rstc_node, r);
	return r;
}

void be_rstc_destroy(struct be_rstc *rstc)
{
	platform_device_unregister(rstc->pdev);
	software_node_unregister(&be_rstc_node);
}

static void be_mbox_reply(struct work_struct *work)
{
	struct be_mbox *m = container_of(work, struct be_mbox, reply_work);

	be_mbox_rx(m, m->reply_with);
}

struct be_mbox *be_mbox_create(struct kunit *test)
{
	struct be_mbox *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	atomic_set(&m->sent, 0);
	INIT_WORK(&m->reply_work, be_mbox_reply);
	m->pdev = be_fake_dev(test, "amp-kunit-mbox", PLATFORM_DEVID_NONE,
			      NULL, m);
	return m;
}

void be_mbox_destroy(struct be_mbox *mbox)
{
	cancel_work_sync(&mbox->reply_work);
	platform_device_unregister(mbox->pdev);
}

struct mbox_chan *be_mbox_bind(struct be_mbox *mbox, struct mbox_client *cl)
{
	int ret = mbox_bind_client(&mbox->chan, cl);

	return ret ? ERR_PTR(ret) : &mbox->chan;
}

bool be_mbox_wait_sent(struct be_mbox *mbox, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < 200; i++) {
		if (atomic_read(&mbox->sent) >= n)
			return true;
		usleep_range(5000, 6000);
	}
	return false;
}

void be_mbox_rx(struct be_mbox *mbox, u32 msg)
{
	mbox_chan_received_data(&mbox->chan, (void *)(uintptr_t)msg);
}

/* --- interrupt controller ------------------------------------------------- */

static void be_irq_noop(struct irq_data *d)
{
}

static int be_irq_get_state(struct irq_data *d, enum irqchip_irq_state which,
			    bool *state)
{
	struct be_irqc *c = irq_data_get_irq_chip_data(d);

	if (which != IRQCHIP_STATE_LINE_LEVEL)
		return -EINVAL;
	*state = c->level[irqd_to_hwirq(d)];
	return 0;
}

static struct irq_chip be_irq_chip = {
	.name = "amp-kunit",
	.irq_mask = be_irq_noop,
	.irq_unmask = be_irq_noop,
	.irq_get_irqchip_state = be_irq_get_state,
};

static int be_irq_map(struct irq_domain *d, unsigned int virq,
		      irq_hw_number_t hw)
{
	irq_set_chip_and_handler(virq, &be_irq_chip, handle_simple_irq);
	irq_set_chip_data(virq, d->host_data);
	return 0;
}

static const struct irq_domain_ops be_irq_domain_ops = {
	.map = be_irq_map,
};

struct be_irqc *be_irqc_create(struct kunit *test)
{
	struct be_irqc *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->domain = irq_domain_create_linear(NULL, BE_IRQS, &be_irq_domain_ops,
					     c);
	KUNIT_ASSERT_NOT_NULL(test, c->domain);
	for (i = 0; i < BE_IRQS; i++) {
		c->virq[i] = irq_create_mapping(c->domain, i);
		KUNIT_ASSERT_NE(test, c->virq[i], 0);
	}
	return c;
}

void be_irqc_destroy(struct be_irqc *c)
{
	unsigned int i;

	for (i = 0; i < BE_IRQS; i++)
		irq_dispose_mapping(c->virq[i]);
	irq_domain_remove(c->domain);
}

void be_irq_fire(struct be_irqc *c, unsigned int n)
{
	unsigned long flags;

	local_irq_save(flags);
	generic_handle_irq(c->virq[n]);
	local_irq_restore(flags);
	synchronize_irq(c->virq[n]);
}

struct resource be_irq_res(struct be_irqc *c, unsigned int n, const char *name)
{
	struct resource r = DEFINE_RES_IRQ_NAMED(c->virq[n], name);

	return r;
}

/* --- IOMMU domain --------------------------------------------------------- */

static int be_iommu_map_pages(struct iommu_domain *domain, unsigned long iova,
			      phys_addr_t paddr, size_t pgsize, size_t pgcount,
			      int prot, gfp_t gfp, size_t *mapped)
{
	struct be_iommu *m = container_of(domain, struct be_iommu, domain);

	if (m->fail_map)
		return -ENOMEM;
	be_log("iommu map %#lx -> +%#zx prot %#x", iova, pgsize * pgcount,
	       prot);
	*mapped = pgsize * pgcount;
	m->mapped += *mapped;
	return 0;
}

static size_t be_iommu_unmap_pages(struct iommu_domain *domain,
				   unsigned long iova, size_t pgsize,
				   size_t pgcount,
				   struct iommu_iotlb_gather *gather)
{
	struct be_iommu *m = container_of(domain, struct be_iommu, domain);

	be_log("iommu unmap %#lx +%#zx", iova, pgsize * pgcount);
	m->mapped -= pgsize * pgcount;
	return pgsize * pgcount;
}

static const struct iommu_domain_ops be_iommu_ops = {
	.map_pages = be_iommu_map_pages,
	.unmap_pages = be_iommu_unmap_pages,
};

struct be_iommu *be_iommu_create(struct kunit *test)
{
	struct be_iommu *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->domain.type = IOMMU_DOMAIN_UNMANAGED;
	m->domain.ops = &be_iommu_ops;
	m->domain.pgsize_bitmap = SZ_4K;
	m->domain.geometry.aperture_end = U32_MAX;
	return m;
}

/* --- devices -------------------------------------------------------------- */

struct platform_device *be_pdev_create(struct kunit *test, const char *name,
				       struct device *parent,
				       struct software_node *node,
				       const struct resource *res,
				       unsigned int nr_res)
{
	struct platform_device_info info = {
		.parent = parent,
		.name = name,
		.id = PLATFORM_DEVID_NONE,
		.res = res,
		.num_res = nr_res,
	};
	struct platform_device *pdev;

	if (node) {
		KUNIT_ASSERT_EQ(test, software_node_register(node), 0);
		info.fwnode = software_node_fwnode(node);
#ifndef AMP_HAVE_RESET_LOOKUP
		be_reset_refs(test, name, node);
#endif
	}
	pdev = platform_device_register_full(&info);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	return pdev;
}

int be_mem_alloc(struct kunit *test, struct be_mem *m, size_t size)
{
	m->va = kunit_kzalloc(test, size, GFP_KERNEL);
	if (!m->va)
		return -ENOMEM;
	m->pa = virt_to_phys(m->va);
	m->size = size;
	return 0;
}

static const char * const be_crash_names[] = {
	[AMP_RPROC_CRASH_FATAL] = "fatal",
	[AMP_RPROC_CRASH_WATCHDOG] = "watchdog",
	[AMP_RPROC_CRASH_MMUFAULT] = "mmufault",
	[AMP_RPROC_CRASH_INJECTED] = "injected",
	[AMP_RPROC_CRASH_HANDOFF] = "handoff",
};

void be_report_crash(struct amp_rproc *rproc, enum amp_rproc_crash why)
{
	be_log("crash %s", why < ARRAY_SIZE(be_crash_names) ?
	       be_crash_names[why] : "?");
}

irqreturn_t be_vq_interrupt(struct amp_rproc *rproc, int notifyid)
{
	be_log("vq %d", notifyid);
	return IRQ_HANDLED;
}

int be_suite_init(struct kunit_suite *suite)
{
	/*
	 * KUnit runs the suites while this module is still coming up, before
	 * its sysfs object exists: register without an owner module.
	 */
	return amp_compat_platform_driver_register_unowned(&be_fake_driver);
}

void be_suite_exit(struct kunit_suite *suite)
{
	platform_driver_unregister(&be_fake_driver);
}
