/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: state shared between the objects of amp_rpmsg_char.ko.
 */
#ifndef AMPIPC_RPMSG_CHAR_INTERNAL_H
#define AMPIPC_RPMSG_CHAR_INTERNAL_H

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <ampipc/rpmsg.h>

/**
 * enum amp_rchar_kind - what a node is
 * @AMP_RCHAR_CTRL: /dev/amp_rpmsg_ctrlN of a link
 * @AMP_RCHAR_CHANNEL: /dev/amp_rpmsgN of an exported channel
 * @AMP_RCHAR_CREATED: /dev/amp_rpmsgN made by the control node's
 *	CREATE_EPT ioctl
 */
enum amp_rchar_kind {
	AMP_RCHAR_CTRL,
	AMP_RCHAR_CHANNEL,
	AMP_RCHAR_CREATED,
};

/**
 * struct amp_rchar_node - one character device
 * @dev: its device (class amp_rpmsg); the memory lives until its release
 * @cdev: the character device; an open file holds @dev through it
 * @kind: what it is
 * @index: N of its name
 * @list: in amp_rchar_nodes
 * @link_sem: held for reading while @link is used by the control node's
 *	ioctls, for writing when the link goes
 * @lock: protects @link of endpoint nodes, @ept, @dst and the open state
 * @link: the link, NULL once it is gone
 * @link_name: the link's name (sysfs)
 * @ept: the endpoint while the node is open
 * @name: channel or endpoint name
 * @src: configured local address (ANY: dynamic)
 * @dst: remote address
 * @dead: the link or the channel is gone, or the node was destroyed
 * @rxq_lock: protects @rxq and @rxq_len
 * @rxq: received messages not yet read
 * @rxq_len: entries in @rxq
 * @rxq_wait: readers and pollers
 * @rx_msgs: messages queued for readers
 * @tx_msgs: messages sent
 * @rx_drops: messages dropped (queue full, no memory, node dead)
 * @tx_refused: writes refused by the MTU, the size or the rate limit
 * @max_msg_size: size limit of a write, 0: the MTU
 * @rate_limit: writes per second, 0: unlimited
 * @rate_lock: protects @tokens and @last
 * @tokens: token bucket, in ns-scaled messages
 * @last: time of the last refill
 */
struct amp_rchar_node {
	struct device dev;
	struct cdev cdev;
	enum amp_rchar_kind kind;
	int index;
	struct list_head list;
	struct rw_semaphore link_sem;
	struct mutex lock;
	struct amp_rpmsg_link *link;
	char link_name[64];
	struct amp_rpmsg_endpoint *ept;
	char name[AMP_RPMSG_NAME_SIZE];
	u32 src;
	u32 dst;
	bool dead;
	spinlock_t rxq_lock;
	struct list_head rxq;
	unsigned int rxq_len;
	wait_queue_head_t rxq_wait;
	atomic64_t rx_msgs;
	atomic64_t tx_msgs;
	atomic64_t rx_drops;
	atomic64_t tx_refused;
	u32 max_msg_size;
	u32 rate_limit;
	spinlock_t rate_lock;
	u64 tokens;
	u64 last;
};

#define to_amp_rchar_node(d) container_of(d, struct amp_rchar_node, dev)

/**
 * struct amp_rchar_chan - a channel the module has seen
 * @list: in amp_rchar_chans
 * @rpdev: the channel, with a reference
 * @link: its link
 * @node: its node while exported, else NULL
 * @by_ctrl: created by the control node's CREATE_DEV ioctl (exported)
 */
struct amp_rchar_chan {
	struct list_head list;
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_link *link;
	struct amp_rchar_node *node;
	bool by_ctrl;
};

/* char_main.c */
extern struct mutex amp_rchar_lock;
extern struct list_head amp_rchar_nodes;
extern struct list_head amp_rchar_chans;
extern unsigned int amp_rchar_rxq_depth;
struct amp_rchar_node *amp_rchar_node_add(enum amp_rchar_kind kind,
					  struct amp_rpmsg_link *link,
					  struct device *parent,
					  const char *name, u32 src, u32 dst);
void amp_rchar_node_kill(struct amp_rchar_node *node);
void amp_rchar_rescan(void);
int amp_rchar_ctrl_create_dev(struct amp_rpmsg_link *link, const char *name,
			      u32 src, u32 dst);
int amp_rchar_ctrl_release_dev(struct amp_rpmsg_link *link, const char *name,
			       u32 dst);

/* char_policy.c */
bool amp_rchar_exported(struct amp_rpmsg_link *link, const char *name);
void amp_rchar_policy_exit(void);
int amp_rchar_parse_exports(const char *spec, struct list_head *out);
void amp_rchar_free_exports(struct list_head *list);
int amp_rchar_fwnode_exports(struct device *dev, const char *name);

/* char_ept.c and char_ctrl.c */
extern const struct file_operations amp_rchar_ept_fops;
extern const struct file_operations amp_rchar_ctrl_fops;
void amp_rchar_rxq_purge(struct amp_rchar_node *node);

/* char_sysfs.c */
extern const struct attribute_group *amp_rchar_ept_groups[];
extern const struct attribute_group *amp_rchar_ctrl_groups[];

#endif /* AMPIPC_RPMSG_CHAR_INTERNAL_H */
