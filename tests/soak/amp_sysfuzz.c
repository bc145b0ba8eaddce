// SPDX-License-Identifier: GPL-2.0
/*
 * amp_sysfuzz: seeded sequences of system calls on the rpmsg character
 * devices from several threads, as root and as an unprivileged user at
 * once, while the remotes crash (tests/soak/guest/sysfuzz.sh; README.md,
 * Reliability, says what is drawn). Each thread's calls come from its own
 * generator seeded by -s and its index, a fixed number of draws per call:
 * the same seed gives the same calls whatever the kernel answers (-D prints
 * their hash without making them).
 *
 * The unprivileged process (-U threads, -u UID:GID) inherits a control node
 * root opened, and its payloads start with "AMPU" and the uid in four
 * digits, for the sim's receive accounting (rx_tagged); which nodes it may
 * open is the policy's. Root's start with "AMPR"; root never targets 0x402
 * and sets no destination but 0x400 and 0x401, so it hands the user nothing.
 * Prints
 *   SYSFUZZ seqs=N calls=N errors=N errors_by_errno=E:N,... denied=N
 *     priv_ok=N mapped=N skipped=N user_calls=N user_sent=N seconds=N
 * and exits 0 unless a privileged ioctl succeeded for the user (priv_ok) or
 * a thread made no progress for 60 s (it names the call).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/amp_rpmsg.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_THREADS	16
#define NSLOT		4
#define MAX_NODES	48
#define MAX_ERRNO	160
#define BUF_LEN		(80 * 1024)
#define TIMER_MS	20
#define STUCK_S		60
#define NODE_CAP	40	/* root creates no node beyond this many */

enum { OP_OPEN, OP_CLOSE, OP_CLOSE_RACY, OP_READ, OP_WRITE, OP_POLL,
	OP_IOCTL, OP_MMAP, OP_NR };
static const char * const op_name[OP_NR] = {
	"open", "close", "close-racy", "read", "write", "poll", "ioctl", "mmap"
};
/* Weights of the calls, out of 100. */
static const unsigned int op_weight[OP_NR] = { 20, 5, 3, 18, 22, 8, 18, 6 };

/* Counters shared by the three processes. */
struct shared {
	atomic_ulong seqs, calls, errors, denied, priv_ok, mapped, skipped;
	atomic_ulong user_calls, user_sent;
	atomic_ulong err[MAX_ERRNO];
	atomic_ulong progress[MAX_THREADS];
	atomic_int cur_op[MAX_THREADS];
};

struct thr {
	pthread_t tid;
	unsigned int id;
	uint64_t rng;
	unsigned long nseq;
	atomic_ullong deadline;	/* ms: interrupt the call after; 0: none */
	atomic_int finished;
	int ep;
	char *rbuf, *wbuf;
	char nodes[MAX_NODES][32];
	unsigned int nnodes, neps;
};

static struct shared *sh;
static uint64_t seed = 1;
static unsigned int nroot = 3, nuser = 2;
static unsigned long nseqs = 1000;
static uid_t user_uid = 1000;
static gid_t user_gid = 998;
static int unpriv, leaked_ctrl = -1;
static char tag[9];
static atomic_int slot[NSLOT];
static char *page_none, *page_ro, *page_half[2];

static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static uint64_t thread_seed(unsigned int id)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (id + 1);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31)) | 1;
}

/* One call, drawn with a fixed number of draws. */
struct call {
	unsigned int op;
	uint64_t a, b, c, d, e;
};

static void draw(struct thr *t, struct call *c)
{
	unsigned int w = rnd(&t->rng) % 100, op = 0;

	while (w >= op_weight[op]) {
		w -= op_weight[op];
		op++;
	}
	c->op = op;
	c->a = rnd(&t->rng);
	c->b = rnd(&t->rng);
	c->c = rnd(&t->rng);
	c->d = rnd(&t->rng);
	c->e = rnd(&t->rng);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Have this thread's next calls interrupted after @ms (0: no more); the
 * debug kernel has no POSIX timers, so run_threads() sends the signal.
 */
static void arm(struct thr *t, unsigned int ms)
{
	atomic_store(&t->deadline, ms ? now_ms() + ms : 0);
}

/* The nodes in /dev now; endpoint nodes counted in neps. */
static void scan(struct thr *t)
{
	DIR *d = opendir("/dev");
	struct dirent *de;

	t->nnodes = 0;
	t->neps = 0;
	if (!d)
		return;
	while ((de = readdir(d)) && t->nnodes < MAX_NODES) {
		if (strncmp(de->d_name, "amp_rpmsg", 9) || !de->d_name[9])
			continue;
		snprintf(t->nodes[t->nnodes++], sizeof(t->nodes[0]), "/dev/%.24s", de->d_name);
		if (de->d_name[9] != '_')
			t->neps++;
	}
	closedir(d);
}

static void count(long ret, int err, int is_denied)
{
	atomic_fetch_add(&sh->calls, 1);
	if (unpriv)
		atomic_fetch_add(&sh->user_calls, 1);
	if (ret >= 0)
		return;
	atomic_fetch_add(&sh->errors, 1);
	atomic_fetch_add(&sh->err[err > 0 && err < MAX_ERRNO ? err : 0], 1);
	if (is_denied && (err == EPERM || err == EACCES))
		atomic_fetch_add(&sh->denied, 1);
}

static size_t pick_len(uint64_t r)
{
	static const size_t lens[] = { 0, 1, 4, 15, 16, 495, 496, 497, 2031,
		2032, 2033, 4096, 65536, 70000, (size_t)1 << 40, SIZE_MAX };

	if (r % 4 == 0)
		return (r >> 8) % 2100;
	return lens[(r >> 2) % ARRAY_SIZE(lens)];
}

/*
 * A buffer: mostly the thread's own, else hostile (@in: the kernel writes
 * into it; writes take theirs from a tagged half-mapped page of their own).
 */
static char *pick_buf(char *own, uint64_t r, size_t *len, int in)
{
	const uintptr_t bad[] = { 0, 1, 0xffff888000000000ULL, (uintptr_t)page_none,
		(uintptr_t)(page_ro + 8 * ((r >> 8) % 64)),
		(uintptr_t)(page_half[in] + 4096 - 8 * (1 + (r >> 8) % 32)) }; /* then a hole */

	if (r % 16 < ARRAY_SIZE(bad))
		return (char *)bad[r % 16];
	if (r % 16 == 6)
		*len = (r >> 8) % 4096;
	return own;
}

static uint32_t pick_dst(uint64_t r, int forbidden)
{
	static const uint32_t root_dst[] = { 0x400, 0x401, 0x403, 0x500, 53,
		0x7fffffff, AMP_RPMSG_ADDR_ANY };
	static const uint32_t user_dst[] = { 0x402, 0x403, 53, 0x500, 0x400,
		0x401, AMP_RPMSG_ADDR_ANY };

	if (!forbidden)
		return root_dst[r % 7];
	return r % 8 == 7 ? (uint32_t)(r >> 8) : user_dst[r % 7];
}

static void fill_info(struct amp_rpmsg_endpoint_info *info, uint64_t r)
{
	static const uint32_t srcs[] = { AMP_RPMSG_ADDR_ANY, 53, 0x400, 1100,
		2000, 0x80000000u };

	memset(info, 0, sizeof(*info));
	if (r % 6 == 1)
		memset(info->name, 'A', sizeof(info->name));	/* unterminated */
	else if (r % 6)	/* else empty */
		snprintf(info->name, sizeof(info->name), "fz%u", (unsigned int)(r >> 4) % 4);
	info->src = srcs[(r >> 8) % 6];
	info->dst = pick_dst(r >> 16, unpriv);
}

static int fd_of(uint64_t r)
{
	if (r % 32 == 0)
		return leaked_ctrl >= 0 ? leaked_ctrl : -1;
	if (r % 32 == 1)
		return 3 + (int)((r >> 8) % 40);	/* any number but stdio's */
	return atomic_load(&slot[(r >> 8) % NSLOT]);
}

static long do_ioctl(struct thr *t, struct call *c, int fd, int *privileged)
{
	static const unsigned long cmds[] = {
		AMP_RPMSG_CREATE_EPT_IOCTL, AMP_RPMSG_DESTROY_EPT_IOCTL,
		AMP_RPMSG_CREATE_DEV_IOCTL, AMP_RPMSG_RELEASE_DEV_IOCTL,
		AMP_RPMSG_GET_INFO_IOCTL, AMP_RPMSG_SET_DST_IOCTL,
		_IO(0xb5, 5), _IO(0xb5, 6), FIONBIO, FIONREAD, TCGETS,
	};
	static const unsigned int nrs[] = { 1, 2, 3, 4, 0x20, 0x21 };
	union {
		struct amp_rpmsg_endpoint_info info;
		struct amp_rpmsg_node_info ninfo;
		uint32_t u32;
		char raw[16384];	/* what a random command's size can name */
	} u;
	unsigned int k = c->b % 16;
	unsigned long cmd;
	size_t len = sizeof(u);
	char *arg;

	if (k < ARRAY_SIZE(cmds)) {
		cmd = cmds[k];
	} else if (k < 14) {
		/* A documented number with the wrong size or direction. */
		cmd = _IOC((c->c >> 20) % 4, 0xb5, nrs[(c->c >> 24) % 6], (c->c >> 32) % 600);
	} else {
		cmd = (uint32_t)c->c;
		/* Not the generic ones that act on the file system. */
		if (_IOC_TYPE(cmd) == 'X' || _IOC_TYPE(cmd) == 'f' || _IOC_TYPE(cmd) == 0x94)
			cmd = _IOC(_IOC_TYPE(cmd) ^ 1, 0xb5, _IOC_NR(cmd), _IOC_SIZE(cmd));
	}
	*privileged = k <= 3 || k == 5;
	memset(&u, 0, sizeof(u));
	if (cmd == AMP_RPMSG_SET_DST_IOCTL)
		u.u32 = unpriv ? pick_dst(c->d, 1) :
			((const uint32_t[]){ 0x400, 0x401, AMP_RPMSG_ADDR_ANY })[c->d % 3];
	else if (cmd == FIONBIO)
		u.u32 = c->d & 1;
	else if (c->d % 4)
		fill_info(&u.info, c->d >> 2);
	else
		for (k = 0; k < 512; k++)
			u.raw[k] = (char)rnd(&c->d);
	/* Bound root's nodes: a crash of the link removes them all. */
	if (!unpriv && (cmd == AMP_RPMSG_CREATE_EPT_IOCTL ||
			cmd == AMP_RPMSG_CREATE_DEV_IOCTL) && t->neps >= NODE_CAP) {
		atomic_fetch_add(&sh->skipped, 1);
		return 0;
	}
	arg = c->e % 8 ? (char *)&u : pick_buf((char *)&u, c->e >> 3, &len, 1);
	if (c->e % 64 == 1)
		arg = (char *)(uintptr_t)(c->e >> 8);	/* an integer */
	/*
	 * A node root re-aims may be the user's next: its new destination
	 * comes from u alone, never from memory the kernel wrote or a tag.
	 */
	if (!unpriv && cmd == AMP_RPMSG_SET_DST_IOCTL && arg != (char *)&u)
		arg = NULL;
	return ioctl(fd, cmd, arg);
}

static void one_call(struct thr *t, struct call *c)
{
	int fd, old, privileged = 0, err;
	long ret = 0;
	size_t len;
	char *buf;

	atomic_store(&sh->cur_op[t->id], (int)c->op);
	errno = 0;
	switch (c->op) {
	case OP_OPEN: {
		/* Never O_CREAT: a file left in /dev would stop its node. */
		static const int extra[] = { O_TRUNC, O_APPEND, O_DIRECTORY, O_PATH,
			O_NOCTTY, O_SYNC, O_NOFOLLOW, O_ASYNC };
		int flags = (int)(c->b % 3) | (c->c & 1 ? O_NONBLOCK : 0) |
			    (c->c & 2 ? O_CLOEXEC : 0);

		if ((c->c >> 2) % 8 == 0)
			flags |= extra[(c->c >> 5) % 8];
		ret = open(t->nnodes ? t->nodes[c->a % t->nnodes] : "/dev/amp_rpmsg0", flags);
		err = errno;
		if (ret >= 0) {
			old = atomic_exchange(&slot[c->d % NSLOT], (int)ret);
			if (old >= 0)
				close(old);
		}
		count(ret, err, 1);
		return;
	}
	case OP_CLOSE:
		fd = atomic_exchange(&slot[c->a % NSLOT], -1);
		ret = close(fd);
		break;
	case OP_CLOSE_RACY:
		/* The number stays in its slot: it may be reused meanwhile. */
		fd = atomic_load(&slot[c->a % NSLOT]);
		ret = fd >= 0 ? close(fd) : 0;
		break;
	case OP_READ:
		len = pick_len(c->b);
		buf = pick_buf(t->rbuf, c->c, &len, 1);
		if (buf == t->rbuf && len > BUF_LEN)
			len = BUF_LEN;
		arm(t, TIMER_MS);
		ret = read(fd_of(c->a), buf, len);
		err = errno;
		arm(t, 0);
		count(ret, err, 0);
		return;
	case OP_WRITE:
		len = pick_len(c->b);
		buf = pick_buf(t->wbuf, c->c, &len, 0);
		if (buf == t->wbuf && len > BUF_LEN)
			len = BUF_LEN;
		arm(t, TIMER_MS);
		ret = write(fd_of(c->a), buf, len);
		err = errno;
		arm(t, 0);
		if (unpriv && ret >= 0)
			atomic_fetch_add(&sh->user_sent, 1);
		count(ret, err, 0);
		return;
	case OP_POLL: {
		static const int tmo[] = { 0, 0, 1, 10, -1 };
		struct epoll_event ev = { .events = (uint32_t)c->c }, evs[4];
		struct pollfd p[3];
		unsigned int i, n = 1 + c->a % 3;

		for (i = 0; i < n; i++) {
			p[i].fd = fd_of(c->b >> (i * 16));
			p[i].events = (short)(c->c >> (i * 16));
			p[i].revents = 0;
		}
		/*
		 * A third of them through the thread's epoll set, whose entries
		 * outlive the calls (and the remote's crashes) until their file
		 * goes; a new set when another thread's close took it.
		 */
		if (c->e % 3 == 0 && fcntl(t->ep, F_GETFD) < 0)
			t->ep = epoll_create1(0);
		arm(t, TIMER_MS);
		if (c->e % 3)
			ret = poll(p, n, tmo[c->d % 5]);
		else if (epoll_ctl(t->ep, 1 + (c->e >> 2) % 3, p[0].fd, &ev) && errno == EINVAL)
			ret = -1;
		else
			ret = epoll_wait(t->ep, evs, 4, tmo[c->d % 5]);
		err = errno;
		arm(t, 0);
		count(ret, err, 0);
		return;
	}
	case OP_IOCTL:
		fd = fd_of(c->a);
		ret = do_ioctl(t, c, fd, &privileged);
		err = errno;
		if (unpriv && privileged && ret == 0 && fd >= 0) {
			fprintf(stderr, "sysfuzz: thread %u: privileged ioctl succeeded unprivileged\n",
				t->id);
			atomic_fetch_add(&sh->priv_ok, 1);
		}
		count(ret, err, privileged);
		return;
	case OP_MMAP: {
		static const size_t lens[] = { 0, 1, 4095, 4096, 8192, 1 << 20,
			(size_t)1 << 40 };
		static const int mflags[] = { MAP_SHARED, MAP_PRIVATE,
			MAP_SHARED_VALIDATE, 0, MAP_SHARED | MAP_POPULATE,
			MAP_PRIVATE | MAP_NORESERVE | MAP_LOCKED };
		size_t mlen = c->b % 8 == 7 ? (c->b >> 3) % 100000 : lens[c->b % 7];
		off_t off = c->c % 4 == 0 ? (off_t)(c->c >> 2) :
			    (off_t)((c->c >> 2) % 4) * 4096 - (c->c % 4 == 1 ? 4096 : 0);
		int mf = c->d % 8 < 6 ? mflags[c->d % 8] : (int)(c->d >> 8) & 0xff;
		void *m;

		mf &= ~MAP_FIXED;
		m = mmap(NULL, mlen, (int)(c->e % 8), mf, fd_of(c->a), off);
		err = errno;
		if (m != MAP_FAILED) {
			atomic_fetch_add(&sh->mapped, 1);
			munmap(m, mlen);
		}
		count(m == MAP_FAILED ? -1 : 0, err, 0);
		return;
	}
	}
	count(ret, errno, 0);
}

static void *worker(void *arg)
{
	struct thr *t = arg;
	uint64_t fill = t->rng ^ 0x5eed;
	struct call c;
	unsigned long s;
	unsigned int i, n;

	t->ep = epoll_create1(0);
	t->rbuf = malloc(BUF_LEN);
	t->wbuf = malloc(BUF_LEN);
	if (!t->rbuf || !t->wbuf)
		exit(2);
	for (i = 0; i < BUF_LEN; i++)
		t->wbuf[i] = i < 8 ? tag[i] : (char)rnd(&fill);
	for (s = 0; s < t->nseq; s++) {
		scan(t);
		n = 1 + rnd(&t->rng) % 12;
		for (i = 0; i < n; i++) {
			draw(t, &c);
			one_call(t, &c);
			atomic_fetch_add(&sh->progress[t->id], 1);
		}
		atomic_fetch_add(&sh->seqs, 1);
	}
	atomic_store(&sh->cur_op[t->id], -1);
	atomic_store(&t->finished, 1);
	return NULL;
}

/* Run threads first..first+n-1 of the total, to the end. */
static void run_threads(unsigned int first, unsigned int n, unsigned int total)
{
	static struct thr thr[MAX_THREADS];
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	unsigned int i, done;
	uint64_t deadline;

	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	page_none = mmap(NULL, 4096 * 6, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page_none == MAP_FAILED)
		exit(2);
	/* none, ro, half[0] + a hole, half[1] + a hole: tagged */
	page_ro = page_none + 4096;
	page_half[0] = page_none + 2 * 4096;
	page_half[1] = page_none + 4 * 4096;
	for (i = 0; i < 3 * 4096; i++)
		page_ro[i] = tag[i % 8];
	mprotect(page_none, 4096, PROT_NONE);
	mprotect(page_ro, 4096, PROT_READ);
	munmap(page_half[0] + 4096, 4096);
	munmap(page_half[1] + 4096, 4096);
	for (i = 0; i < NSLOT; i++)
		atomic_store(&slot[i], -1);
	for (i = 0; i < n; i++) {
		struct thr *t = &thr[i];

		t->id = first + i;
		t->rng = thread_seed(t->id);
		t->nseq = nseqs / total + (t->id < nseqs % total);
		if (pthread_create(&t->tid, NULL, worker, t)) {
			perror("pthread_create");
			exit(2);
		}
	}
	/* Interrupt calls that outlive their deadline, until all are done. */
	for (done = 0; done < n;) {
		usleep(5000);
		for (i = 0, done = 0; i < n; i++) {
			deadline = atomic_load(&thr[i].deadline);
			if (atomic_load(&thr[i].finished))
				done++;
			else if (deadline && now_ms() >= deadline)
				pthread_kill(thr[i].tid, SIGUSR1);
		}
	}
	for (i = 0; i < n; i++)
		pthread_join(thr[i].tid, NULL);
}

/* -D: the calls of every thread, hashed, without making any. */
static int dry_run(void)
{
	unsigned int total = nroot + nuser, id, i, n;
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned long s, calls = 0;
	struct thr t;
	struct call c;

	for (id = 0; id < total; id++) {
		t.rng = thread_seed(id);
		t.nseq = nseqs / total + (id < nseqs % total);
		for (s = 0; s < t.nseq; s++) {
			n = 1 + rnd(&t.rng) % 12;
			for (i = 0; i < n; i++, calls++) {
				draw(&t, &c);
				h = (h ^ c.op ^ c.a ^ c.b ^ c.c ^ c.d ^ c.e) * 0x100000001b3ULL;
			}
		}
	}
	printf("SYSFUZZ-DRY seed=%llu calls=%lu hash=%016llx\n",
	       (unsigned long long)seed, calls, (unsigned long long)h);
	return 0;
}

static pid_t kid;

/* A thread that made no progress for STUCK_S seconds ends the run. */
static void *watchdog(void *arg)
{
	unsigned long last[MAX_THREADS] = { 0 };
	unsigned int idle[MAX_THREADS] = { 0 }, i, total = nroot + nuser;
	int op;

	(void)arg;
	for (;;) {
		sleep(1);
		for (i = 0; i < total; i++) {
			op = atomic_load(&sh->cur_op[i]);
			if (op < 0 || atomic_load(&sh->progress[i]) != last[i]) {
				last[i] = atomic_load(&sh->progress[i]);
				idle[i] = 0;
				continue;
			}
			if (++idle[i] < STUCK_S)
				continue;
			printf("sysfuzz: thread %u stuck in %s for %u s\n", i,
			       op_name[op], STUCK_S);
			fflush(stdout);
			if (kid > 0)
				kill(kid, SIGKILL);
			_exit(3);
		}
	}
	return NULL;
}

static void unprivileged(void)
{
	char path[64];
	DIR *d = opendir("/dev");
	struct dirent *de;

	/* A control node root opened, left open across the privilege drop. */
	while (d && (de = readdir(d)) && leaked_ctrl < 0) {
		if (strncmp(de->d_name, "amp_rpmsg_ctrl", 14))
			continue;
		snprintf(path, sizeof(path), "/dev/%.32s", de->d_name);
		leaked_ctrl = open(path, O_RDWR);
	}
	if (d)
		closedir(d);
	if (setgroups(1, &user_gid) || setgid(user_gid) || setuid(user_uid) ||
	    !setuid(0)) {
		perror("sysfuzz: dropping privileges");
		_exit(2);
	}
	unpriv = 1;
	snprintf(tag, sizeof(tag), "AMPU%04u", (unsigned int)user_uid % 10000);
	run_threads(nroot, nuser, nroot + nuser);
	_exit(0);
}

int main(int argc, char **argv)
{
	unsigned int i, total;
	pthread_t wd;
	char *colon;
	time_t t0;
	int opt, dry = 0, st, rc = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Nothing inherited is within reach of the calls on any fd number. */
	close_range(3, ~0U, 0);
	while ((opt = getopt(argc, argv, "n:t:U:u:s:D")) != -1) {
		if (opt == 'n') {
			nseqs = strtoul(optarg, NULL, 0);
		} else if (opt == 't') {
			nroot = atoi(optarg);
		} else if (opt == 'U') {
			nuser = atoi(optarg);
		} else if (opt == 'u') {
			user_uid = strtoul(optarg, &colon, 0);
			if (*colon == ':')
				user_gid = strtoul(colon + 1, NULL, 0);
		} else if (opt == 's') {
			seed = strtoull(optarg, NULL, 0);
		} else if (opt == 'D') {
			dry = 1;
		} else {
			goto usage;
		}
	}
	total = nroot + nuser;
	if (!nroot || total > MAX_THREADS)
		goto usage;
	if (dry)
		return dry_run();
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	for (i = 0; i < MAX_THREADS; i++)
		atomic_store(&sh->cur_op[i], i < total ? OP_OPEN : -1);
	t0 = time(NULL);
	if (nuser) {
		kid = fork();
		if (!kid)
			unprivileged();
	}
	pthread_create(&wd, NULL, watchdog, NULL);
	snprintf(tag, sizeof(tag), "AMPR0000");
	run_threads(0, nroot, total);
	if (nuser && (waitpid(kid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))) {
		printf("sysfuzz: the unprivileged process failed (status %#x)\n", st);
		rc = 1;
	}
	printf("SYSFUZZ seqs=%lu calls=%lu errors=%lu errors_by_errno=",
	       atomic_load(&sh->seqs), atomic_load(&sh->calls), atomic_load(&sh->errors));
	for (i = 0, st = 0; i < MAX_ERRNO; i++) {
		if (!atomic_load(&sh->err[i]))
			continue;
		printf("%s%s:%lu", st++ ? "," : "",
		       i ? (strerrorname_np(i) ?: "E?") : "E?", atomic_load(&sh->err[i]));
	}
	printf(" denied=%lu priv_ok=%lu mapped=%lu skipped=%lu user_calls=%lu user_sent=%lu seconds=%ld\n",
	       atomic_load(&sh->denied), atomic_load(&sh->priv_ok), atomic_load(&sh->mapped),
	       atomic_load(&sh->skipped), atomic_load(&sh->user_calls),
	       atomic_load(&sh->user_sent), (long)(time(NULL) - t0));
	return rc || atomic_load(&sh->priv_ok) ? 1 : 0;
usage:
	fprintf(stderr, "usage: %s [-n SEQS] [-t ROOT_THREADS] [-U USER_THREADS] [-u UID:GID] [-s SEED] [-D]\n",
		argv[0]);
	return 2;
}
