// SPDX-License-Identifier: GPL-2.0
/*
 * amp_soak: traffic with no data loss across crashes and recoveries.
 *
 * Threads (-t per link, links chosen by -l PATTERN, a substring of the
 * link name of a control node) each create an endpoint node to the sim's
 * echo service through the link's /dev/amp_rpmsg_ctrlN, then write
 * sequence-numbered, checksummed messages of random sizes up to the node's
 * MTU (standard or negotiated buffers, depending on the image) with up to
 * -W of them in flight (writes block when the link has no tx buffer:
 * back-pressure), and check every echo: in order, no duplicate, intact.
 *
 * Meanwhile a controller runs -n cycles: after a seeded random stretch of
 * traffic it opens a crash window, runs one of the -a ACTION commands
 * (seeded choice: a crash, a hang, a module reload...), runs the -w WAIT
 * command (it returns when the processors and their nodes are back), waits
 * a grace period and closes the window.
 *
 * Every message ends up counted once: delivered; lost in a crash window (a
 * write or read failed with EPIPE/ENODEV, or its echo never came, while a
 * window was open or since it was sent); lost outside a window (a failure);
 * or wrong (corrupt, duplicated, reordered: a failure). Prints
 *   SOAK cycles=N sent=N delivered=N lost_window=N lost=N wrong=N ...
 * and exits 0 only when lost and wrong are 0 and every cycle ran. With
 * -F it runs (the cycles, or traffic alone without -a) until SIGINT.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/amp_rpmsg.h>

#define MAX_THREADS	32
#define MAX_LINKS	8
#define MAX_ACTIONS	8
#define MAX_WINDOW	60
#define ECHO_ADDR	0x400
#define MAGIC		0x4b414f53u	/* "SOAK" */
#define HDR_LEN		24
#define MAX_MSG		65536
#define REPLY_TIMEOUT_MS	5000

struct soak_hdr {
	uint32_t magic;
	uint32_t thread;
	uint64_t seq;
	uint32_t len;
	uint32_t crc;
};

struct sent {
	uint64_t seq;
	uint32_t len;
	unsigned int epoch;
};

struct worker {
	pthread_t tid;
	unsigned int id;
	const char *link;
	uint64_t rng;
	uint64_t next_seq;
	struct sent ring[MAX_WINDOW];
	unsigned int head, count;
	uint64_t sent, delivered, lost_window, lost, wrong, reconnects, stalls;
	uint64_t bytes;
	uint32_t max_mtu;
	char last_err[160];
	/* What the thread does now, for the SIGUSR1 report. */
	const char *_Atomic phase;
	/* When its blocking write began (ms), 0 outside one. */
	_Atomic uint64_t write_since;
};

static unsigned int nthreads = 2, window = 32, cycles = 20;
static unsigned int gap_min_ms = 200, gap_max_ms = 1000, grace_ms = 1000;
static uint64_t seed = 1;
static const char *links[MAX_LINKS];
static unsigned int nlinks;
static const char *actions[MAX_ACTIONS];
static unsigned int nactions;
static const char *wait_cmd = "true";
static unsigned int verbose, free_run;

/* Even: no window; odd: a window is open. Bumped by the controller. */
static atomic_uint epoch;
static atomic_int stop;
static struct worker workers[MAX_THREADS];
/* -F: run until SIGINT or SIGTERM. */
static atomic_int stopping;
/* The tx watchdog runs until the workers are joined. */
static atomic_int joined;
/* Held around the end of a write and the watchdog's pthread_kill(). */
static pthread_mutex_t tx_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&stopping, 1);
}

/* SIGUSR2 only interrupts a blocked write (no SA_RESTART). */
static void on_interrupt(int sig)
{
	(void)sig;
}

/*
 * SIGUSR1: one line per thread on stderr, what it does now and its counts
 * (the soak's watchdog asks when nothing moves). Approximate: the counters
 * are read while the threads run.
 */
static void on_report(int sig)
{
	char line[256];
	unsigned int i;
	int n;

	(void)sig;
	for (i = 0; i < MAX_THREADS && workers[i].link; i++) {
		struct worker *w = &workers[i];
		const char *ph = atomic_load(&w->phase);

		n = snprintf(line, sizeof(line),
			     "# soak: thread %u (%s): %s, epoch %u, in flight %u, sent %llu delivered %llu reconnects %llu stalls %llu\n",
			     w->id, w->link, ph ? ph : "starting", atomic_load(&epoch), w->count,
			     (unsigned long long)w->sent, (unsigned long long)w->delivered,
			     (unsigned long long)w->reconnects, (unsigned long long)w->stalls);
		if (n > 0 && write(2, line, n) < 0)
			break;
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/*
 * Whether a link belongs to processor pat: the link is named after its
 * virtio device, whose sysfs path runs through the processor's device.
 */
static int link_matches(const char *link, const char *pat)
{
	char path[300], real[4096], want[128];

	snprintf(path, sizeof(path), "/sys/bus/virtio/devices/%s", link);
	snprintf(want, sizeof(want), "/%s/", pat);
	if (realpath(path, real) && strstr(real, want))
		return 1;
	return !strcmp(link, pat);
}

/* The control node (sysfs directory name) of the link matching pat. */
static int find_ctrl(const char *pat, char *name, size_t len)
{
	DIR *d = opendir("/sys/class/amp_rpmsg");
	struct dirent *de;
	char path[600], link[128];
	int ret = -1;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "amp_rpmsg_ctrl", 14))
			continue;
		snprintf(path, sizeof(path), "/sys/class/amp_rpmsg/%s/link", de->d_name);
		if (read_line(path, link, sizeof(link)) || !link_matches(link, pat))
			continue;
		snprintf(name, len, "%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

/* The endpoint node named ept under the control node ctrl. */
static int find_node(const char *ctrl, const char *ept, char *name, size_t len)
{
	char path[600], val[64];
	struct dirent *de;
	int ret = -1;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/class/amp_rpmsg/%s", ctrl);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "amp_rpmsg", 9) || !strncmp(de->d_name, "amp_rpmsg_", 10))
			continue;
		snprintf(path, sizeof(path), "/sys/class/amp_rpmsg/%s/%s/name", ctrl, de->d_name);
		if (read_line(path, val, sizeof(val)) || strcmp(val, ept))
			continue;
		snprintf(name, len, "%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

/*
 * Create (or find) this worker's endpoint node and open it, close-on-exec:
 * the -a and -w commands (system()) would inherit it, and a node they hold
 * keeps its endpoint after the worker closed it, so the worker's next
 * open() got EBUSY until the command ended.
 */
static int connect_node(struct worker *w, uint32_t *mtu)
{
	struct amp_rpmsg_endpoint_info info = { .src = AMP_RPMSG_ADDR_ANY, .dst = ECHO_ADDR };
	struct amp_rpmsg_node_info ni;
	char ctrl[256], node[256], path[300];
	int cfd, fd, tries;

	snprintf(info.name, sizeof(info.name), "soak-%u", w->id);
	if (find_ctrl(w->link, ctrl, sizeof(ctrl)))
		return -1;
	if (find_node(ctrl, info.name, node, sizeof(node))) {
		snprintf(path, sizeof(path), "/dev/%s", ctrl);
		cfd = open(path, O_RDWR | O_CLOEXEC);
		if (cfd < 0)
			return -1;
		if (ioctl(cfd, AMP_RPMSG_CREATE_EPT_IOCTL, &info) < 0) {
			close(cfd);
			return -1;
		}
		close(cfd);
	}
	for (tries = 0; tries < 50; tries++) {
		if (!find_node(ctrl, info.name, node, sizeof(node))) {
			snprintf(path, sizeof(path), "/dev/%s", node);
			fd = open(path, O_RDWR | O_CLOEXEC);
			if (fd >= 0) {
				if (ioctl(fd, AMP_RPMSG_GET_INFO_IOCTL, &ni) < 0 || ni.mtu < HDR_LEN) {
					close(fd);
					return -1;
				}
				*mtu = ni.mtu;
				return fd;
			}
		}
		sleep_ms(10);
	}
	return -1;
}

static void fill(struct worker *w, uint8_t *buf, uint64_t seq, uint32_t len)
{
	struct soak_hdr h = { MAGIC, w->id, seq, len, 0 };
	uint64_t r = seq * 0x9e3779b97f4a7c15ULL + w->id;
	uint32_t i;

	for (i = HDR_LEN; i < len; i++) {
		if (!(i & 7))
			r = rnd(&r) | 1;
		buf[i] = r >> (8 * (i & 7));
	}
	memcpy(buf, &h, sizeof(h));
	h.crc = crc32(buf + HDR_LEN, len - HDR_LEN) ^ (uint32_t)seq;
	memcpy(buf, &h, sizeof(h));
}

/* Everything in flight is gone: count it, by where it was lost. */
static void lose_all(struct worker *w, const char *why)
{
	unsigned int ep = atomic_load(&epoch);

	while (w->count) {
		struct sent *s = &w->ring[w->head];

		if ((s->epoch & 1) || s->epoch != ep || (ep & 1)) {
			w->lost_window++;
		} else {
			w->lost++;
			snprintf(w->last_err, sizeof(w->last_err),
				 "seq %llu lost outside a window (%s)",
				 (unsigned long long)s->seq, why);
		}
		w->head = (w->head + 1) % MAX_WINDOW;
		w->count--;
	}
}

static void wrong(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	w->wrong++;
	va_start(ap, fmt);
	vsnprintf(w->last_err, sizeof(w->last_err), fmt, ap);
	va_end(ap);
}

/* Check one echo against the oldest message in flight. */
static void check_reply(struct worker *w, const uint8_t *buf, ssize_t n)
{
	struct soak_hdr h;
	struct sent *s;

	if (n < HDR_LEN) {
		wrong(w, "short reply of %zd bytes", n);
		return;
	}
	memcpy(&h, buf, sizeof(h));
	if (h.magic != MAGIC || h.thread != w->id || h.len != (uint32_t)n) {
		wrong(w, "reply header: magic %#x thread %u len %u of %zd", h.magic, h.thread,
		      h.len, n);
		return;
	}
	if (h.crc != (crc32(buf + HDR_LEN, n - HDR_LEN) ^ (uint32_t)h.seq)) {
		wrong(w, "seq %llu corrupt", (unsigned long long)h.seq);
		return;
	}
	if (!w->count || h.seq < w->ring[w->head].seq) {
		wrong(w, "seq %llu duplicated or reordered", (unsigned long long)h.seq);
		return;
	}
	/* Older ones that never came back are lost. */
	while (w->count && w->ring[w->head].seq < h.seq) {
		s = &w->ring[w->head];
		if ((s->epoch & 1) || s->epoch != atomic_load(&epoch)) {
			w->lost_window++;
		} else {
			w->lost++;
			snprintf(w->last_err, sizeof(w->last_err),
				 "seq %llu skipped (got %llu)", (unsigned long long)s->seq,
				 (unsigned long long)h.seq);
		}
		w->head = (w->head + 1) % MAX_WINDOW;
		w->count--;
	}
	if (!w->count) {
		wrong(w, "seq %llu never sent", (unsigned long long)h.seq);
		return;
	}
	s = &w->ring[w->head];
	if (s->len != h.len) {
		wrong(w, "seq %llu length %u, sent %u", (unsigned long long)h.seq, h.len, s->len);
		return;
	}
	w->delivered++;
	w->bytes += n;
	w->head = (w->head + 1) % MAX_WINDOW;
	w->count--;
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	uint8_t *buf = malloc(MAX_MSG), *rbuf = malloc(MAX_MSG);
	uint64_t last_reply = now_ms();
	uint32_t mtu = 0, len;
	struct pollfd pfd;
	int fd = -1, ret;
	ssize_t n;

	if (!buf || !rbuf)
		return NULL;
	while (!atomic_load(&stop) || w->count) {
		if (fd < 0) {
			if (atomic_load(&stop))
				break;
			atomic_store(&w->phase, "connecting");
			fd = connect_node(w, &mtu);
			if (fd < 0) {
				atomic_store(&w->phase, "waiting for a node");
				sleep_ms(20);
				continue;
			}
			w->reconnects++;
			if (mtu > w->max_mtu)
				w->max_mtu = mtu;
			last_reply = now_ms();
		}
		/* Fill the window; a write blocks while the link has no buffer. */
		while (!atomic_load(&stop) && w->count < window) {
			struct sent *s = &w->ring[(w->head + w->count) % MAX_WINDOW];

			len = HDR_LEN + rnd(&w->rng) % (mtu - HDR_LEN + 1);
			s->seq = w->next_seq;
			s->len = len;
			s->epoch = atomic_load(&epoch);
			fill(w, buf, s->seq, len);
			atomic_store(&w->phase, "writing");
			atomic_store(&w->write_since, now_ms());
			n = write(fd, buf, len);
			/* Not signalled once it may have exited. */
			pthread_mutex_lock(&tx_lock);
			atomic_store(&w->write_since, 0);
			pthread_mutex_unlock(&tx_lock);
			if (n != (ssize_t)len) {
				int err = n < 0 ? errno : EIO;

				/* Reported to the sender: this one was never sent. */
				w->count++;
				w->next_seq++;
				w->sent++;
				/* Interrupted by the tx watchdog: no buffer came. */
				if (err == EINTR)
					w->stalls++;
				lose_all(w, err == EINTR ? "no tx buffer" : "write failed");
				close(fd);
				fd = -1;
				break;
			}
			w->count++;
			w->next_seq++;
			w->sent++;
		}
		if (fd < 0)
			continue;
		pfd.fd = fd;
		pfd.events = POLLIN;
		atomic_store(&w->phase, "polling");
		ret = poll(&pfd, 1, 200);
		/* A signal (a report): poll again, a read here could block. */
		if (ret < 0)
			continue;
		if (ret == 0) {
			if (w->count && now_ms() - last_reply > REPLY_TIMEOUT_MS) {
				/* Nothing came back: the messages are lost. */
				w->stalls++;
				lose_all(w, "no reply");
				close(fd);
				fd = -1;
			}
			continue;
		}
		atomic_store(&w->phase, "reading");
		n = read(fd, rbuf, MAX_MSG);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			lose_all(w, strerror(errno));
			close(fd);
			fd = -1;
			continue;
		}
		last_reply = now_ms();
		check_reply(w, rbuf, n);
	}
	atomic_store(&w->phase, "done");
	if (fd >= 0) {
		ioctl(fd, AMP_RPMSG_DESTROY_EPT_IOCTL);
		close(fd);
	}
	free(buf);
	free(rbuf);
	return NULL;
}

/*
 * The tx watchdog: a write blocks while the link has no free buffer (the
 * documented back-pressure, without a time limit), so a remote that stops
 * returning them would hold a worker there for ever, and the run with it.
 * A write blocked for REPLY_TIMEOUT_MS is interrupted (SIGUSR2): the worker
 * counts it a stall, like an echo that never came, and reconnects.
 */
static void *tx_watchdog(void *arg)
{
	unsigned int i, nw = *(unsigned int *)arg;

	while (!atomic_load(&joined)) {
		uint64_t now = now_ms();

		pthread_mutex_lock(&tx_lock);
		for (i = 0; i < nw; i++) {
			uint64_t t = atomic_load(&workers[i].write_since);

			if (t && now - t > REPLY_TIMEOUT_MS)
				pthread_kill(workers[i].tid, SIGUSR2);
		}
		pthread_mutex_unlock(&tx_lock);
		sleep_ms(200);
	}
	return NULL;
}

static int run_cmd(const char *cmd)
{
	int ret = system(cmd);

	if (verbose)
		fprintf(stderr, "# soak: %s -> %d\n", cmd, ret);
	return ret;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: amp_soak -l LINK [-l LINK...] [-t THREADS_PER_LINK] [-W WINDOW]\n"
		"       [-n CYCLES] [-s SEED] [-a ACTION_CMD...] [-w WAIT_CMD]\n"
		"       [-g MIN_MS:MAX_MS] [-G GRACE_MS] [-F] [-v]\n"
		"  -F: run until SIGINT or SIGTERM instead of -n cycles\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t crng, t0, sent = 0, delivered = 0, lost_window = 0, lost = 0, wrong_n = 0;
	uint64_t reconnects = 0, stalls = 0, bytes = 0, t1, t2, act_ms = 0, wait_ms = 0;
	unsigned int i, nw = 0, c, done = 0, failed_waits = 0, max_mtu = 0;
	unsigned int counts[MAX_ACTIONS] = { 0 };
	struct sigaction sa = { .sa_handler = on_interrupt };
	pthread_t watchdog;
	int opt;

	while ((opt = getopt(argc, argv, "l:t:W:n:s:a:w:g:G:vF")) != -1) {
		switch (opt) {
		case 'l':
			if (nlinks == MAX_LINKS)
				print_usage();
			links[nlinks++] = optarg;
			break;
		case 't':
			nthreads = atoi(optarg);
			break;
		case 'W':
			window = atoi(optarg);
			break;
		case 'n':
			cycles = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'a':
			if (nactions == MAX_ACTIONS)
				print_usage();
			actions[nactions++] = optarg;
			break;
		case 'w':
			wait_cmd = optarg;
			break;
		case 'g':
			if (sscanf(optarg, "%u:%u", &gap_min_ms, &gap_max_ms) != 2 ||
			    gap_max_ms < gap_min_ms)
				print_usage();
			break;
		case 'G':
			grace_ms = atoi(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'F':
			free_run = 1;
			break;
		default:
			print_usage();
		}
	}
	if (!nlinks || !nthreads || !window || window >= MAX_WINDOW ||
	    nlinks * nthreads > MAX_THREADS)
		print_usage();
	crng = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < nlinks * nthreads; i++)
		workers[i].link = links[i % nlinks];
	signal(SIGUSR1, on_report);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	for (i = 0; i < nlinks * nthreads; i++) {
		struct worker *w = &workers[i];

		w->id = i;
		w->link = links[i % nlinks];
		w->rng = (seed + i + 1) * 0xbf58476d1ce4e5b9ULL;
		if (pthread_create(&w->tid, NULL, worker_fn, w)) {
			perror("pthread_create");
			return 1;
		}
		nw++;
	}
	if (pthread_create(&watchdog, NULL, tx_watchdog, &nw)) {
		perror("pthread_create");
		return 1;
	}
	t0 = now_ms();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (c = 0; free_run || c < cycles; c++) {
		unsigned int a;

		if (atomic_load(&stopping))
			break;
		sleep_ms(gap_min_ms + rnd(&crng) % (gap_max_ms - gap_min_ms + 1));
		if (!nactions || atomic_load(&stopping))
			continue;
		a = rnd(&crng) % nactions;
		atomic_fetch_add(&epoch, 1);	/* window opens */
		t1 = now_ms();
		run_cmd(actions[a]);
		counts[a]++;
		t2 = now_ms();
		act_ms += t2 - t1;
		if (run_cmd(wait_cmd))
			failed_waits++;
		wait_ms += now_ms() - t2;
		sleep_ms(grace_ms);
		atomic_fetch_add(&epoch, 1);	/* window closes */
		done++;
		if (verbose || !(done % 50))
			fprintf(stderr, "# soak: cycle %u/%u (%s) after %llu s\n", done, cycles,
				actions[a], (unsigned long long)(now_ms() - t0) / 1000);
	}
	/* A last stretch of traffic outside any window, then drain. */
	sleep_ms(gap_max_ms);
	atomic_store(&stop, 1);
	for (i = 0; i < nw; i++) {
		struct worker *w = &workers[i];

		pthread_join(w->tid, NULL);
		sent += w->sent;
		delivered += w->delivered;
		lost_window += w->lost_window;
		lost += w->lost;
		wrong_n += w->wrong;
		reconnects += w->reconnects;
		stalls += w->stalls;
		bytes += w->bytes;
		if (w->max_mtu > max_mtu)
			max_mtu = w->max_mtu;
		if (w->last_err[0])
			fprintf(stderr, "# soak: thread %u (%s): %s\n", w->id, w->link, w->last_err);
		if (verbose)
			fprintf(stderr, "# soak: thread %u (%s): sent %llu delivered %llu mtu %u\n",
				w->id, w->link, (unsigned long long)w->sent,
				(unsigned long long)w->delivered, w->max_mtu);
	}
	atomic_store(&joined, 1);
	pthread_join(watchdog, NULL);
	for (i = 0; i < nactions; i++)
		fprintf(stderr, "# soak: action %u ran %u times: %s\n", i, counts[i], actions[i]);
	printf("SOAK cycles=%u sent=%llu delivered=%llu lost_window=%llu lost=%llu wrong=%llu reconnects=%llu stalls=%llu bytes=%llu max_mtu=%u failed_waits=%u seconds=%llu act_seconds=%llu wait_seconds=%llu\n",
	       done, (unsigned long long)sent, (unsigned long long)delivered,
	       (unsigned long long)lost_window, (unsigned long long)lost,
	       (unsigned long long)wrong_n, (unsigned long long)reconnects,
	       (unsigned long long)stalls, (unsigned long long)bytes, max_mtu, failed_waits,
	       (unsigned long long)(now_ms() - t0) / 1000,
	       (unsigned long long)act_ms / 1000, (unsigned long long)wait_ms / 1000);
	return !((free_run || done == cycles) && !lost && !wrong_n && !failed_waits &&
		 sent == delivered + lost_window + lost && delivered > 0);
}
