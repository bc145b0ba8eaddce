// SPDX-License-Identifier: GPL-2.0
/*
 * amp_policyd: the part of the userspace policy udev plays
 * (docs/userspace-policy.md, "Opening a channel to a service account"),
 * for the soak's guest, which has no udev: until SIGTERM, every 100 ms, the
 * node of each channel -a NAME:DST names goes to group -g GID, mode 0660;
 * every other node keeps devtmpfs's root:root 0600.
 *
 * Nodes come and go (crashes, root creating and destroying endpoints) and
 * their names and numbers are reused, so the node's inode is taken first
 * (O_PATH) and sysfs is read after: a node replaced meanwhile has a new
 * inode, so only the inode of a node that was the allowed channel is ever
 * changed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MAX_ALLOW	8

static struct { char name[32]; unsigned long dst; } allow[MAX_ALLOW];
static unsigned int nallow;
static gid_t gid = 998;

static int read_attr(const char *node, const char *attr, char *buf, size_t len)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/amp_rpmsg/%.32s/%s", node, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Give one node to the group if it is an allowed channel's. */
static void consider(const char *node)
{
	char name[64], dst[32], dev[32], path[64];
	unsigned int i, maj, min;
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/dev/%.32s", node);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) || st.st_gid == gid ||
	    read_attr(node, "name", name, sizeof(name)) ||
	    read_attr(node, "dst", dst, sizeof(dst)) ||
	    read_attr(node, "dev", dev, sizeof(dev)) ||
	    sscanf(dev, "%u:%u", &maj, &min) != 2 ||
	    major(st.st_rdev) != maj || minor(st.st_rdev) != min)
		goto out;
	for (i = 0; i < nallow; i++) {
		if (strcmp(allow[i].name, name) || strtoul(dst, NULL, 0) != allow[i].dst)
			continue;
		/* chmod through the magic link: the O_PATH fd's inode. */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (fchownat(fd, "", 0, gid, AT_EMPTY_PATH) || chmod(path, 0660))
			perror("amp_policyd");
		break;
	}
out:
	close(fd);
}

int main(int argc, char **argv)
{
	struct dirent *de;
	char *colon;
	DIR *d;
	int opt;

	while ((opt = getopt(argc, argv, "a:g:")) != -1) {
		switch (opt) {
		case 'a':
			colon = strchr(optarg, ':');
			if (!colon || nallow == MAX_ALLOW)
				goto usage;
			snprintf(allow[nallow].name, sizeof(allow[0].name), "%.*s",
				 (int)(colon - optarg), optarg);
			allow[nallow++].dst = strtoul(colon + 1, NULL, 0);
			break;
		case 'g':
			gid = strtoul(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	for (;;) {
		d = opendir("/sys/class/amp_rpmsg");
		while (d && (de = readdir(d)))
			if (!strncmp(de->d_name, "amp_rpmsg", 9) &&
			    de->d_name[9] >= '0' && de->d_name[9] <= '9')
				consider(de->d_name);
		if (d)
			closedir(d);
		usleep(100000);
	}
usage:
	fprintf(stderr, "usage: %s [-g GID] -a NAME:DST...\n", argv[0]);
	return 2;
}
