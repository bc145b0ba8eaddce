// SPDX-License-Identifier: GPL-2.0
/*
 * amp-rpmsg send, recv and ping: one message per write and per read on an
 * exported channel's /dev/amp_rpmsgN.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/amp_rpmsg.h>

#include "amp_rpmsg_cli.h"

#define BUFSZ 65536

struct io_opts {
	const char *link;
	int nonblock;
	int hex;
	long count;
	long timeout_ms;
	long size;
};

static const struct option io_long[] = {
	{ "link", required_argument, NULL, 'l' },
	{ "nonblock", no_argument, NULL, 'n' },
	{ "hex", no_argument, NULL, 'x' },
	{ "count", required_argument, NULL, 'c' },
	{ "timeout", required_argument, NULL, 't' },
	{ "size", required_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int num(const char *s, const char *field, long min, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < min)
		return amp_err(EX_USAGE, NULL, field, "'%s' is not a number >= %ld",
			       s, min);
	*out = v;
	return 0;
}

/* Parses options; returns -1 when --help was printed, >0 on error. */
static int parse(int argc, char **argv, struct io_opts *o, const char *help)
{
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "l:nxc:t:s:h", io_long, NULL)) != -1) {
		switch (c) {
		case 'l':
			o->link = optarg;
			break;
		case 'n':
			o->nonblock = 1;
			break;
		case 'x':
			o->hex = 1;
			break;
		case 'c':
			ret = num(optarg, "--count", 0, &o->count);
			if (ret)
				return ret;
			break;
		case 't':
			ret = num(optarg, "--timeout", -1, &o->timeout_ms);
			if (ret)
				return ret;
			break;
		case 's':
			ret = num(optarg, "--size", 0, &o->size);
			if (ret)
				return ret;
			break;
		case 'h':
			fputs(help, stdout);
			return -1;
		default:
			fputs(help, stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(help, stderr);
		return EX_USAGE;
	}
	return 0;
}

static int open_target(const char *target, const struct io_opts *o, int flags,
		       char *dev, size_t len)
{
	int ret = amp_resolve(target, o->link, dev, len), fd;

	if (ret)
		return -ret;
	fd = open(dev, flags | (o->nonblock ? O_NONBLOCK : 0));
	if (fd < 0)
		return -amp_err(errno == EBUSY ? EX_FAIL : amp_errno_code(errno) ==
				EX_FAIL ? EX_FILE : amp_errno_code(errno), dev,
				"open", "%s%s", strerror(errno),
				errno == EBUSY ? " (another process has it open)" : "");
	return fd;
}

static int io_error(const char *dev, const char *field, int fd)
{
	struct amp_rpmsg_node_info info;
	int err = errno;

	if (err == EMSGSIZE && !ioctl(fd, AMP_RPMSG_GET_INFO_IOCTL, &info))
		return amp_err(EX_FAIL, dev, field, "%s (the node takes at most %u bytes)",
			       strerror(err), info.mtu);
	return amp_err(err == EPIPE ? EX_GONE : amp_errno_code(err), dev, field,
		       "%s%s", strerror(err),
		       err == EPIPE ? " (the channel or the remote went away)" : "");
}

static int unhex(const char *s, unsigned char *out, size_t max, size_t *len)
{
	size_t n = strlen(s), i;
	unsigned int v;

	if (n % 2 || n / 2 > max || strspn(s, "0123456789abcdefABCDEF") != n)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = v;
	}
	*len = n / 2;
	return 0;
}

static int send_one(int fd, const char *dev, const char *msg, int hex)
{
	static unsigned char buf[BUFSZ];
	size_t len = strlen(msg);

	if (hex) {
		if (unhex(msg, buf, sizeof(buf), &len))
			return amp_err(EX_USAGE, NULL, "MESSAGE",
				       "'%s' is not an even number of hex digits", msg);
		msg = (const char *)buf;
	}
	if (write(fd, msg, len) != (ssize_t)len)
		return io_error(dev, "write", fd);
	return 0;
}

int cmd_send(int argc, char **argv)
{
	static const char help[] =
		"usage: amp-rpmsg send [--link LINK] [-n|--nonblock] [-x|--hex] TARGET [MESSAGE...]\n\n"
		"Sends each MESSAGE (or each line of stdin) as one message to TARGET:\n"
		"a channel name or a /dev/amp_rpmsgN path. --hex: messages are hex.\n"
		"--nonblock: fail (exit 1) instead of waiting for a transmit buffer.\n";
	struct io_opts o = { 0 };
	char dev[512], line[BUFSZ];
	int fd, i, ret;

	ret = parse(argc, argv, &o, help);
	if (ret)
		return ret < 0 ? EX_OK : ret;
	fd = open_target(argv[optind], &o, O_WRONLY, dev, sizeof(dev));
	if (fd < 0)
		return -fd;
	ret = 0;
	if (optind + 1 < argc) {
		for (i = optind + 1; i < argc && !ret; i++)
			ret = send_one(fd, dev, argv[i], o.hex);
	} else {
		while (!ret && fgets(line, sizeof(line), stdin)) {
			line[strcspn(line, "\n")] = '\0';
			ret = send_one(fd, dev, line, o.hex);
		}
	}
	close(fd);
	return ret;
}

static void print_msg(const unsigned char *b, ssize_t n, int hex)
{
	ssize_t i;

	if (hex) {
		for (i = 0; i < n; i++)
			printf("%02x", b[i]);
		putchar('\n');
	} else {
		fwrite(b, 1, n, stdout);
		putchar('\n');
	}
	fflush(stdout);
}

/* 0 with a message, EX_TIMEOUT, or an error code. */
static int wait_in(int fd, const char *dev, long timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, timeout_ms);

	if (r < 0)
		return io_error(dev, "poll", fd);
	if (!r)
		return EX_TIMEOUT;
	if (!(p.revents & POLLIN) && (p.revents & (POLLHUP | POLLERR))) {
		errno = EPIPE;
		return io_error(dev, "poll", fd);
	}
	return 0;
}

int cmd_recv(int argc, char **argv)
{
	static const char help[] =
		"usage: amp-rpmsg recv [--link LINK] [-c|--count N] [-t|--timeout MS] [-x|--hex] TARGET\n\n"
		"Prints each message received on TARGET on a line of its own (hex with\n"
		"--hex). Stops after N messages (default: never) or when none arrives\n"
		"within MS milliseconds (default: wait for ever; exit 6).\n";
	struct io_opts o = { .timeout_ms = -1 };
	static unsigned char buf[BUFSZ];
	char dev[512];
	long got = 0;
	ssize_t n;
	int fd, ret = 0;

	ret = parse(argc, argv, &o, help);
	if (ret)
		return ret < 0 ? EX_OK : ret;
	fd = open_target(argv[optind], &o, O_RDONLY, dev, sizeof(dev));
	if (fd < 0)
		return -fd;
	while (!o.count || got < o.count) {
		ret = wait_in(fd, dev, o.timeout_ms);
		if (ret == EX_TIMEOUT) {
			amp_err(EX_TIMEOUT, dev, "read", "no message within %ld ms",
				o.timeout_ms);
			break;
		}
		if (ret)
			break;
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EAGAIN)
				continue;
			ret = io_error(dev, "read", fd);
			break;
		}
		print_msg(buf, n, o.hex);
		got++;
	}
	close(fd);
	return ret;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int cmd_ping(int argc, char **argv)
{
	static const char help[] =
		"usage: amp-rpmsg ping [--link LINK] [-c|--count N] [-s|--size BYTES] [-t|--timeout MS] TARGET\n\n"
		"Sends N messages (default 10) of BYTES bytes (default 16) to an echo\n"
		"service and waits up to MS ms (default 1000) for each echo; prints the\n"
		"round-trip latency min, median and p99 in microseconds. Exit 6 if an\n"
		"echo does not come back, 1 if it differs from what was sent.\n";
	struct io_opts o = { .count = 10, .size = 16, .timeout_ms = 1000 };
	static unsigned char out[BUFSZ], in[BUFSZ];
	long long *rtt, t0;
	char dev[512];
	long i, j, got = 0, sent = 0;
	ssize_t n;
	int fd, ret;

	ret = parse(argc, argv, &o, help);
	if (ret)
		return ret < 0 ? EX_OK : ret;
	if (o.size > BUFSZ)
		return amp_err(EX_USAGE, NULL, "--size", "at most %d", BUFSZ);
	if (!o.count)
		return amp_err(EX_USAGE, NULL, "--count", "must be at least 1");
	rtt = calloc(o.count, sizeof(*rtt));
	if (!rtt)
		return amp_err(EX_FAIL, NULL, NULL, "out of memory");
	fd = open_target(argv[optind], &o, O_RDWR, dev, sizeof(dev));
	if (fd < 0) {
		free(rtt);
		return -fd;
	}
	for (i = 0; i < o.count; i++) {
		for (j = 0; j < o.size; j++)
			out[j] = (unsigned char)(i + j);
		t0 = now_ns();
		if (write(fd, out, o.size) != o.size) {
			ret = io_error(dev, "write", fd);
			break;
		}
		sent++;
		ret = wait_in(fd, dev, o.timeout_ms);
		if (ret == EX_TIMEOUT) {
			amp_err(ret, dev, "read", "no echo of message %ld within %ld ms",
				i, o.timeout_ms);
			break;
		}
		if (ret)
			break;
		n = read(fd, in, sizeof(in));
		rtt[got] = now_ns() - t0;
		if (n < 0) {
			ret = io_error(dev, "read", fd);
			break;
		}
		if (n != o.size || memcmp(in, out, o.size)) {
			ret = amp_err(EX_FAIL, dev, "read",
				      "echo of message %ld differs (%zd bytes back)", i, n);
			break;
		}
		got++;
	}
	close(fd);
	if (got) {
		qsort(rtt, got, sizeof(*rtt), cmp_ll);
		printf("%s: %ld sent, %ld echoed, %ld bytes: rtt min %.1f us, median %.1f us, p99 %.1f us\n",
		       dev, sent, got, o.size,
		       rtt[0] / 1e3, rtt[got / 2] / 1e3,
		       rtt[(got * 99 + 99) / 100 - 1] / 1e3);
	}
	free(rtt);
	return ret;
}
