/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Register-level fakes for the SoC backend suites: an event log that records
 * every register access and hardware call in order, regmaps over plain
 * memory, a reset controller, a mailbox controller, an interrupt controller
 * whose lines the test raises, and an IOMMU domain. Devices are platform
 * devices with software nodes, exactly as a board without DT would make them.
 */
#ifndef AMPIPC_TESTS_BE_FAKES_H
#define AMPIPC_TESTS_BE_FAKES_H

#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/mailbox_controller.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/reset-controller.h>
#include <linux/workqueue.h>

#include <ampipc/rproc.h>

/* --- event log ---------------------------------------------------------- */

#define BE_LOG_MAX	96
#define BE_LOG_LEN	64

void be_log_reset(void);
__printf(1, 2) void be_log(const char *fmt, ...);
unsigned int be_log_count(void);
const char *be_log_at(unsigned int i);
/* Index of the first entry at or after @from equal to @ev, or -1. */
int be_log_find(const char *ev, unsigned int from);
/* Check the whole log against @n expected entries. */
void be_log_expect(struct kunit *test, const char * const *exp, unsigned int n);
#define BE_EXPECT_LOG(test, ...) do {					\
	static const char * const __exp[] = { __VA_ARGS__ };		\
	be_log_expect(test, __exp, ARRAY_SIZE(__exp));			\
} while (0)
#define BE_EXPECT_EMPTY_LOG(test) be_log_expect(test, NULL, 0)

/* --- register blocks ------------------------------------------------------ */

#define BE_REGS_MAX	4
#define BE_REGS_WORDS	512

/**
 * struct be_regs - one fake register block (plain memory)
 * @name: regmap name ("" for a syscon's unnamed one); logged as its tag
 * @val: the registers
 * @fail_write: writes return -EIO
 * @quiet: do not log accesses
 */
struct be_regs {
	const char *name;
	u32 val[BE_REGS_WORDS];
	bool fail_write;
	bool quiet;
};

/**
 * struct be_hw - a device carrying fake register blocks (regmaps)
 * @pdev: the device
 * @regs: its blocks
 * @nr: entries in @regs
 */
struct be_hw {
	struct platform_device *pdev;
	struct be_regs regs[BE_REGS_MAX];
	unsigned int nr;
};

/*
 * A bound platform device with one regmap per name in @names (NULL ends; a
 * NULL-named regmap when @names[0] is ""), optionally with software node
 * @node so that references can point at it.
 */
struct be_hw *be_hw_create(struct kunit *test, const char *devname,
			   const struct software_node *node,
			   const char * const *names);
struct be_regs *be_hw_regs(struct be_hw *hw, const char *name);
void be_hw_destroy(struct be_hw *hw);

/* --- reset controller ----------------------------------------------------- */

#define BE_RESET_LINES	8
#define BE_RSTC_NAME	"amp-kunit-rstc"

/**
 * struct be_rstc - the fake reset controller
 * @pdev: its device
 * @asserted: line state
 * @fail_assert: lines whose assert fails
 * @fail_deassert: lines whose deassert fails
 */
struct be_rstc {
	struct platform_device *pdev;
	bool asserted[BE_RESET_LINES];
	unsigned long fail_assert;
	unsigned long fail_deassert;
};

struct be_rstc *be_rstc_create(struct kunit *test);
void be_rstc_destroy(struct be_rstc *rstc);
/* Line @line of the fake serves reset @con_id (NULL: unnamed) of @dev_id. */
void be_rstc_lookup(const char *dev_id, const char *con_id, unsigned int line);

/* --- mailbox controller --------------------------------------------------- */

/**
 * struct be_mbox - a one-channel mailbox controller
 * @pdev: its device
 * @ctrl: the controller
 * @chan: its channel
 * @sent: messages that went out
 * @fail_send: send_data() refuses
 * @fail_startup: startup() refuses
 * @reply_to: when this message goes out, the remote answers...
 * @reply_with: ...with this one (from a work item, as an interrupt would)
 * @reply_work: sends @reply_with
 */
struct be_mbox {
	struct platform_device *pdev;
	struct mbox_controller ctrl;
	struct mbox_chan chan;
	atomic_t sent;
	bool fail_send;
	bool fail_startup;
	u32 reply_to;
	u32 reply_with;
	struct work_struct reply_work;
};

struct be_mbox *be_mbox_create(struct kunit *test);
void be_mbox_destroy(struct be_mbox *mbox);
/* Bind @cl to the channel, as mbox_request_channel() does with DT. */
struct mbox_chan *be_mbox_bind(struct be_mbox *mbox, struct mbox_client *cl);
/* Wait until @n messages went out in total (1 s at most). */
bool be_mbox_wait_sent(struct be_mbox *mbox, unsigned int n);
/* A message from the remote. */
void be_mbox_rx(struct be_mbox *mbox, u32 msg);

/* --- interrupt controller ------------------------------------------------- */

#define BE_IRQS		12

/**
 * struct be_irqc - interrupt lines the test raises
 * @domain: the domain
 * @virq: Linux interrupt numbers of hwirqs 0..BE_IRQS-1
 * @level: line levels reported through irq_get_irqchip_state()
 */
struct be_irqc {
	struct irq_domain *domain;
	unsigned int virq[BE_IRQS];
	bool level[BE_IRQS];
};

struct be_irqc *be_irqc_create(struct kunit *test);
void be_irqc_destroy(struct be_irqc *irqc);
/* Raise hwirq @n as a hardware interrupt would, then wait for handlers. */
void be_irq_fire(struct be_irqc *irqc, unsigned int n);

/* --- IOMMU domain --------------------------------------------------------- */

/**
 * struct be_iommu - an IOMMU domain whose mappings are logged
 * @domain: the domain handed to the backend
 * @fail_map: map_pages() fails
 * @mapped: bytes currently mapped
 */
struct be_iommu {
	struct iommu_domain domain;
	bool fail_map;
	size_t mapped;
};

struct be_iommu *be_iommu_create(struct kunit *test);

/* --- devices -------------------------------------------------------------- */

/* A platform device named @name bound (or not) to whatever driver matches. */
struct platform_device *be_pdev_create(struct kunit *test, const char *name,
				       struct device *parent,
				       struct software_node *node,
				       const struct resource *res,
				       unsigned int nr_res);
/* The IRQ resource for hwirq @n of @irqc called @name. */
struct resource be_irq_res(struct be_irqc *irqc, unsigned int n,
			   const char *name);

/* Plain memory standing in for an internal RAM or a reserved region. */
struct be_mem {
	void *va;
	phys_addr_t pa;
	size_t size;
};

int be_mem_alloc(struct kunit *test, struct be_mem *m, size_t size);

/*
 * Stand-ins for the core's crash and vring entry points: a suite that builds
 * a backend body defines amp_rproc_report_crash and amp_rproc_vq_interrupt
 * to these before including it, so the log shows every crash report and
 * vring dispatch in order ("crash watchdog", "vq 1"). They do not forward:
 * the suites drive the backend's operations directly, so the core's state
 * machine (which the core's own suites test) must not start a recovery of a
 * processor it never booted.
 */
void be_report_crash(struct amp_rproc *rproc, enum amp_rproc_crash why);
irqreturn_t be_vq_interrupt(struct amp_rproc *rproc, int notifyid);

/* suite_init / suite_exit of every backend suite: the fakes' drivers */
int be_suite_init(struct kunit_suite *suite);
void be_suite_exit(struct kunit_suite *suite);

#endif /* AMPIPC_TESTS_BE_FAKES_H */
