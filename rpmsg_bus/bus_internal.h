/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: state shared between the objects of amp_rpmsg.ko, not exported.
 */
#ifndef AMPIPC_RPMSG_BUS_INTERNAL_H
#define AMPIPC_RPMSG_BUS_INTERNAL_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/wait.h>

#include <ampipc/addr_alloc.h>
#include <ampipc/rpmsg.h>

struct dentry;
struct fwnode_handle;

/* Module parameter addr_reuse_delay: default quarantine depth. */
extern unsigned int amp_rpmsg_addr_reuse_delay;
/* Module parameters of the bus (bus_module.c). */
extern unsigned int amp_rpmsg_send_timeout_ms;
extern unsigned int amp_rpmsg_ns_max_channels;
extern unsigned int amp_rpmsg_rxq_depth;
extern char *amp_rpmsg_channels_param;

/**
 * struct amp_rpmsg_link - one connection to a remote, made by a transport
 * @ref: the transport, every endpoint and every channel hold one
 * @name: from the configuration
 * @parent: the transport's device
 * @ops: transport operations
 * @priv: transport-private pointer
 * @flags: %AMP_RPMSG_LINK_* flags
 * @tx_mtu: largest payload sent
 * @rx_mtu: largest payload received
 * @max_ns: cap on channels created by announcements
 * @addrs: endpoint addresses
 * @lock: protects @epts, @nr_ns, @dead and the channel list
 * @chan_lock: serialises adding and removing channel devices
 * @channels: channel devices
 * @epts: endpoints (for debugfs)
 * @nr_ns: channels created by announcements
 * @dead: unregistered: nothing new may start
 * @ops_sem: held for reading around transport calls, for writing once by
 *	amp_rpmsg_link_unregister() to wait for them
 * @tx_wq: senders waiting for a buffer, and pollers
 * @ns_ept: the name-service endpoint, when the remote speaks it
 * @dbg: debugfs directory
 * @stats: counters, see &enum amp_rpmsg_stat
 * @cfg_channels: static channels of the configuration
 * @cfg_nr_channels: entries in @cfg_channels
 * @cfg_fwnode: firmware node with static channel children
 * @notify_node: in the list of links of notify.c
 */
struct amp_rpmsg_link {
	struct kref ref;
	char name[64];
	struct device *parent;
	const struct amp_rpmsg_transport_ops *ops;
	void *priv;
	unsigned int flags;
	size_t tx_mtu;
	size_t rx_mtu;
	unsigned int max_ns;
	struct amp_addr_space addrs;
	struct mutex lock;
	struct mutex chan_lock;
	struct list_head channels;
	struct list_head epts;
	unsigned int nr_ns;
	bool dead;
	struct rw_semaphore ops_sem;
	wait_queue_head_t tx_wq;
	struct amp_rpmsg_endpoint *ns_ept;
	struct dentry *dbg;
	atomic_long_t stats[AMP_RPMSG_NR_STATS];
	const struct amp_rpmsg_channel_info *cfg_channels;
	unsigned int cfg_nr_channels;
	struct fwnode_handle *cfg_fwnode;
	struct list_head notify_node;
};

extern struct dentry *amp_rpmsg_debugfs_root;

int amp_rpmsg_bus_init(void);
void amp_rpmsg_bus_exit(void);
void amp_rpmsg_debugfs_link_add(struct amp_rpmsg_link *link);
void amp_rpmsg_debugfs_link_remove(struct amp_rpmsg_link *link);
int amp_rpmsg_ns_start(struct amp_rpmsg_link *link);
void amp_rpmsg_ns_announce(struct amp_rpmsg_device *rpdev, u32 flags);
void amp_rpmsg_static_channels(struct amp_rpmsg_link *link);
struct amp_rpmsg_endpoint *
amp_rpmsg_ept_new(struct amp_rpmsg_link *link, struct amp_rpmsg_device *rpdev,
		  amp_rpmsg_rx_cb_t cb, void *priv, u32 addr);
void amp_rpmsg_link_get(struct amp_rpmsg_link *link);
void amp_rpmsg_notify_init(void);
void amp_rpmsg_notify_exit(void);
void amp_rpmsg_notify_link_add(struct amp_rpmsg_link *link);
void amp_rpmsg_notify_link_remove(struct amp_rpmsg_link *link);
void amp_rpmsg_notify_channel(struct amp_rpmsg_device *rpdev,
			      enum amp_rpmsg_event ev);

#endif /* AMPIPC_RPMSG_BUS_INTERNAL_H */
