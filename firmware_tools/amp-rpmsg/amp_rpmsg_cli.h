/* SPDX-License-Identifier: GPL-2.0 */
/* amp-rpmsg: shared declarations of the subcommands. */
#ifndef AMP_RPMSG_CLI_H
#define AMP_RPMSG_CLI_H

#include <stddef.h>

#define AMP_CLI_ATTR(x)	__attribute__((x))
#ifndef __printf
#define __printf(a, b)	AMP_CLI_ATTR(__format__(printf, a, b))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Exit codes (amp-rpmsg.1, EXIT STATUS). */
enum {
	EX_OK = 0,
	EX_FAIL = 1,		/* the operation failed */
	EX_USAGE = 2,
	EX_FILE = 3,		/* a device or sysfs file cannot be used */
	EX_PERM = 4,		/* permission denied */
	EX_NOCHAN = 5,		/* no such processor, channel or node */
	EX_TIMEOUT = 6,		/* no message in time */
	EX_GONE = 7,		/* the channel or the remote went away */
};

#define AMP_SYSFS_CLASS		"/sys/class/amp_rpmsg"
#define AMP_SYSFS_RPROC		"/sys/class/amp_rproc"
#define AMP_SYSFS_BUS		"/sys/bus/amp_rpmsg/devices"
#define AMP_EXPORT_PARAM	"/sys/module/amp_rpmsg_char/parameters/export"

/* Error on stderr: "amp-rpmsg: FILE: FIELD: message"; returns @code. */
int amp_err(int code, const char *file, const char *field, const char *fmt, ...)
	__printf(4, 5);
/* The exit code for an errno of a device operation. */
int amp_errno_code(int err);
int amp_read_attr(const char *dir, const char *attr, char *buf, size_t len);
/* A device path or channel name (optionally on @link) to /dev/amp_rpmsgN. */
int amp_resolve(const char *target, const char *link, char *dev, size_t len);

int cmd_list(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_recv(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_unexport(int argc, char **argv);

#endif /* AMP_RPMSG_CLI_H */
