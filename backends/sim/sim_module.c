// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_sim: module glue. Declares the sim processors named by the
 * "procs" parameter to the core exactly as a hardware backend declares its
 * processors (amp_rproc_alloc() and amp_rproc_register() with memory
 * windows, the sim's e_machine and target string), adds the dependencies
 * the parameter names, and creates debugfs amp_sim/<name>/{fault,stats}.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <ampipc/sim.h>

#include "sim_proc.h"

#define AMP_SIM_MAX_PROCS	16
#define AMP_SIM_MAX_DEPS	8
#define AMP_SIM_MAX_MEM_KB	4096

static char *procs = "sim0";
module_param(procs, charp, 0444);
MODULE_PARM_DESC(procs,
		 "processors to declare: name[=firmware][:dep[+dep...]],... (default sim0)");

static char *firmware = "amp-sim-all.elf";
module_param(firmware, charp, 0444);
MODULE_PARM_DESC(firmware, "default firmware file (default amp-sim-all.elf)");

static unsigned int mem_kb = 2048;
module_param(mem_kb, uint, 0444);
MODULE_PARM_DESC(mem_kb, "KiB of DDR per processor, for carveouts, vrings and buffers (default 2048, at most 4096)");

unsigned int amp_sim_wdog_ms = 1000;
module_param_named(wdog_ms, amp_sim_wdog_ms, uint, 0644);
MODULE_PARM_DESC(wdog_ms, "watchdog period in ms, 0 disables it (default 1000)");

struct workqueue_struct *amp_sim_irq_wq;

static const u16 amp_sim_machines[] = { AMP_EM_SIM };
static LIST_HEAD(amp_sim_procs);
static DEFINE_MUTEX(amp_sim_lock);
static struct dentry *amp_sim_debugfs;

/* A processor and the dependencies it was given. */
struct amp_sim_entry {
	struct amp_sim_proc proc;
	struct amp_rproc *deps[AMP_SIM_MAX_DEPS];
	unsigned int nr_deps;
	void *image;
};

static struct amp_sim_entry *amp_sim_entry(struct amp_sim_proc *p)
{
	return container_of(p, struct amp_sim_entry, proc);
}

static int amp_sim_stats_show(struct seq_file *s, void *unused)
{
	struct amp_sim_proc *p = s->private;
	const struct amp_sim_engine *e = &p->engine;
	const struct amp_sim_stats *st = &e->stats;
	unsigned int i;

	seq_printf(s, "state: %s\n", READ_ONCE(p->running) ?
		   amp_sim_state_name(READ_ONCE(e->state)) : "off");
	seq_printf(s, "fault: %s\n", amp_sim_proc_fault(p));
	seq_printf(s, "boots: %u\nkicks: %llu\nmailbox_overflow: %llu\nirqs: %llu\n",
		   p->boots, p->kicks, p->mbox_overflow, p->irqs);
	seq_printf(s, "polls: %llu\nrx_msgs: %llu\nrx_bytes: %llu\n", st->polls,
		   st->rx_msgs, st->rx_bytes);
	seq_printf(s, "tx_msgs: %llu\ntx_bytes: %llu\nns_sent: %llu\n", st->tx_msgs,
		   st->tx_bytes, st->ns_sent);
	seq_printf(s, "dropped: %llu\nnotifies: %llu\nhost_errors: %llu\nfaults_emitted: %llu\n",
		   st->dropped, st->notifies, st->host_errors, st->faults_emitted);
	seq_printf(s, "fuzzed: %llu\nfuzz_ring: %llu\n", st->fuzzed, st->fuzz_ring);
	for (i = 0; i < READ_ONCE(e->nr_svc) && i < AMP_SIM_MAX_SERVICES; i++)
		seq_printf(s, "service %.*s %s %u: %llu msgs %llu bytes\n",
			   AMP_SIM_NAME_LEN, e->svc[i].name,
			   amp_sim_service_kind_name(e->svc[i].kind), e->svc[i].addr,
			   st->svc_msgs[i], st->svc_bytes[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_sim_stats);

static ssize_t amp_sim_fault_read(struct file *f, char __user *ubuf, size_t len,
				  loff_t *pos)
{
	struct amp_sim_proc *p = f->private_data;
	char buf[32];
	int n;

	n = scnprintf(buf, sizeof(buf), "%s\n", amp_sim_proc_fault(p));
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t amp_sim_fault_write(struct file *f, const char __user *ubuf,
				   size_t len, loff_t *pos)
{
	struct amp_sim_proc *p = f->private_data;
	char buf[32];
	int fault;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	fault = amp_sim_fault_parse(buf);
	if (fault < 0)
		return fault;
	amp_sim_proc_inject(p, fault);
	return len;
}

static const struct file_operations amp_sim_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = amp_sim_fault_read,
	.write = amp_sim_fault_write,
};

static bool amp_sim_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n && n < AMP_SIM_NAME_MAX && !strchr(name, '/');
}

static struct amp_sim_proc *amp_sim_find(const char *name)
{
	struct amp_sim_entry *ent;

	list_for_each_entry(ent, &amp_sim_procs, proc.node)
		if (!strcmp(ent->proc.name, name))
			return &ent->proc;
	return NULL;
}

static void amp_sim_destroy(struct amp_sim_proc *p)
{
	struct amp_sim_entry *ent = amp_sim_entry(p);

	debugfs_remove_recursive(p->debugfs);
	if (p->rproc) {
		amp_rproc_unregister(p->rproc);
		amp_rproc_free(p->rproc);
	}
	if (p->pdev)
		platform_device_unregister(p->pdev);
	amp_sim_proc_release(p);
	kvfree(ent->image);
	kfree(ent);
}

/* Create and register one processor; amp_sim_lock held. */
static struct amp_sim_proc *amp_sim_create(const char *name, const char *fw,
					   const void *image, size_t size)
{
	struct amp_rproc_config cfg = {
		.machines = amp_sim_machines,
		.nr_machines = ARRAY_SIZE(amp_sim_machines),
		.target = AMP_SIM_TARGET,
		.nr_windows = 2,
		.priv_size = sizeof(struct amp_sim_proc *),
	};
	struct amp_sim_entry *ent;
	struct amp_sim_proc *p;
	struct amp_rproc *rproc;
	const char *what;
	int ret;

	if (!amp_sim_name_ok(name) || (fw && strlen(fw) >= sizeof(p->fw_name))) {
		pr_err("amp_rproc_sim: bad processor name or firmware '%s'\n", name);
		return ERR_PTR(-EINVAL);
	}
	if (amp_sim_find(name)) {
		pr_err("amp_rproc_sim: processor %s declared twice\n", name);
		return ERR_PTR(-EEXIST);
	}
	ent = kzalloc(sizeof(*ent), GFP_KERNEL);
	if (!ent)
		return ERR_PTR(-ENOMEM);
	p = &ent->proc;
	INIT_LIST_HEAD(&p->node);
	strscpy(p->name, name, sizeof(p->name));
	strscpy(p->fw_name, fw ? fw : firmware, sizeof(p->fw_name));
	if (image) {
		ent->image = kvmalloc(size, GFP_KERNEL);
		if (!ent->image) {
			kfree(ent);
			return ERR_PTR(-ENOMEM);
		}
		memcpy(ent->image, image, size);
		p->image = ent->image;
		p->image_size = size;
	}
	what = "memory";
	ret = amp_sim_proc_init(p, (size_t)mem_kb * 1024);
	if (ret)
		goto err;

	what = "platform device";
	p->pdev = platform_device_register_simple("amp_rproc_sim", PLATFORM_DEVID_AUTO,
						  NULL, 0);
	if (IS_ERR(p->pdev)) {
		ret = PTR_ERR(p->pdev);
		p->pdev = NULL;
		/*
		 * Out of memory inside the platform core can come back from
		 * here as -EINVAL (make faultinject's module-load sweep: two
		 * allocations of this call, in module init only). With no
		 * resources or data, nothing of ours can be invalid here.
		 */
		if (ret == -EINVAL)
			ret = -ENOMEM;
		goto err;
	}
	cfg.name = p->name;
	cfg.firmware = p->fw_name;
	cfg.ops = image ? &amp_sim_mem_ops : &amp_sim_ops;
	cfg.windows = p->win;
	what = "processor";
	rproc = amp_rproc_alloc(&p->pdev->dev, &cfg);
	if (IS_ERR(rproc)) {
		ret = PTR_ERR(rproc);
		goto err;
	}
	*(struct amp_sim_proc **)amp_rproc_priv(rproc) = p;
	what = "registration";
	ret = amp_rproc_register(rproc);
	if (ret) {
		amp_rproc_free(rproc);
		goto err;
	}
	p->rproc = rproc;
	p->debugfs = debugfs_create_dir(p->name, amp_sim_debugfs);
	debugfs_create_file("fault", 0600, p->debugfs, p, &amp_sim_fault_fops);
	debugfs_create_file("stats", 0400, p->debugfs, p, &amp_sim_stats_fops);
	debugfs_create_u64("fuzz_seed", 0600, p->debugfs, &p->fuzz.seed);
	debugfs_create_u32("fuzz_count", 0600, p->debugfs, &p->fuzz.count);
	debugfs_create_x32("fuzz_mask", 0600, p->debugfs, &p->fuzz.mask);
	amp_sim_tally_debugfs(&p->tally, p->debugfs);
	list_add_tail(&p->node, &amp_sim_procs);
	dev_info(&p->pdev->dev, "%s: sim processor, %u KiB DDR at %#llx, firmware %s\n",
		 p->name, mem_kb, (unsigned long long)p->win[1].da,
		 image ? "(in memory)" : p->fw_name);
	return p;

err:
	pr_err("amp_rproc_sim: cannot declare %s: %s failed (%d)\n", name, what, ret);
	amp_sim_destroy(p);
	return ERR_PTR(ret);
}

static void amp_sim_remove_locked(struct amp_sim_proc *p)
{
	struct amp_sim_entry *ent = amp_sim_entry(p);

	while (ent->nr_deps)
		amp_rproc_remove_dependency(p->rproc, ent->deps[--ent->nr_deps]);
	list_del(&p->node);
	amp_sim_destroy(p);
}

/* Remove everything: every dependency first, then the processors. */
static void amp_sim_remove_all(void)
{
	struct amp_sim_entry *ent, *tmp;

	list_for_each_entry(ent, &amp_sim_procs, proc.node)
		while (ent->nr_deps)
			amp_rproc_remove_dependency(ent->proc.rproc,
						    ent->deps[--ent->nr_deps]);
	list_for_each_entry_safe_reverse(ent, tmp, &amp_sim_procs, proc.node)
		amp_sim_remove_locked(&ent->proc);
}

static int amp_sim_add_deps(struct amp_sim_proc *p, char *deps)
{
	struct amp_sim_entry *ent = amp_sim_entry(p);
	struct amp_sim_proc *dep;
	char *name;
	int ret;

	while ((name = strsep(&deps, "+"))) {
		if (!*name)
			continue;
		dep = amp_sim_find(name);
		if (!dep || ent->nr_deps == AMP_SIM_MAX_DEPS) {
			pr_err("amp_rproc_sim: %s: unknown or too many dependencies (%s)\n",
			       p->name, name);
			return -EINVAL;
		}
		ret = amp_rproc_add_dependency(p->rproc, dep->rproc);
		if (ret) {
			pr_err("amp_rproc_sim: %s cannot depend on %s (%d)\n", p->name,
			       name, ret);
			return ret;
		}
		ent->deps[ent->nr_deps++] = dep->rproc;
	}
	return 0;
}

/* procs=name[=firmware][:dep[+dep...]],... */
static int amp_sim_declare(const char *spec)
{
	char *deps[AMP_SIM_MAX_PROCS] = { NULL };
	struct amp_sim_proc *made[AMP_SIM_MAX_PROCS];
	char *dup, *s, *tok, *name, *fw;
	unsigned int n = 0, i;
	int ret = 0;

	dup = kstrdup(spec, GFP_KERNEL);
	if (!dup)
		return -ENOMEM;
	s = dup;
	while (!ret && (tok = strsep(&s, ","))) {
		if (!*tok)
			continue;
		if (n == AMP_SIM_MAX_PROCS) {
			pr_err("amp_rproc_sim: at most %d processors\n", AMP_SIM_MAX_PROCS);
			ret = -E2BIG;
			break;
		}
		name = strsep(&tok, ":");
		deps[n] = tok;
		fw = strchr(name, '=');
		if (fw)
			*fw++ = 0;
		made[n] = amp_sim_create(name, fw, NULL, 0);
		if (IS_ERR(made[n]))
			ret = PTR_ERR(made[n]);
		else
			n++;
	}
	for (i = 0; !ret && i < n; i++)
		if (deps[i])
			ret = amp_sim_add_deps(made[i], deps[i]);
	kfree(dup);
	return ret;
}

/**
 * amp_sim_add() - add a sim processor that boots an in-memory image
 * @name: processor name, unique among all amp_rproc processors
 * @image: the image (a sim ELF image, or a bundle holding one); copied
 * @size: its size in bytes
 *
 * The processor is declared to the core exactly like those of the "procs"
 * parameter, but its firmware is @image instead of a file: for in-kernel
 * tests, which have no /lib/firmware. Boot it with amp_rproc_get().
 *
 * Context: process context; may sleep.
 * Return: the processor, or ERR_PTR(-EINVAL) for a bad name or no image,
 * ERR_PTR(-EEXIST) if the module already has a processor of that name,
 * ERR_PTR(-ENOMEM), or the core's registration error.
 */
struct amp_rproc *amp_sim_add(const char *name, const void *image, size_t size)
{
	struct amp_sim_proc *p;

	if (!name || !image || !size)
		return ERR_PTR(-EINVAL);
	mutex_lock(&amp_sim_lock);
	p = amp_sim_create(name, NULL, image, size);
	mutex_unlock(&amp_sim_lock);
	return IS_ERR(p) ? ERR_CAST(p) : p->rproc;
}
EXPORT_SYMBOL_GPL(amp_sim_add);

/**
 * amp_sim_remove() - remove a processor added with amp_sim_add()
 * @rproc: the processor; its clients must have put it
 *
 * Context: process context; may sleep.
 */
void amp_sim_remove(struct amp_rproc *rproc)
{
	struct amp_sim_entry *ent;

	if (IS_ERR_OR_NULL(rproc))
		return;
	mutex_lock(&amp_sim_lock);
	list_for_each_entry(ent, &amp_sim_procs, proc.node) {
		if (ent->proc.rproc == rproc) {
			amp_sim_remove_locked(&ent->proc);
			break;
		}
	}
	mutex_unlock(&amp_sim_lock);
}
EXPORT_SYMBOL_GPL(amp_sim_remove);

/**
 * amp_sim_set_fault() - request a fault behaviour of a sim processor
 * @rproc: a processor of this module
 * @fault: the behaviour, as written to debugfs amp_sim/<name>/fault
 *
 * A running remote takes it at once, a stopped one at its next start.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL for an unknown fault or a processor not of this
 * module.
 */
int amp_sim_set_fault(struct amp_rproc *rproc, enum amp_sim_fault fault)
{
	struct amp_sim_entry *ent;
	int ret = -EINVAL;

	if (IS_ERR_OR_NULL(rproc) || (unsigned int)fault >= AMP_SIM_FAULT_NR)
		return -EINVAL;
	mutex_lock(&amp_sim_lock);
	list_for_each_entry(ent, &amp_sim_procs, proc.node) {
		if (ent->proc.rproc == rproc) {
			amp_sim_proc_inject(&ent->proc, fault);
			ret = 0;
			break;
		}
	}
	mutex_unlock(&amp_sim_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_sim_set_fault);

static int __init amp_sim_init(void)
{
	int ret;

	if (!mem_kb || mem_kb > AMP_SIM_MAX_MEM_KB || (mem_kb * 1024) % PAGE_SIZE) {
		pr_err("amp_rproc_sim: mem_kb must be a multiple of the page size up to %u\n",
		       AMP_SIM_MAX_MEM_KB);
		return -EINVAL;
	}
	amp_sim_irq_wq = alloc_workqueue("amp_sim_irq", WQ_HIGHPRI | WQ_UNBOUND, 0);
	if (!amp_sim_irq_wq)
		return -ENOMEM;
	amp_sim_debugfs = debugfs_create_dir("amp_sim", NULL);

	mutex_lock(&amp_sim_lock);
	ret = amp_sim_declare(procs ? procs : "");
	if (ret)
		amp_sim_remove_all();
	mutex_unlock(&amp_sim_lock);
	if (ret) {
		debugfs_remove_recursive(amp_sim_debugfs);
		destroy_workqueue(amp_sim_irq_wq);
	}
	return ret;
}
module_init(amp_sim_init);

static void __exit amp_sim_exit(void)
{
	mutex_lock(&amp_sim_lock);
	amp_sim_remove_all();
	mutex_unlock(&amp_sim_lock);
	debugfs_remove_recursive(amp_sim_debugfs);
	destroy_workqueue(amp_sim_irq_wq);
}
module_exit(amp_sim_exit);

MODULE_LICENSE("GPL");
/*
 * The messaging stack over the processors' vdevs: the rpmsg virtio driver
 * pulls in the vdev transport and the bus (a backend is what a user loads;
 * the core cannot name them without a dependency loop).
 */
MODULE_SOFTDEP("post: amp_rpmsg_virtio");
MODULE_DESCRIPTION("ampipc sim remote processor: a software remote for tests and the demo");
MODULE_AUTHOR("ampipc developers");
MODULE_VERSION(AMPIPC_VERSION);
