// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: userspace tests of the rpmsg character devices, run in a guest
 * as root; the unprivileged part runs in a child that drops to --uid/--gid.
 *
 * usage: amp_rpmsg_test [options]
 *   --ctrl PATH       control node (default /dev/amp_rpmsg_ctrl0)
 *   --echo NAME       exported channel whose remote echoes (default rpmsg-echo)
 *   --sink NAME       exported channel whose remote never answers (rpmsg-sink)
 *   --hidden NAME     channel that must not be exported (rpmsg-secret)
 *   --uid N --gid N   the unprivileged identity (default 1000:1000); the
 *                     endpoint nodes must be group rw for N (as our udev
 *                     rules make them for the ampipc group)
 *   --seen CMD        prints how many messages the remote got in all
 *   --crash CMD, --recover CMD, --stall CMD, --unstall CMD
 *                     shell commands that act on the remote; the tests
 *                     needing one are skipped without it
 *
 * Prints "ok N - name" or "not ok N - name (detail)" per check and
 * "N passed, N failed"; exits 1 if anything failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/amp_rpmsg.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct counts { int n, pass, fail, sent; };
static struct counts *res;

static const char *ctrl_path = "/dev/amp_rpmsg_ctrl0";
static const char *echo_name = "rpmsg-echo";
static const char *sink_name = "rpmsg-sink";
static const char *hidden_name = "rpmsg-secret";
static const char *seen_cmd, *crash_cmd, *recover_cmd, *stall_cmd, *unstall_cmd;
static uid_t uid = 1000;
static gid_t gid = 1000;

static void result(int ok, const char *name, const char *fmt, ...)
{
	char detail[256] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	res->n++;
	if (ok) {
		res->pass++;
		printf("ok %d - %s\n", res->n, name);
	} else {
		res->fail++;
		printf("not ok %d - %s (%s)\n", res->n, name, detail);
	}
	fflush(stdout);
}

static void skip(const char *name, const char *why)
{
	res->n++;
	res->pass++;
	printf("ok %d - %s # SKIP %s\n", res->n, name, why);
	fflush(stdout);
}

/* Expect @ret to be -1 with @err. */
static void expect_errno(const char *name, long ret, int err)
{
	int e = errno;

	result(ret == -1 && e == err, name, "got %ld errno %s, want %s",
	       ret, ret == -1 ? strerrorname_np(e) : "none", strerrorname_np(err));
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

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

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -1 : 0;
}

/* /dev path of the endpoint node named @name, or NULL. */
static char *find_node(const char *name, char *out, size_t len, char *sys,
		       size_t slen)
{
	DIR *d = opendir("/sys/class/amp_rpmsg");
	struct dirent *e;
	char path[512], v[64];

	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "amp_rpmsg", 9) || e->d_name[9] < '0' ||
		    e->d_name[9] > '9')
			continue;
		snprintf(path, sizeof(path), "/sys/class/amp_rpmsg/%s/name",
			 e->d_name);
		if (read_file(path, v, sizeof(v)) || strcmp(v, name))
			continue;
		snprintf(out, len, "/dev/%s", e->d_name);
		if (sys)
			snprintf(sys, slen, "/sys/class/amp_rpmsg/%s", e->d_name);
		closedir(d);
		return out;
	}
	closedir(d);
	return NULL;
}

static char *wait_node(const char *name, char *out, size_t len, char *sys,
		       size_t slen, int ms)
{
	for (; ms > 0; ms -= 50) {
		if (find_node(name, out, len, sys, slen) && !access(out, F_OK))
			return out;
		usleep(50000);
	}
	return NULL;
}

/*
 * wait_gone: whether the named channel's node, the one whose sysfs
 * directory has inode ino, goes within ms. A crash wakes the node's users
 * with EPIPE at once; the node goes when the channel's device is removed,
 * a little later, and the recovery may bring a new channel of the same
 * name (and number) back at once: another sysfs directory counts as gone.
 */
static bool wait_gone(const char *name, ino_t ino, char *left, size_t len,
		      int ms)
{
	char sys[300];
	struct stat st;

	for (; ms > 0; ms -= 50) {
		if (!find_node(name, left, len, sys, sizeof(sys)) ||
		    stat(sys, &st) || st.st_ino != ino)
			return true;
		usleep(50000);
	}
	return false;
}

static long seen(void)
{
	FILE *p;
	long v = -1;

	if (!seen_cmd)
		return -1;
	p = popen(seen_cmd, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%ld", &v) != 1)
		v = -1;
	pclose(p);
	return v;
}

static int run(const char *cmd)
{
	return cmd ? system(cmd) : -1;
}

/* Send @len bytes and read the echo back, with a timeout. */
static int echo_once(int fd, size_t len, char *why, size_t wlen)
{
	char out[4096], in[4096];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = (char)(i * 7 + len);
	n = write(fd, out, len);
	if (n != (ssize_t)len) {
		snprintf(why, wlen, "write: %zd %s", n, strerror(errno));
		return -1;
	}
	if (poll(&p, 1, 3000) != 1 || !(p.revents & POLLIN)) {
		snprintf(why, wlen, "no reply (revents 0x%x)", p.revents);
		return -1;
	}
	n = read(fd, in, sizeof(in));
	if (n != (ssize_t)len || memcmp(in, out, len)) {
		snprintf(why, wlen, "read %zd bytes, want %zu equal", n, len);
		return -1;
	}
	return 0;
}

static void test_root_io(const char *echo)
{
	struct amp_rpmsg_node_info info;
	char why[128], buf[600];
	struct pollfd p;
	int fd, fd2, r;

	fd = open(echo, O_RDWR);
	result(fd >= 0, "root.open-echo", "%s: %s", echo, strerror(errno));
	if (fd < 0)
		return;
	r = ioctl(fd, AMP_RPMSG_GET_INFO_IOCTL, &info);
	result(!r && !strcmp(info.name, echo_name) && info.src >= 1024 &&
	       (info.flags & AMP_RPMSG_NODE_CHANNEL), "root.info",
	       "r %d name %s src %u flags 0x%x", r, info.name, info.src,
	       info.flags);
	fd2 = open(echo, O_RDWR);
	expect_errno("root.second-open-ebusy", fd2, EBUSY);
	if (fd2 >= 0)
		close(fd2);
	result(!echo_once(fd, 5, why, sizeof(why)), "io.echo-blocking", "%s", why);
	result(!echo_once(fd, 0, why, sizeof(why)), "io.echo-empty-message", "%s", why);
	result(!echo_once(fd, info.mtu, why, sizeof(why)), "io.echo-mtu",
	       "mtu %u: %s", info.mtu, why);
	expect_errno("io.write-mtu-plus-1-emsgsize", write(fd, buf, info.mtu + 1),
		     EMSGSIZE);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	expect_errno("io.read-nonblock-empty-eagain", read(fd, buf, sizeof(buf)),
		     EAGAIN);
	p = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	r = poll(&p, 1, 0);
	result(r == 1 && p.revents == POLLOUT, "io.poll-idle-pollout",
	       "r %d revents 0x%x", r, p.revents);
	result(!echo_once(fd, 9, why, sizeof(why)), "io.echo-nonblocking", "%s", why);
	/* Short read buffer: the message is cut, as with mainline. */
	r = write(fd, "abcdefgh", 8);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	poll(&p, 1, 3000);
	r = read(fd, buf, 3);
	result(r == 3 && !memcmp(buf, "abc", 3), "io.read-short-buffer-truncates",
	       "read %d", r);
	expect_errno("io.unknown-ioctl-enotty", ioctl(fd, _IO(0xb5, 0x7f)), ENOTTY);
	expect_errno("root.destroy-channel-node-einval",
		     ioctl(fd, AMP_RPMSG_DESTROY_EPT_IOCTL), EINVAL);
	close(fd);
}

static void test_limits(const char *echo, const char *sys)
{
	char path[600], why[128], buf[64] = "x";
	struct amp_rpmsg_node_info info;
	int fd, i, ok = 0;

	fd = open(echo, O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		result(0, "limits.open", "%s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/max_msg_size", sys);
	result(!write_file(path, "16"), "limits.root-sets-max-msg-size", "%s",
	       strerror(errno));
	expect_errno("limits.write-above-size-limit-emsgsize", write(fd, buf, 17),
		     EMSGSIZE);
	result(!echo_once(fd, 16, why, sizeof(why)), "limits.write-at-size-limit",
	       "%s", why);
	ioctl(fd, AMP_RPMSG_GET_INFO_IOCTL, &info);
	result(info.mtu == 16 && info.tx_refused >= 1, "limits.info-reports-limit",
	       "mtu %u refused %llu", info.mtu, (unsigned long long)info.tx_refused);
	write_file(path, "0");
	snprintf(path, sizeof(path), "%s/rate_limit", sys);
	result(!write_file(path, "3"), "limits.root-sets-rate-limit", "%s",
	       strerror(errno));
	close(fd);
	fd = open(echo, O_RDWR | O_NONBLOCK);	/* a full bucket */
	for (i = 0; i < 3; i++)
		ok += write(fd, buf, 1) == 1;
	result(ok == 3, "limits.rate-burst-allowed", "%d of 3", ok);
	expect_errno("limits.rate-exceeded-eagain", write(fd, buf, 1), EAGAIN);
	usleep(400000);
	result(write(fd, buf, 1) == 1, "limits.rate-refills", "%s", strerror(errno));
	write_file(path, "0");
	close(fd);
}

static void test_stall(const char *sink)
{
	struct pollfd p;
	int fd, i, r;
	char b = 0;

	if (!stall_cmd || !unstall_cmd) {
		skip("flow.stall", "no --stall/--unstall");
		return;
	}
	fd = open(sink, O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		result(0, "flow.open-sink", "%s", strerror(errno));
		return;
	}
	run(stall_cmd);
	for (i = 0; i < 1000 && write(fd, &b, 1) == 1; i++)
		;
	expect_errno("flow.no-tx-buffer-eagain", write(fd, &b, 1), EAGAIN);
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	r = poll(&p, 1, 100);
	result(r == 0, "flow.no-pollout-when-full", "r %d revents 0x%x", r,
	       p.revents);
	run(unstall_cmd);
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	r = poll(&p, 1, 3000);
	result(r == 1 && (p.revents & POLLOUT), "flow.pollout-after-drain",
	       "r %d revents 0x%x", r, p.revents);
	close(fd);
}

static void test_ctrl_root(void)
{
	struct amp_rpmsg_endpoint_info ei = { .name = "ut-created" };
	struct amp_rpmsg_node_info info;
	char node[300], why[128], echo[300];
	int cfd, fd, r;

	cfd = open(ctrl_path, O_RDWR);
	result(cfd >= 0, "ctrl.root-open", "%s: %s", ctrl_path, strerror(errno));
	if (cfd < 0)
		return;
	/* The echo service's address, from its channel node. */
	fd = open(find_node(echo_name, echo, sizeof(echo), NULL, 0) ?: "/nonexistent",
		  O_RDWR);
	if (fd >= 0) {
		ioctl(fd, AMP_RPMSG_GET_INFO_IOCTL, &info);
		close(fd);
	}
	ei.src = AMP_RPMSG_ADDR_ANY;
	ei.dst = AMP_RPMSG_ADDR_ANY;
	expect_errno("ctrl.create-ept-dst-any-einval",
		     ioctl(cfd, AMP_RPMSG_CREATE_EPT_IOCTL, &ei), EINVAL);
	ei.dst = info.dst;
	ei.src = 60;	/* reserved: root only */
	r = ioctl(cfd, AMP_RPMSG_CREATE_EPT_IOCTL, &ei);
	result(!r, "ctrl.root-create-ept-reserved-src", "%s", strerror(errno));
	if (!wait_node("ut-created", node, sizeof(node), NULL, 0, 2000)) {
		result(0, "ctrl.created-node-appears", "no node");
		close(cfd);
		return;
	}
	fd = open(node, O_RDWR);
	r = fd >= 0 ? ioctl(fd, AMP_RPMSG_GET_INFO_IOCTL, &info) : -1;
	result(!r && info.src == 60 && (info.flags & AMP_RPMSG_NODE_CREATED),
	       "ctrl.created-node-src", "r %d src %u", r, info.src);
	result(fd >= 0 && !echo_once(fd, 12, why, sizeof(why)),
	       "ctrl.created-node-echo", "%s", why);
	r = ioctl(fd, AMP_RPMSG_DESTROY_EPT_IOCTL);
	result(!r, "ctrl.root-destroy-ept", "%s", strerror(errno));
	expect_errno("ctrl.destroyed-write-epipe", write(fd, "x", 1), EPIPE);
	expect_errno("ctrl.destroyed-read-epipe", read(fd, why, 1), EPIPE);
	close(fd);
	expect_errno("ctrl.destroyed-node-gone", access(node, F_OK), ENOENT);

	/* A channel made through the control node is exported. */
	memset(&ei, 0, sizeof(ei));
	strcpy(ei.name, "ut-dev");
	ei.src = AMP_RPMSG_ADDR_ANY;
	ei.dst = info.dst;
	r = ioctl(cfd, AMP_RPMSG_CREATE_DEV_IOCTL, &ei);
	result(!r, "ctrl.root-create-dev", "%s", strerror(errno));
	expect_errno("ctrl.create-dev-twice-eexist",
		     ioctl(cfd, AMP_RPMSG_CREATE_DEV_IOCTL, &ei), EEXIST);
	result(wait_node("ut-dev", node, sizeof(node), NULL, 0, 2000) != NULL,
	       "ctrl.created-channel-exported", "no node for ut-dev");
	fd = open(node, O_RDWR);
	result(fd >= 0 && !echo_once(fd, 20, why, sizeof(why)),
	       "ctrl.created-channel-echo", "%s", fd < 0 ? strerror(errno) : why);
	r = ioctl(cfd, AMP_RPMSG_RELEASE_DEV_IOCTL, &ei);
	result(!r, "ctrl.root-release-dev", "%s", strerror(errno));
	if (fd >= 0) {
		expect_errno("ctrl.released-channel-write-epipe",
			     write(fd, "x", 1), EPIPE);
		close(fd);
	}
	result(!find_node("ut-dev", node, sizeof(node), NULL, 0),
	       "ctrl.released-channel-node-gone", "%s still there", node);
	expect_errno("ctrl.release-dev-absent-enoent",
		     ioctl(cfd, AMP_RPMSG_RELEASE_DEV_IOCTL, &ei), ENOENT);
	close(cfd);
}

/*
 * The unprivileged half, in a child that dropped root. It counts in
 * res->sent the messages it was allowed to send; the parent checks that the
 * remote got exactly those.
 */
static void test_unpriv(const char *echo, const char *sys)
{
	struct amp_rpmsg_endpoint_info ei = { .name = "evil", .src = 53, .dst = 53 };
	char why[128], path[600], node[300];
	uint32_t dst = 53;
	int fd, cfd;

	result(geteuid() == uid, "unpriv.dropped-root", "euid %d", geteuid());
	fd = open(echo, O_RDWR);
	result(fd >= 0, "unpriv.open-exported-node", "%s: %s", echo, strerror(errno));
	if (fd >= 0) {
		result(!echo_once(fd, 7, why, sizeof(why)), "unpriv.echo", "%s", why);
		res->sent++;
		expect_errno("unpriv.set-dst-eperm",
			     ioctl(fd, AMP_RPMSG_SET_DST_IOCTL, &dst), EPERM);
		expect_errno("unpriv.destroy-eperm",
			     ioctl(fd, AMP_RPMSG_DESTROY_EPT_IOCTL), EPERM);
		result(!echo_once(fd, 8, why, sizeof(why)),
		       "unpriv.dst-unchanged-after-denial", "%s", why);
		res->sent++;
		close(fd);
	}
	snprintf(path, sizeof(path), "%s/rate_limit", sys);
	expect_errno("unpriv.sysfs-limit-eacces", write_file(path, "1"), EACCES);
	snprintf(path, sizeof(path), "%s/max_msg_size", sys);
	expect_errno("unpriv.sysfs-size-eacces", write_file(path, "1"), EACCES);
	expect_errno("unpriv.export-param-eacces",
		     write_file("/sys/module/amp_rpmsg_char/parameters/export",
				"+rpmsg-secret"), EACCES);
	result(!find_node(hidden_name, node, sizeof(node), NULL, 0),
	       "unpriv.hidden-channel-has-no-node", "%s exists", node);
	/* The control node opened despite its mode: ioctls still refused. */
	cfd = open(ctrl_path, O_RDWR);
	if (cfd < 0) {
		result(0, "unpriv.open-ctrl-0666", "%s", strerror(errno));
	} else {
		expect_errno("unpriv.create-ept-reserved-eperm",
			     ioctl(cfd, AMP_RPMSG_CREATE_EPT_IOCTL, &ei), EPERM);
		ei.src = 2000;
		ei.dst = 0x400;
		expect_errno("unpriv.create-ept-eperm",
			     ioctl(cfd, AMP_RPMSG_CREATE_EPT_IOCTL, &ei), EPERM);
		expect_errno("unpriv.create-dev-eperm",
			     ioctl(cfd, AMP_RPMSG_CREATE_DEV_IOCTL, &ei), EPERM);
		expect_errno("unpriv.release-dev-eperm",
			     ioctl(cfd, AMP_RPMSG_RELEASE_DEV_IOCTL, &ei), EPERM);
		close(cfd);
	}
	result(!find_node("evil", node, sizeof(node), NULL, 0),
	       "unpriv.no-node-created", "%s exists", node);
}

struct reader { int fd; ssize_t ret; int err; };

static void *blocked_reader(void *arg)
{
	struct reader *r = arg;
	char b[16];

	r->ret = read(r->fd, b, sizeof(b));
	r->err = errno;
	return NULL;
}

static void test_crash(void)
{
	char echo[300], sys[300], why[128];
	struct reader rd;
	struct pollfd p;
	struct stat st;
	pthread_t t;
	int fd, r;

	if (!crash_cmd || !recover_cmd) {
		skip("crash", "no --crash/--recover");
		return;
	}
	fd = -1;
	if (find_node(echo_name, echo, sizeof(echo), sys, sizeof(sys)) &&
	    !stat(sys, &st))
		fd = open(echo, O_RDWR);
	if (fd < 0) {
		result(0, "crash.open", "no %s", echo_name);
		return;
	}
	rd.fd = fd;
	pthread_create(&t, NULL, blocked_reader, &rd);
	usleep(200000);
	run(crash_cmd);
	pthread_join(t, NULL);
	result(rd.ret == -1 && rd.err == EPIPE, "crash.blocked-reader-epipe",
	       "read %zd errno %s", rd.ret, strerrorname_np(rd.err));
	expect_errno("crash.write-epipe", write(fd, "x", 1), EPIPE);
	p = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	r = poll(&p, 1, 0);
	result(r == 1 && (p.revents & (POLLHUP | POLLERR)) && !(p.revents & POLLOUT),
	       "crash.poll-hup", "revents 0x%x", p.revents);
	result(wait_gone(echo_name, st.st_ino, why, sizeof(why), 20000),
	       "crash.node-removed", "%s still there after 20 s", why);
	close(fd);
	run(recover_cmd);
	result(wait_node(echo_name, echo, sizeof(echo), NULL, 0, 20000) != NULL,
	       "recover.node-back", "no %s", echo_name);
	fd = open(echo, O_RDWR);
	result(fd >= 0 && !echo_once(fd, 33, why, sizeof(why)),
	       "recover.reopen-echo", "%s", fd < 0 ? strerror(errno) : why);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	char echo[300], sink[300], sys[300], ssys[300], tmp[300];
	long before, after;
	int i, status;
	pid_t pid;

	for (i = 1; i + 1 < argc; i += 2) {
		static const struct {
			const char *opt;
			const char **str;
		} sopts[] = {
			{ "--ctrl", &ctrl_path }, { "--echo", &echo_name },
			{ "--sink", &sink_name }, { "--hidden", &hidden_name },
			{ "--seen", &seen_cmd }, { "--crash", &crash_cmd },
			{ "--recover", &recover_cmd }, { "--stall", &stall_cmd },
			{ "--unstall", &unstall_cmd },
		};
		size_t k;

		for (k = 0; k < ARRAY_SIZE(sopts); k++)
			if (!strcmp(argv[i], sopts[k].opt))
				break;
		if (k < ARRAY_SIZE(sopts)) {
			*sopts[k].str = argv[i + 1];
		} else if (!strcmp(argv[i], "--uid")) {
			uid = atoi(argv[i + 1]);
		} else if (!strcmp(argv[i], "--gid")) {
			gid = atoi(argv[i + 1]);
		} else {
			fprintf(stderr, "amp_rpmsg_test: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i != argc) {
		fprintf(stderr, "amp_rpmsg_test: option %s needs a value\n", argv[i]);
		return 2;
	}
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return 2;
	if (!find_node(echo_name, echo, sizeof(echo), sys, sizeof(sys)) ||
	    !find_node(sink_name, sink, sizeof(sink), ssys, sizeof(ssys))) {
		fprintf(stderr, "amp_rpmsg_test: no node for %s or %s in /sys/class/amp_rpmsg\n",
			echo_name, sink_name);
		return 2;
	}
	printf("# echo %s, sink %s, control %s\n", echo, sink, ctrl_path);
	result(!find_node(hidden_name, tmp, sizeof(tmp), NULL, 0),
	       "policy.unexported-channel-has-no-node", "%s exported", hidden_name);
	test_root_io(echo);
	test_limits(echo, sys);
	test_stall(sink);
	test_ctrl_root();

	/* Unprivileged: the control node's mode opened up, to test the ioctls. */
	fflush(stdout);
	chmod(ctrl_path, 0600);
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
			result(0, "unpriv.setuid", "%s", strerror(errno));
		expect_errno("unpriv.open-ctrl-eacces", open(ctrl_path, O_RDWR), EACCES);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	chmod(ctrl_path, 0666);
	before = seen();
	res->sent = 0;
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(gid) || setuid(uid)) {
			result(0, "unpriv.setuid", "%s", strerror(errno));
			_exit(1);
		}
		test_unpriv(echo, sys);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	chmod(ctrl_path, 0600);
	result(WIFEXITED(status) && !WEXITSTATUS(status), "unpriv.child-exit",
	       "status 0x%x", status);
	after = seen();
	if (before < 0 || after < 0)
		skip("unpriv.remote-got-only-allowed-messages", "no --seen");
	else
		result(after - before == res->sent,
		       "unpriv.remote-got-only-allowed-messages",
		       "remote got %ld, allowed %d", after - before, res->sent);

	test_crash();
	printf("%d passed, %d failed\n", res->pass, res->fail);
	return res->fail ? 1 : 0;
}
