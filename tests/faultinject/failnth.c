// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: run one system call with the N-th allocation of this task failed
 * (/proc/thread-self/fail-nth, CONFIG_FAULT_INJECTION), and say whether the
 * failure was injected and what the call returned.
 *
 *   failnth N insmod MODULE.ko [PARAMS]    finit_module()
 *   failnth N write PATH STRING            write() to an opened file
 *   failnth N open PATH                    open() O_RDWR (closed after)
 *   failnth N create-ept CTRL NAME DST     CREATE_EPT ioctl of a control node
 *   failnth N create-dev CTRL NAME DST     CREATE_DEV ioctl of a control node
 *   failnth N release-dev CTRL NAME DST    RELEASE_DEV ioctl of a control node
 *   failnth N destroy-ept NODE             DESTROY_EPT ioctl of an endpoint node
 *   failnth N pid PID -- CMD...            arm task PID instead, run CMD
 *                                          (not injected into CMD itself)
 *
 * N = 0 injects nothing. Everything but the call itself (opening files,
 * parsing) happens before the task is armed. Prints
 * "injected=0|1 ret=0|-ERRNO NAME" and exits 0 when the call succeeded,
 * 1 when it failed, 2 on a usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/amp_rpmsg.h>

static int nth_fd = -1;

static void die(const char *what)
{
	fprintf(stderr, "failnth: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void arm(unsigned int n)
{
	char buf[16];
	int len;

	if (!n)
		return;
	len = snprintf(buf, sizeof(buf), "%u", n);
	if (pwrite(nth_fd, buf, len, 0) != len)
		die("arming fail-nth");
}

/* 1 if the armed failure was injected; the task is disarmed. */
static int disarm(unsigned int n)
{
	char buf[16] = "";
	ssize_t len;

	if (!n)
		return 0;
	len = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	if (len < 0)
		die("reading fail-nth");
	if (pwrite(nth_fd, "0", 1, 0) != 1)
		die("disarming fail-nth");
	return strtoul(buf, NULL, 10) == 0;
}

static int report(int injected, int ret, int err)
{
	printf("injected=%d ret=%d %s\n", injected, ret ? -err : 0,
	       ret ? strerrorname_np(err) : "OK");
	return ret ? 1 : 0;
}

static int ctrl_ioctl(unsigned int n, unsigned long cmd, const char *path,
		      const char *name, const char *dst)
{
	struct amp_rpmsg_endpoint_info info = { .src = AMP_RPMSG_ADDR_ANY };
	int fd, ret, err, inj;

	fd = open(path, O_RDWR);
	if (fd < 0)
		die(path);
	snprintf(info.name, sizeof(info.name), "%s", name);
	info.dst = strtoul(dst, NULL, 0);
	arm(n);
	ret = ioctl(fd, cmd, &info);
	err = errno;
	inj = disarm(n);
	close(fd);
	return report(inj, ret, err);
}

int main(int argc, char **argv)
{
	unsigned int n;
	int fd, ret, err, inj, status;
	char path[64];
	pid_t child;

	if (argc < 3)
		goto usage;
	n = strtoul(argv[1], NULL, 0);
	if (strcmp(argv[2], "pid")) {
		nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
		if (nth_fd < 0)
			die("/proc/thread-self/fail-nth");
	}

	if (!strcmp(argv[2], "insmod") && (argc == 4 || argc == 5)) {
		fd = open(argv[3], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die(argv[3]);
		arm(n);
		ret = syscall(SYS_finit_module, fd, argc == 5 ? argv[4] : "", 0);
		err = errno;
		inj = disarm(n);
		return report(inj, ret, err);
	}
	if (!strcmp(argv[2], "write") && argc == 5) {
		size_t len = strlen(argv[4]);

		fd = open(argv[3], O_WRONLY);
		if (fd < 0)
			die(argv[3]);
		arm(n);
		ret = write(fd, argv[4], len) == (ssize_t)len ? 0 : -1;
		err = errno;
		inj = disarm(n);
		close(fd);
		return report(inj, ret, err);
	}
	if (!strcmp(argv[2], "open") && argc == 4) {
		arm(n);
		fd = open(argv[3], O_RDWR);
		err = errno;
		inj = disarm(n);
		if (fd >= 0)
			close(fd);
		return report(inj, fd < 0 ? -1 : 0, err);
	}
	if (!strcmp(argv[2], "create-ept") && argc == 6)
		return ctrl_ioctl(n, AMP_RPMSG_CREATE_EPT_IOCTL, argv[3], argv[4], argv[5]);
	if (!strcmp(argv[2], "create-dev") && argc == 6)
		return ctrl_ioctl(n, AMP_RPMSG_CREATE_DEV_IOCTL, argv[3], argv[4], argv[5]);
	if (!strcmp(argv[2], "release-dev") && argc == 6)
		return ctrl_ioctl(n, AMP_RPMSG_RELEASE_DEV_IOCTL, argv[3], argv[4], argv[5]);
	if (!strcmp(argv[2], "destroy-ept") && argc == 4) {
		fd = open(argv[3], O_RDWR);
		if (fd < 0)
			die(argv[3]);
		arm(n);
		ret = ioctl(fd, AMP_RPMSG_DESTROY_EPT_IOCTL);
		err = errno;
		inj = disarm(n);
		close(fd);
		return report(inj, ret, err);
	}
	if (!strcmp(argv[2], "pid") && argc >= 6 && !strcmp(argv[4], "--")) {
		snprintf(path, sizeof(path), "/proc/%s/fail-nth", argv[3]);
		nth_fd = open(path, O_RDWR);
		if (nth_fd < 0)
			die(path);
		arm(n);
		child = fork();
		if (child < 0)
			die("fork");
		if (!child) {
			execvp(argv[5], argv + 5);
			_exit(127);
		}
		if (waitpid(child, &status, 0) < 0)
			die("waitpid");
		inj = disarm(n);
		ret = WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
		return report(inj, ret, EIO);
	}
usage:
	fprintf(stderr, "usage: failnth N insmod|write|open|create-ept|create-dev|release-dev|destroy-ept|pid ...\n");
	return 2;
}
