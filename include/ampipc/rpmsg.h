/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: the amp_rpmsg bus, its client API and its transport API.
 *
 * A link is one connection to a remote processor, provided by a transport
 * (virtio today). Channels are devices on the bus "amp_rpmsg": each has a
 * name, a local address (src) and a remote address (dst). Drivers bind to
 * channels by name. Endpoints are the addressable receivers of a link: every
 * channel has one, drivers may create more. docs/rpmsg.md describes the API,
 * its mapping from mainline rpmsg, static channels, the buffer-size
 * extension, flow control and zero-copy.
 */
#ifndef AMPIPC_RPMSG_H
#define AMPIPC_RPMSG_H

#include <linux/device.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <ampipc/rpmsg_wire.h>

struct amp_rpmsg_link;
struct amp_rpmsg_endpoint;
struct fwnode_handle;

#define AMP_RPMSG_ADDR_ANY	0xFFFFFFFFU

/* Returned by an rx callback that keeps the buffer (amp_rpmsg_rx_release()). */
#define AMP_RPMSG_RX_HOLD	1

/**
 * struct amp_rpmsg_channel_info - what identifies a channel
 * @name: NUL-terminated name, at most 31 characters
 * @src: local address, or %AMP_RPMSG_ADDR_ANY
 * @dst: remote address, or %AMP_RPMSG_ADDR_ANY
 */
struct amp_rpmsg_channel_info {
	char name[AMP_RPMSG_NAME_SIZE];
	u32 src;
	u32 dst;
};

/**
 * struct amp_rpmsg_device_id - an entry of a driver's id table
 * @name: channel name the driver serves
 * @driver_data: free for the driver
 */
struct amp_rpmsg_device_id {
	char name[AMP_RPMSG_NAME_SIZE];
	kernel_ulong_t driver_data;
};

/* Channel flags (struct amp_rpmsg_device.flags). */
/* Created by a name-service announcement of the remote. */
#define AMP_RPMSG_CH_NS		BIT(0)
/* Static: from the backend's table, a firmware node or the module parameter. */
#define AMP_RPMSG_CH_STATIC	BIT(1)
/* The host announces the channel's endpoint when the name service is on. */
#define AMP_RPMSG_CH_ANNOUNCE	BIT(2)

/**
 * struct amp_rpmsg_device - a channel on the amp_rpmsg bus
 * @dev: the device
 * @link: the link it belongs to
 * @name: channel name (the match key and the modalias)
 * @src: local address; the channel endpoint's address while bound
 * @dst: remote address
 * @flags: %AMP_RPMSG_CH_* flags
 * @ept: the channel endpoint while a driver with a callback is bound
 * @id: the id-table entry that matched, while bound
 * @node: in the link's channel list (private)
 *
 * Drivers read the fields; they must not change them.
 */
struct amp_rpmsg_device {
	struct device dev;
	struct amp_rpmsg_link *link;
	char name[AMP_RPMSG_NAME_SIZE];
	u32 src;
	u32 dst;
	unsigned int flags;
	struct amp_rpmsg_endpoint *ept;
	const struct amp_rpmsg_device_id *id;
	struct list_head node;
};

/**
 * typedef amp_rpmsg_rx_cb_t - receive callback of an endpoint
 * @ept: the endpoint
 * @data: payload; it points into the shared buffer and is only valid during
 *	the call, unless the callback returns %AMP_RPMSG_RX_HOLD
 * @len: payload bytes
 * @priv: the endpoint's private pointer
 * @src: the sender's address
 *
 * Runs in process context (it may sleep, briefly: it holds up the link's
 * receive queue), never concurrently with itself for one endpoint.
 *
 * Return: 0; %AMP_RPMSG_RX_HOLD to keep the buffer until
 * amp_rpmsg_rx_release(); a negative errno is counted and otherwise ignored.
 */
typedef int (*amp_rpmsg_rx_cb_t)(struct amp_rpmsg_endpoint *ept, void *data,
				 size_t len, void *priv, u32 src);

/**
 * struct amp_rpmsg_endpoint - an addressable receiver on a link
 * @link: the link
 * @rpdev: the channel it belongs to, or NULL
 * @addr: local address
 * @priv: the private pointer given at creation
 *
 * Only the fields above are for drivers (read only); the rest is private.
 */
struct amp_rpmsg_endpoint {
	struct amp_rpmsg_link *link;
	struct amp_rpmsg_device *rpdev;
	u32 addr;
	void *priv;

	/* private: */
	struct kref ref;
	struct mutex cb_lock;	/* serialises the callback against destroy */
	amp_rpmsg_rx_cb_t cb;
	bool dead;
	spinlock_t rxq_lock;	/* the queue of a callback-less endpoint */
	struct list_head rxq;
	unsigned int rxq_len;
	unsigned int rxq_max;
	wait_queue_head_t rxq_wait;
	atomic_long_t rx_msgs;
	atomic_long_t rx_drops;
	atomic_long_t tx_msgs;
	struct list_head node;
	struct rcu_head rcu;
};

/**
 * struct amp_rpmsg_driver - a channel driver
 * @drv: the driver core's part
 * @id_table: names served, ended by an empty entry
 * @probe: a matching channel appeared (its endpoint exists when @callback
 *	is set)
 * @remove: the channel goes away; release held buffers and extra endpoints
 * @callback: rx callback of the channel endpoint; without it no channel
 *	endpoint is created
 */
struct amp_rpmsg_driver {
	struct device_driver drv;
	const struct amp_rpmsg_device_id *id_table;
	int (*probe)(struct amp_rpmsg_device *rpdev);
	void (*remove)(struct amp_rpmsg_device *rpdev);
	amp_rpmsg_rx_cb_t callback;
};

#define to_amp_rpmsg_device(d) container_of(d, struct amp_rpmsg_device, dev)
#define to_amp_rpmsg_driver(d) container_of(d, struct amp_rpmsg_driver, drv)

int amp_rpmsg_driver_register(struct amp_rpmsg_driver *drv,
				struct module *owner);
/**
 * amp_rpmsg_register_driver() - register a channel driver
 * @drv: the driver
 *
 * See amp_rpmsg_driver_register().
 */
#define amp_rpmsg_register_driver(drv) \
	amp_rpmsg_driver_register(drv, THIS_MODULE)
void amp_rpmsg_unregister_driver(struct amp_rpmsg_driver *drv);

/**
 * module_amp_rpmsg_driver() - a module that only registers a channel driver
 * @__drv: the struct amp_rpmsg_driver
 */
#define module_amp_rpmsg_driver(__drv) \
	module_driver(__drv, amp_rpmsg_register_driver, \
		      amp_rpmsg_unregister_driver)

/**
 * AMP_RPMSG_MODULE_ALIAS() - let udev/modprobe load the module for a channel
 * @name: channel name, a string literal
 *
 * Out-of-tree modules cannot add a device-table type to modpost, so every
 * name of the id table needs one of these; a channel's uevent carries
 * ``MODALIAS=amp_rpmsg:<name>``.
 */
#define AMP_RPMSG_MODULE_ALIAS(name) MODULE_ALIAS("amp_rpmsg:" name)

/* endpoints */
struct amp_rpmsg_endpoint *
amp_rpmsg_create_ept(struct amp_rpmsg_device *rpdev, amp_rpmsg_rx_cb_t cb,
		     void *priv, struct amp_rpmsg_channel_info chinfo);
struct amp_rpmsg_endpoint *
amp_rpmsg_link_create_ept(struct amp_rpmsg_link *link, amp_rpmsg_rx_cb_t cb,
			  void *priv, u32 addr);
void amp_rpmsg_destroy_ept(struct amp_rpmsg_endpoint *ept);
int amp_rpmsg_ept_set_rxq_depth(struct amp_rpmsg_endpoint *ept,
				unsigned int depth);

/* sending */
int amp_rpmsg_send(struct amp_rpmsg_endpoint *ept, const void *data,
		   size_t len);
int amp_rpmsg_sendto(struct amp_rpmsg_endpoint *ept, const void *data,
		     size_t len, u32 dst);
int amp_rpmsg_send_offchannel(struct amp_rpmsg_endpoint *ept, u32 src,
			      u32 dst, const void *data, size_t len);
int amp_rpmsg_trysend(struct amp_rpmsg_endpoint *ept, const void *data,
		      size_t len);
int amp_rpmsg_trysendto(struct amp_rpmsg_endpoint *ept, const void *data,
			size_t len, u32 dst);
int amp_rpmsg_trysend_offchannel(struct amp_rpmsg_endpoint *ept, u32 src,
				 u32 dst, const void *data, size_t len);
int amp_rpmsg_send_timeout(struct amp_rpmsg_endpoint *ept, u32 src, u32 dst,
			   const void *data, size_t len, long timeout);
__poll_t amp_rpmsg_poll(struct amp_rpmsg_endpoint *ept, struct file *filp,
			poll_table *wait);
ssize_t amp_rpmsg_get_mtu(struct amp_rpmsg_endpoint *ept);

/* zero-copy */
void *amp_rpmsg_tx_borrow(struct amp_rpmsg_endpoint *ept, size_t *room,
			  long timeout);
int amp_rpmsg_tx_send(struct amp_rpmsg_endpoint *ept, void *buf, u32 src,
		      u32 dst, size_t len);
void amp_rpmsg_tx_return(struct amp_rpmsg_endpoint *ept, void *buf);
void amp_rpmsg_rx_release(struct amp_rpmsg_endpoint *ept, void *data);

/* the queue of a callback-less endpoint */
ssize_t amp_rpmsg_recv(struct amp_rpmsg_endpoint *ept, void *buf, size_t len,
		       u32 *src, long timeout);

/* channels */
struct amp_rpmsg_device *
amp_rpmsg_create_channel(struct amp_rpmsg_link *link,
			 const struct amp_rpmsg_channel_info *chinfo,
			 unsigned int flags);
int amp_rpmsg_release_channel(struct amp_rpmsg_link *link,
			      const struct amp_rpmsg_channel_info *chinfo);

/* parsers of untrusted or user input, exported for the tests */
int amp_rpmsg_ns_parse(const void *data, size_t len,
		       struct amp_rpmsg_channel_info *out, bool *destroy);
int amp_rpmsg_parse_static(const char *spec, const char *link,
			   struct amp_rpmsg_channel_info *out, unsigned int max);

/* ------------------------------------------------------------------ */
/* transport side */

/**
 * enum amp_rpmsg_stat - per-link counters (debugfs ``stats``)
 * @AMP_RPMSG_ST_RX: messages delivered
 * @AMP_RPMSG_ST_TX: messages sent
 * @AMP_RPMSG_ST_RX_UNKNOWN_DST: no endpoint at the destination
 * @AMP_RPMSG_ST_RX_BAD_LEN: used length of a buffer out of range
 * @AMP_RPMSG_ST_RX_BAD_HDR: header length beyond the buffer
 * @AMP_RPMSG_ST_RX_BAD_BUF: buffer outside the shared buffer area
 * @AMP_RPMSG_ST_TX_BAD_BUF: returned tx buffer outside the area
 * @AMP_RPMSG_ST_RX_DROPS: rx queue of an endpoint full
 * @AMP_RPMSG_ST_RX_CB_ERR: rx callback returned an error
 * @AMP_RPMSG_ST_BAD_VRING: notification for a vring that does not exist
 * @AMP_RPMSG_ST_VRING_BROKEN: the remote broke a vring
 * @AMP_RPMSG_ST_TX_TIMEOUT: a sender gave up waiting for a buffer
 * @AMP_RPMSG_ST_NS_BAD_LEN: announcement not 40 bytes
 * @AMP_RPMSG_ST_NS_BAD_NAME: name empty or not NUL-terminated
 * @AMP_RPMSG_ST_NS_BAD_FLAGS: flags neither create nor destroy
 * @AMP_RPMSG_ST_NS_BAD_ADDR: address is ANY
 * @AMP_RPMSG_ST_NS_DUP: channel exists already
 * @AMP_RPMSG_ST_NS_TOO_MANY: channel cap reached
 * @AMP_RPMSG_ST_NS_UNKNOWN: destroy for a channel that does not exist
 * @AMP_RPMSG_ST_BAD_CONFIG: rejected buffer-size extension values
 * @AMP_RPMSG_NR_STATS: number of counters
 */
enum amp_rpmsg_stat {
	AMP_RPMSG_ST_RX,
	AMP_RPMSG_ST_TX,
	AMP_RPMSG_ST_RX_UNKNOWN_DST,
	AMP_RPMSG_ST_RX_BAD_LEN,
	AMP_RPMSG_ST_RX_BAD_HDR,
	AMP_RPMSG_ST_RX_BAD_BUF,
	AMP_RPMSG_ST_TX_BAD_BUF,
	AMP_RPMSG_ST_RX_DROPS,
	AMP_RPMSG_ST_RX_CB_ERR,
	AMP_RPMSG_ST_BAD_VRING,
	AMP_RPMSG_ST_VRING_BROKEN,
	AMP_RPMSG_ST_TX_TIMEOUT,
	AMP_RPMSG_ST_NS_BAD_LEN,
	AMP_RPMSG_ST_NS_BAD_NAME,
	AMP_RPMSG_ST_NS_BAD_FLAGS,
	AMP_RPMSG_ST_NS_BAD_ADDR,
	AMP_RPMSG_ST_NS_DUP,
	AMP_RPMSG_ST_NS_TOO_MANY,
	AMP_RPMSG_ST_NS_UNKNOWN,
	AMP_RPMSG_ST_BAD_CONFIG,
	AMP_RPMSG_NR_STATS,
};

/**
 * struct amp_rpmsg_transport_ops - what a transport implements
 * @tx_get: take a free transmit buffer without sleeping; return a pointer
 *	to its payload area and its size in *@room, or ERR_PTR(-EAGAIN) when
 *	none is free (the transport then calls amp_rpmsg_link_tx_done() when
 *	one comes back), or another ERR_PTR
 * @tx_send: send @len bytes at @buf (from @tx_get) from @src to @dst; the
 *	buffer is the transport's again, whatever the result
 * @tx_put: give back an unsent buffer from @tx_get
 * @tx_ready: whether @tx_get would find a buffer now
 * @rx_release: a buffer whose callback returned %AMP_RPMSG_RX_HOLD is
 *	released; @data is the payload pointer that was delivered
 *
 * Every callback may be called in process context only, with the link
 * alive (the core stops calling them before amp_rpmsg_link_unregister()
 * returns). An SMD-style transport implements the same five.
 */
struct amp_rpmsg_transport_ops {
	void *(*tx_get)(struct amp_rpmsg_link *link, size_t *room);
	int (*tx_send)(struct amp_rpmsg_link *link, void *buf, u32 src, u32 dst,
		       size_t len);
	void (*tx_put)(struct amp_rpmsg_link *link, void *buf);
	bool (*tx_ready)(struct amp_rpmsg_link *link);
	void (*rx_release)(struct amp_rpmsg_link *link, void *data);
};

/* Link flags. */
/* The remote speaks the name service (feature bit 0 negotiated). */
#define AMP_RPMSG_LINK_NS	BIT(0)

/**
 * struct amp_rpmsg_link_config - what a transport tells the core
 * @name: unique name (debugfs directory, logs, ``channels`` parameter)
 * @parent: the transport's device, parent of the channel devices
 * @ops: transport operations
 * @priv: transport-private pointer, see amp_rpmsg_link_priv()
 * @flags: %AMP_RPMSG_LINK_* flags
 * @tx_mtu: largest payload the transport can send
 * @rx_mtu: largest payload the transport can receive
 * @channels: static channels from the backend (may be NULL; must stay
 *	valid until amp_rpmsg_link_start() returns)
 * @nr_channels: entries in @channels
 * @fwnode: firmware node whose children describe static channels (may be
 *	NULL)
 * @max_ns_channels: cap on channels the remote may announce; 0 for the
 *	module parameter ``ns_max_channels``
 */
struct amp_rpmsg_link_config {
	const char *name;
	struct device *parent;
	const struct amp_rpmsg_transport_ops *ops;
	void *priv;
	unsigned int flags;
	size_t tx_mtu;
	size_t rx_mtu;
	const struct amp_rpmsg_channel_info *channels;
	unsigned int nr_channels;
	struct fwnode_handle *fwnode;
	unsigned int max_ns_channels;
};

struct amp_rpmsg_link *
amp_rpmsg_link_register(const struct amp_rpmsg_link_config *cfg);
void amp_rpmsg_link_start(struct amp_rpmsg_link *link);
void amp_rpmsg_link_unregister(struct amp_rpmsg_link *link);
void amp_rpmsg_link_put(struct amp_rpmsg_link *link);
void *amp_rpmsg_link_priv(struct amp_rpmsg_link *link);
const char *amp_rpmsg_link_name(struct amp_rpmsg_link *link);
int amp_rpmsg_link_receive(struct amp_rpmsg_link *link, u32 src, u32 dst,
			   void *data, size_t len);
void amp_rpmsg_link_tx_done(struct amp_rpmsg_link *link);
void amp_rpmsg_link_count(struct amp_rpmsg_link *link,
			  enum amp_rpmsg_stat stat);
unsigned long amp_rpmsg_link_stat(struct amp_rpmsg_link *link,
				  enum amp_rpmsg_stat stat);
unsigned int amp_rpmsg_link_nr_channels(struct amp_rpmsg_link *link);
struct amp_rpmsg_device *
amp_rpmsg_link_find_channel(struct amp_rpmsg_link *link, const char *name,
			    u32 dst);
unsigned long amp_rpmsg_ept_drops(struct amp_rpmsg_endpoint *ept);

/* ------------------------------------------------------------------ */
/* events: links and channels coming and going (character devices) */

struct notifier_block;

/**
 * enum amp_rpmsg_event - what an amp_rpmsg notifier is told
 * @AMP_RPMSG_LINK_ADDED: a link is up (before its channels appear)
 * @AMP_RPMSG_LINK_REMOVED: a link is going away (after its channels);
 *	sends on it fail from now on
 * @AMP_RPMSG_CHANNEL_ADDED: a channel device was added
 * @AMP_RPMSG_CHANNEL_REMOVED: a channel device is about to be removed
 */
enum amp_rpmsg_event {
	AMP_RPMSG_LINK_ADDED,
	AMP_RPMSG_LINK_REMOVED,
	AMP_RPMSG_CHANNEL_ADDED,
	AMP_RPMSG_CHANNEL_REMOVED,
};

/**
 * struct amp_rpmsg_event_info - the data of an amp_rpmsg event
 * @link: the link; valid until the notifier returns from
 *	%AMP_RPMSG_LINK_REMOVED
 * @rpdev: the channel for channel events, else NULL; take a reference to
 *	keep it past the call
 */
struct amp_rpmsg_event_info {
	struct amp_rpmsg_link *link;
	struct amp_rpmsg_device *rpdev;
};

int amp_rpmsg_register_notifier(struct notifier_block *nb);
void amp_rpmsg_unregister_notifier(struct notifier_block *nb);
struct device *amp_rpmsg_link_parent(struct amp_rpmsg_link *link);
size_t amp_rpmsg_link_tx_mtu(struct amp_rpmsg_link *link);

#endif /* AMPIPC_RPMSG_H */
