// SPDX-License-Identifier: GPL-2.0
/*
 * amp-rpmsg list: processors (/sys/class/amp_rproc), links with their
 * control nodes, channels (/sys/bus/amp_rpmsg) with src, dst and the node
 * that exports them, and the endpoint nodes made through control nodes.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amp_rpmsg_cli.h"

#define MAXN 256

struct ent {
	char name[256];
	char real[PATH_MAX];	/* resolved sysfs directory */
	char dev_real[PATH_MAX];	/* resolved "device" link (nodes) */
};

static int scan(const char *dir, const char *prefix, struct ent *out, int max)
{
	char path[PATH_MAX + 300];
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.' ||
		    (prefix && strncmp(e->d_name, prefix, strlen(prefix))))
			continue;
		snprintf(out[n].name, sizeof(out[n].name), "%s", e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!realpath(path, out[n].real))
			continue;
		snprintf(path, sizeof(path), "%s/%s/device", dir, e->d_name);
		if (!realpath(path, out[n].dev_real))
			out[n].dev_real[0] = '\0';
		n++;
	}
	closedir(d);
	return n;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

static const char *under(const char *real, struct ent *procs, int np)
{
	size_t l;
	int i;

	for (i = 0; i < np; i++) {
		l = strlen(procs[i].real);
		if (!strncmp(real, procs[i].real, l) && real[l] == '/')
			return procs[i].name;
	}
	return "-";
}

int cmd_list(int argc, char **argv)
{
	static struct ent procs[MAXN], nodes[MAXN], chans[MAXN];
	char a[128], b[128], c[128], link[256], key[300], *p;
	int np, nn, nc, i, j;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		puts("usage: amp-rpmsg list\n\n"
		     "Lists the remote processors with their state, the rpmsg links with\n"
		     "their control nodes, every channel with its link, processor, src,\n"
		     "dst and the /dev/amp_rpmsgN that exports it (- if none), and the\n"
		     "endpoint nodes made through control nodes.");
		return EX_OK;
	}
	if (argc > 1)
		return amp_err(EX_USAGE, NULL, NULL, "list takes no arguments");

	np = scan(AMP_SYSFS_RPROC, NULL, procs, MAXN);
	nn = scan(AMP_SYSFS_CLASS, "amp_rpmsg", nodes, MAXN);
	nc = scan(AMP_SYSFS_BUS, NULL, chans, MAXN);
	if (nc < 0)
		return amp_err(EX_NOCHAN, AMP_SYSFS_BUS, NULL,
			       "%s (is amp_rpmsg loaded?)", strerror(errno));
	if (np < 0)
		np = 0;
	if (nn < 0)
		nn = 0;
	qsort(procs, np, sizeof(procs[0]), cmp);
	qsort(nodes, nn, sizeof(nodes[0]), cmp);
	qsort(chans, nc, sizeof(chans[0]), cmp);

	printf("%-20s %s\n", "PROCESSOR", "STATE");
	for (i = 0; i < np; i++) {
		if (amp_read_attr(procs[i].real, "state", a, sizeof(a)))
			snprintf(a, sizeof(a), "?");
		printf("%-20s %s\n", procs[i].name, a);
	}

	printf("\n%-20s %-20s %s\n", "LINK", "PROCESSOR", "CONTROL");
	for (i = 0; i < nn; i++) {
		if (strncmp(nodes[i].name, "amp_rpmsg_ctrl", 14))
			continue;
		if (amp_read_attr(nodes[i].real, "link", a, sizeof(a)))
			continue;
		printf("%-20s %-20s /dev/%s\n", a, under(nodes[i].real, procs, np),
		       nodes[i].name);
	}

	printf("\n%-24s %-16s %-12s %-10s %-10s %s\n", "CHANNEL", "LINK",
	       "PROCESSOR", "SRC", "DST", "EXPORTED");
	for (i = 0; i < nc; i++) {
		const char *node = "-";

		if (amp_read_attr(chans[i].real, "name", a, sizeof(a)) ||
		    amp_read_attr(chans[i].real, "src", b, sizeof(b)) ||
		    amp_read_attr(chans[i].real, "dst", c, sizeof(c)))
			continue;
		/* Device name: LINK.NAME.SRC.DST */
		snprintf(link, sizeof(link), "%s", chans[i].name);
		snprintf(key, sizeof(key), ".%s.", a);
		p = NULL;
		for (char *q = strstr(link, key); q; q = strstr(q + 1, key))
			p = q;
		if (p)
			*p = '\0';
		for (j = 0; j < nn; j++)
			if (!strcmp(nodes[j].dev_real, chans[i].real))
				node = nodes[j].name;
		printf("%-24s %-16s %-12s %-10s %-10s %s%s\n", a, link,
		       under(chans[i].real, procs, np), b, c,
		       strcmp(node, "-") ? "/dev/" : "", node);
	}

	for (i = j = 0; i < nn; i++) {
		if (strncmp(nodes[i].name, "amp_rpmsg_ctrl", 14) == 0 ||
		    amp_read_attr(nodes[i].real, "kind", a, sizeof(a)) ||
		    strcmp(a, "endpoint"))
			continue;
		if (!j++)
			printf("\n%-24s %-16s %-10s %-10s %s\n", "ENDPOINT", "LINK",
			       "SRC", "DST", "NODE");
		amp_read_attr(nodes[i].real, "name", a, sizeof(a));
		amp_read_attr(nodes[i].real, "link", link, sizeof(link));
		amp_read_attr(nodes[i].real, "src", b, sizeof(b));
		amp_read_attr(nodes[i].real, "dst", c, sizeof(c));
		printf("%-24s %-16s %-10s %-10s /dev/%s\n", a, link, b, c,
		       nodes[i].name);
	}
	return EX_OK;
}
