// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc make bench: userspace echo through an rpmsg character device. The
 * same program measures ampipc's /dev/amp_rpmsgN and mainline's /dev/rpmsgN:
 * everything that differs is a parameter. It creates an endpoint to the echo
 * service through the control node (the ioctl ABI is the same on both), finds
 * the endpoint's node under the control device in sysfs, then times N
 * write+read round trips of SIZE bytes, then destroys the endpoint.
 *
 * usage: rpmsg_echo_bench CTRL_DEV CTRL_SYSFS NODE_PREFIX DST SIZE N
 *   e.g. /dev/amp_rpmsg_ctrl0 /sys/class/amp_rpmsg/amp_rpmsg_ctrl0 amp_rpmsg 0x400 64 2000
 *        /dev/rpmsg_ctrl0 /sys/class/rpmsg/rpmsg_ctrl0 rpmsg 0x400 64 2000
 * Prints: n= size= rtt_med_ns= rtt_p99_ns= rtt_min_ns= rtt_max_ns= msgs_per_s=
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* The control-node ABI shared by mainline's rpmsg_ctrl and ampipc's. */
struct ept_info {
	char name[32];
	uint32_t src;
	uint32_t dst;
};

#define EPT_CREATE	_IOW(0xb5, 0x1, struct ept_info)
#define EPT_DESTROY	_IO(0xb5, 0x2)
#define ADDR_ANY	0xffffffffU

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The node NAME_PREFIXn below SYSFS whose "name" is @name. */
static int find_node(const char *sysfs, const char *prefix, const char *name,
		     char *dev, size_t len)
{
	DIR *d = opendir(sysfs);
	struct dirent *e;
	char path[512], buf[64];
	size_t pl = strlen(prefix);
	int fd, r;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, pl) || e->d_name[pl] < '0' ||
		    e->d_name[pl] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%s/name", sysfs, e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		r = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (r <= 0)
			continue;
		buf[r] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, name))
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
	struct ept_info ei = { .src = ADDR_ANY };
	uint64_t *s, t0, total = 0;
	char dev[300], *msg, *back;
	int ctrl, fd, tries, i, n;
	size_t size;
	ssize_t r;

	if (argc != 7) {
		fprintf(stderr, "usage: %s CTRL_DEV CTRL_SYSFS NODE_PREFIX DST SIZE N\n",
			argv[0]);
		return 2;
	}
	ei.dst = strtoul(argv[4], NULL, 0);
	size = strtoul(argv[5], NULL, 0);
	n = atoi(argv[6]);
	snprintf(ei.name, sizeof(ei.name), "bench-%d", (int)getpid());
	msg = malloc(size);
	back = malloc(size);
	s = calloc(n > 0 ? n : 1, sizeof(*s));
	if (!msg || !back || !s || n <= 0 || !size)
		return 2;
	memset(msg, 0x5a, size);

	ctrl = open(argv[1], O_RDWR);
	if (ctrl < 0 || ioctl(ctrl, EPT_CREATE, &ei)) {
		fprintf(stderr, "%s: create endpoint: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (tries = 0; tries < 100; tries++) {
		if (!find_node(argv[2], argv[3], ei.name, dev, sizeof(dev)))
			break;
		usleep(20000);
	}
	fd = tries < 100 ? open(dev, O_RDWR) : -1;
	if (fd < 0) {
		fprintf(stderr, "no endpoint node for %s under %s\n", ei.name, argv[2]);
		return 1;
	}
	for (i = 0; i < n; i++) {
		t0 = now_ns();
		if (write(fd, msg, size) != (ssize_t)size) {
			fprintf(stderr, "write %d: %s\n", i, strerror(errno));
			return 1;
		}
		r = read(fd, back, size);
		if (r != (ssize_t)size) {
			fprintf(stderr, "read %d: %zd (%s)\n", i, r, strerror(errno));
			return 1;
		}
		s[i] = now_ns() - t0;
		total += s[i];
	}
	ioctl(fd, EPT_DESTROY);
	close(fd);
	close(ctrl);
	qsort(s, n, sizeof(*s), cmp_u64);
	printf("n=%d size=%zu rtt_med_ns=%llu rtt_p99_ns=%llu rtt_min_ns=%llu rtt_max_ns=%llu msgs_per_s=%llu\n",
	       n, size, (unsigned long long)s[n / 2],
	       (unsigned long long)s[n - 1 - n / 100], (unsigned long long)s[0],
	       (unsigned long long)s[n - 1],
	       (unsigned long long)(n * 1000000000ULL / (total ? total : 1)));
	return 0;
}
