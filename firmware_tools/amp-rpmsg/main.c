// SPDX-License-Identifier: GPL-2.0
/*
 * amp-rpmsg: list remote processors and rpmsg channels, talk to exported
 * channels, export and unexport them. See amp-rpmsg.1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "amp_rpmsg_cli.h"

int amp_err(int code, const char *file, const char *field, const char *fmt, ...)
{
	va_list ap;

	fputs("amp-rpmsg: ", stderr);
	if (file)
		fprintf(stderr, "%s: ", file);
	if (field)
		fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

int amp_errno_code(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return EX_PERM;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return EX_NOCHAN;
	case EPIPE:
		return EX_GONE;
	case ETIMEDOUT:
		return EX_TIMEOUT;
	default:
		return EX_FAIL;
	}
}

int amp_read_attr(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[1024];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int amp_resolve(const char *target, const char *link, char *dev, size_t len)
{
	char dir[512], v[128], found[512] = "";
	struct dirent *e;
	int matches = 0;
	DIR *d;

	if (strchr(target, '/')) {
		snprintf(dev, len, "%s", target);
		return 0;
	}
	d = opendir(AMP_SYSFS_CLASS);
	if (!d)
		return amp_err(EX_NOCHAN, AMP_SYSFS_CLASS, NULL,
			       "%s (is amp_rpmsg_char loaded?)", strerror(errno));
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "amp_rpmsg", 9) || e->d_name[9] < '0' ||
		    e->d_name[9] > '9')
			continue;
		snprintf(dir, sizeof(dir), AMP_SYSFS_CLASS "/%s", e->d_name);
		if (amp_read_attr(dir, "name", v, sizeof(v)) || strcmp(v, target))
			continue;
		if (link && (amp_read_attr(dir, "link", v, sizeof(v)) ||
			     strcmp(v, link)))
			continue;
		matches++;
		snprintf(found, sizeof(found), "/dev/%s", e->d_name);
	}
	closedir(d);
	if (!matches)
		return amp_err(EX_NOCHAN, AMP_SYSFS_CLASS, "name",
			       "no node for channel '%s'%s%s (not exported?)",
			       target, link ? " on link " : "", link ?: "");
	if (matches > 1)
		return amp_err(EX_USAGE, AMP_SYSFS_CLASS, "name",
			       "channel '%s' is on %d links: give --link", target,
			       matches);
	snprintf(dev, len, "%s", found);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "list", cmd_list, "processors, links, channels and what is exported" },
	{ "send", cmd_send, "send one message per argument (or stdin line)" },
	{ "recv", cmd_recv, "print received messages" },
	{ "ping", cmd_ping, "round-trip latency to an echo service" },
	{ "export", cmd_export, "give channels a /dev/amp_rpmsgN (root)" },
	{ "unexport", cmd_unexport, "take the node away again (root)" },
};

static void print_usage(FILE *f)
{
	size_t i;

	fputs("usage: amp-rpmsg COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].what);
	fputs("\n'amp-rpmsg COMMAND --help' describes a command; "
	      "man amp-rpmsg gives the exit codes.\n", f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		print_usage(stderr);
		return EX_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		print_usage(stdout);
		return EX_OK;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "amp-rpmsg: unknown command '%s'\n", argv[1]);
	print_usage(stderr);
	return EX_USAGE;
}
