// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: a client written against mainline's rpmsg uapi (<linux/rpmsg.h>
 * from linux-libc-dev), in the way OpenAMP's Linux echo sample drives
 * /dev/rpmsg_ctrl0: create an endpoint, find its /dev/rpmsgN under the
 * control device in sysfs, echo, destroy. Only the paths below differ from
 * a program for mainline's devices; with -s it uses mainline's own paths, to
 * run against the stock rpmsg_ctrl and rpmsg_char (ampipc's interop mode).
 *
 * usage: mainline_compat [-s] DST [COUNT]   (DST: the echo service's address)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/rpmsg.h>

/* ampipc's control device, and (-s) mainline's. */
static const char *ctrl_dev = "/dev/amp_rpmsg_ctrl0";
static const char *ctrl_sysfs = "/sys/class/amp_rpmsg/amp_rpmsg_ctrl0";
static const char *ept_prefix = "amp_rpmsg";

static int n, fails;

static void check(int ok, const char *name)
{
	printf("%sok %d - compat.%s%s%s\n", ok ? "" : "not ", ++n, name,
	       ok ? "" : ": ", ok ? "" : strerror(errno));
	fails += !ok;
}

/* The endpoint device whose sysfs name is @name, below the control device. */
static int find_ept(const char *name, char *dev, size_t len)
{
	DIR *d = opendir(ctrl_sysfs);
	struct dirent *e;
	char path[512], buf[64];
	int fd, r;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, ept_prefix, strlen(ept_prefix)))
			continue;
		snprintf(path, sizeof(path), "%s/%s/name", ctrl_sysfs, e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		r = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (r <= 0)
			continue;
		buf[strcspn(buf, "\n")] = '\0';
		buf[r] = '\0';
		if (strncmp(buf, name, strlen(name)) || buf[strlen(name)] != '\0')
			continue;
		snprintf(dev, len, "/dev/%s", e->d_name);
		closedir(d);
		return 0;
	}
	closedir(d);
	return -1;
}

int main(int argc, char **argv)
{
	struct rpmsg_endpoint_info ept = { .name = "compat-ept" };
	char dev[300], msg[64], back[64];
	int ctrl, fd, i, count, r, tries;

	if (argc > 1 && !strcmp(argv[1], "-s")) {
		ctrl_dev = "/dev/rpmsg_ctrl0";
		ctrl_sysfs = "/sys/class/rpmsg/rpmsg_ctrl0";
		ept_prefix = "rpmsg";
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: %s [-s] DST [COUNT]\n", argv[0]);
		return 2;
	}
	count = argc > 2 ? atoi(argv[2]) : 10;
	ept.src = RPMSG_ADDR_ANY;
	ept.dst = strtoul(argv[1], NULL, 0);

	ctrl = open(ctrl_dev, O_RDWR);
	check(ctrl >= 0, "open-ctrl");
	if (ctrl < 0)
		return 1;
	r = ioctl(ctrl, RPMSG_CREATE_EPT_IOCTL, &ept);
	check(r == 0, "create-ept");
	for (tries = 0; tries < 40 && find_ept(ept.name, dev, sizeof(dev)); tries++)
		usleep(50000);
	fd = open(dev, O_RDWR);
	check(fd >= 0, "open-ept");
	if (fd < 0)
		return 1;
	for (i = 0; i < count; i++) {
		int len = snprintf(msg, sizeof(msg), "hello world! %d", i);

		if (write(fd, msg, len) != len)
			break;
		r = read(fd, back, sizeof(back));
		if (r != len || memcmp(msg, back, len))
			break;
	}
	check(i == count, "echo");
	check(ioctl(fd, RPMSG_DESTROY_EPT_IOCTL) == 0, "destroy-ept");
	close(fd);
	close(ctrl);
	return fails ? 1 : 0;
}
