// SPDX-License-Identifier: GPL-2.0
/*
 * Boot dependencies between processors.
 *
 * The graph is a list of edges per processor (amp_rproc.deps: "this one
 * needs that one"), changed and walked only under amp_rproc_mutex. It is
 * kept acyclic: an edge that would close a cycle is refused with -ELOOP when
 * it is declared (amp_rproc_add_dependency()) or, for the "amp,depends-on"
 * firmware-node property, when it is resolved at the first boot.
 *
 * Booting a processor takes a reference on each dependency in declaration
 * order; each of those boots its own dependencies first, so the processors
 * come up in topological order. A failure drops the references already
 * taken, in reverse order, which stops whatever this boot brought up. The
 * shutdown drops them in reverse order too.
 */
#include <linux/device.h>
#include <linux/fwnode.h>
#include <linux/module.h>
#include <linux/property.h>
#include <linux/slab.h>

#include "rproc_internal.h"

#define AMP_DEPENDS_ON	"amp,depends-on"

static unsigned int amp_rproc_gen;

static struct amp_rproc_dep *amp_rproc_find_edge(struct amp_rproc *rproc,
						 struct amp_rproc *dep)
{
	struct amp_rproc_dep *e;

	list_for_each_entry(e, &rproc->deps, node)
		if (e->dep == dep)
			return e;
	return NULL;
}

/* Does @from depend, directly or not, on @to? */
static bool amp_rproc_reaches_gen(struct amp_rproc *from, struct amp_rproc *to,
				  unsigned int gen)
{
	struct amp_rproc_dep *e;

	if (from == to)
		return true;
	if (from->mark == gen)
		return false;
	from->mark = gen;
	list_for_each_entry(e, &from->deps, node)
		if (amp_rproc_reaches_gen(e->dep, to, gen))
			return true;
	return false;
}

static bool amp_rproc_reaches(struct amp_rproc *from, struct amp_rproc *to)
{
	return amp_rproc_reaches_gen(from, to, ++amp_rproc_gen);
}

static int amp_rproc_link(struct amp_rproc *rproc, struct amp_rproc *dep,
			  bool from_fwnode)
{
	struct amp_rproc_dep *e;

	if (amp_rproc_find_edge(rproc, dep))
		return -EEXIST;
	if (amp_rproc_reaches(dep, rproc))
		return -ELOOP;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->dep = dep;
	e->from_fwnode = from_fwnode;
	get_device(&dep->dev);
	list_add_tail(&e->node, &rproc->deps);
	return 0;
}

static void amp_rproc_edge_free(struct amp_rproc_dep *e)
{
	list_del(&e->node);
	put_device(&e->dep->dev);
	kfree(e);
}

/**
 * amp_rproc_add_dependency() - make a processor boot after another one
 * @rproc: the dependent processor
 * @dep: the processor it needs
 *
 * From now on every boot of @rproc first takes a reference on @dep (booting
 * it if needed) and holds it until @rproc stops. When @dep crashes, @rproc
 * is stopped before @dep is recovered and restarted after it.
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL for NULL or ERR_PTR() arguments; -ENODEV if either is
 * not registered; -ELOOP if @dep is @rproc or already depends on @rproc,
 * directly or not; -EEXIST if the dependency exists; -EBUSY if @rproc is
 * powered (dependencies change only while it is down); -ENOMEM.
 */
int amp_rproc_add_dependency(struct amp_rproc *rproc, struct amp_rproc *dep)
{
	int ret;

	if (IS_ERR_OR_NULL(rproc) || IS_ERR_OR_NULL(dep))
		return -EINVAL;
	mutex_lock(&amp_rproc_mutex);
	if (!rproc->registered || !dep->registered)
		ret = -ENODEV;
	else if (rproc == dep)
		ret = -ELOOP;
	else if (atomic_read(&rproc->power))
		ret = -EBUSY;
	else
		ret = amp_rproc_link(rproc, dep, false);
	mutex_unlock(&amp_rproc_mutex);
	if (ret == -ELOOP)
		dev_err(&rproc->dev, "dependency on %s refused: it would form a cycle\n",
			dev_name(&dep->dev));
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_add_dependency);

/**
 * amp_rproc_remove_dependency() - undo amp_rproc_add_dependency()
 * @rproc: the dependent processor
 * @dep: the processor it no longer needs
 *
 * Also removes a dependency that came from "amp,depends-on" once it has
 * been resolved.
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL for NULL or ERR_PTR() arguments; -ENOENT if there is
 * no such dependency; -EBUSY if @rproc is powered.
 */
int amp_rproc_remove_dependency(struct amp_rproc *rproc,
				struct amp_rproc *dep)
{
	struct amp_rproc_dep *e;
	int ret = 0;

	if (IS_ERR_OR_NULL(rproc) || IS_ERR_OR_NULL(dep))
		return -EINVAL;
	mutex_lock(&amp_rproc_mutex);
	e = amp_rproc_find_edge(rproc, dep);
	if (!e)
		ret = -ENOENT;
	else if (atomic_read(&rproc->power) || e->held)
		ret = -EBUSY;
	else
		amp_rproc_edge_free(e);
	mutex_unlock(&amp_rproc_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_remove_dependency);

struct amp_rproc *amp_rproc_find_fwnode(struct fwnode_handle *fwnode)
{
	struct amp_rproc *rproc;

	lockdep_assert_held(&amp_rproc_mutex);
	if (!fwnode)
		return NULL;
	list_for_each_entry(rproc, &amp_rproc_list, node)
		if (rproc->cfg.fwnode == fwnode)
			return rproc;
	return NULL;
}

/* Turn "amp,depends-on" references into edges once their targets exist. */
static int amp_rproc_resolve_fwdeps(struct amp_rproc *rproc)
{
	struct amp_rproc_fwdep *f, *tmp;
	struct amp_rproc *dep;
	int ret;

	list_for_each_entry_safe(f, tmp, &rproc->fwdeps, node) {
		dep = amp_rproc_find_fwnode(f->fwnode);
		if (!dep) {
			dev_err(&rproc->dev, "%s: %pfwP is not a registered processor yet\n",
				AMP_DEPENDS_ON, f->fwnode);
			return -EPROBE_DEFER;
		}
		ret = dep == rproc ? -ELOOP : amp_rproc_link(rproc, dep, true);
		if (ret == -ELOOP) {
			dev_err(&rproc->dev, "%s: dependency on %s would form a cycle\n",
				AMP_DEPENDS_ON, dev_name(&dep->dev));
			return ret;
		}
		if (ret && ret != -EEXIST)
			return ret;
		list_del(&f->node);
		fwnode_handle_put(f->fwnode);
		kfree(f);
	}
	return 0;
}

int amp_rproc_deps_up(struct amp_rproc *rproc)
{
	struct amp_rproc_dep *e;
	int ret;

	lockdep_assert_held(&amp_rproc_mutex);
	ret = amp_rproc_resolve_fwdeps(rproc);
	if (ret)
		return ret;
	list_for_each_entry(e, &rproc->deps, node) {
		ret = amp_rproc_get_locked(e->dep);
		if (ret) {
			dev_err(&rproc->dev, "dependency %s did not boot (%d)\n",
				dev_name(&e->dep->dev), ret);
			amp_rproc_deps_down(rproc);
			return ret;
		}
		e->held = true;
	}
	return 0;
}

void amp_rproc_deps_down(struct amp_rproc *rproc)
{
	struct amp_rproc_dep *e;

	lockdep_assert_held(&amp_rproc_mutex);
	list_for_each_entry_reverse(e, &rproc->deps, node) {
		if (!e->held)
			continue;
		e->held = false;
		amp_rproc_put_locked(e->dep);
	}
}

static int amp_rproc_add_fwdep(struct amp_rproc *rproc,
			       struct fwnode_handle *fwnode)
{
	struct amp_rproc_fwdep *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->fwnode = fwnode_handle_get(fwnode);
	list_add_tail(&f->node, &rproc->fwdeps);
	return 0;
}

/* Read "amp,depends-on"; the references are resolved at the first boot. */
int amp_rproc_deps_read_fwnode(struct amp_rproc *rproc)
{
	struct fwnode_reference_args args;
	unsigned int i;
	int ret;

	if (!rproc->cfg.fwnode)
		return 0;
	for (i = 0; ; i++) {
		ret = fwnode_property_get_reference_args(rproc->cfg.fwnode,
							 AMP_DEPENDS_ON, NULL, 0,
							 i, &args);
		if (ret == -ENOENT)
			return 0;
		if (ret) {
			dev_err(&rproc->dev, "%s: entry %u unreadable (%d)\n",
				AMP_DEPENDS_ON, i, ret);
			return ret;
		}
		ret = amp_rproc_add_fwdep(rproc, args.fwnode);
		fwnode_handle_put(args.fwnode);
		if (ret)
			return ret;
	}
}

/*
 * @rproc is being unregistered and is down, and so are its dependents. Drop
 * its edges; edges of others that point at it go, and those that came from
 * "amp,depends-on" become unresolved references again.
 */
void amp_rproc_deps_unlink(struct amp_rproc *rproc)
{
	struct amp_rproc_dep *e, *tmp;
	struct amp_rproc *other;

	lockdep_assert_held(&amp_rproc_mutex);
	list_for_each_entry_safe(e, tmp, &rproc->deps, node)
		amp_rproc_edge_free(e);
	list_for_each_entry(other, &amp_rproc_list, node) {
		e = amp_rproc_find_edge(other, rproc);
		if (!e)
			continue;
		if (e->from_fwnode && rproc->cfg.fwnode)
			amp_rproc_add_fwdep(other, rproc->cfg.fwnode);
		amp_rproc_edge_free(e);
	}
}

void amp_rproc_deps_free(struct amp_rproc *rproc)
{
	struct amp_rproc_fwdep *f, *tmp;
	struct amp_rproc_dep *e, *etmp;

	list_for_each_entry_safe(f, tmp, &rproc->fwdeps, node) {
		list_del(&f->node);
		fwnode_handle_put(f->fwnode);
		kfree(f);
	}
	list_for_each_entry_safe(e, etmp, &rproc->deps, node)
		amp_rproc_edge_free(e);
}

/* Depth-first, dependencies first: append @r to @out after what it needs. */
static void amp_rproc_topo(struct amp_rproc *r, unsigned int in_set,
			   unsigned int done, struct amp_rproc **out,
			   unsigned int *n, unsigned int max)
{
	struct amp_rproc_dep *e;

	if (r->mark != in_set)
		return;
	r->mark = done;
	list_for_each_entry(e, &r->deps, node)
		amp_rproc_topo(e->dep, in_set, done, out, n, max);
	if (*n < max)
		out[(*n)++] = r;
}

/*
 * The registered processors that depend on @rproc, directly or not, and are
 * in use (hold references), in topological order: each after everything it
 * depends on. Stop them in reverse order, restart them in this order.
 */
unsigned int amp_rproc_dependents(struct amp_rproc *rproc,
				  struct amp_rproc **out, unsigned int max)
{
	unsigned int in_set = ++amp_rproc_gen, done = ++amp_rproc_gen;
	struct amp_rproc *r;
	struct amp_rproc_dep *e;
	unsigned int n = 0;
	bool grew;

	lockdep_assert_held(&amp_rproc_mutex);
	rproc->mark = in_set;
	/* Grow the set of transitive dependents to a fixed point. */
	do {
		grew = false;
		list_for_each_entry(r, &amp_rproc_list, node) {
			if (r->mark == in_set)
				continue;
			list_for_each_entry(e, &r->deps, node) {
				if (e->dep->mark == in_set) {
					r->mark = in_set;
					grew = true;
					break;
				}
			}
		}
	} while (grew);
	rproc->mark = done;
	list_for_each_entry(r, &amp_rproc_list, node)
		amp_rproc_topo(r, in_set, done, out, &n, max);
	/* Keep only those in use. */
	max = n;
	n = 0;
	for (unsigned int i = 0; i < max; i++)
		if (atomic_read(&out[i]->power))
			out[n++] = out[i];
	return n;
}
