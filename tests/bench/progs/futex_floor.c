// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc make bench: the floor of a userspace round trip. Two threads of one
 * process ping-pong through a futex word N times (wake the other, sleep until
 * woken back); a round trip is two wake-ups and two context switches, what
 * any request/response between two tasks costs at least.
 *
 * usage: futex_floor N
 * Prints: n= rtt_med_ns= rtt_p99_ns= rtt_min_ns= rtt_max_ns= msgs_per_s=
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static _Atomic uint32_t word;	/* 0: the pinger's turn, 1: the ponger's */
static int rounds;

static void fwait(uint32_t val)
{
	while (atomic_load(&word) == val)
		syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void fset(uint32_t val)
{
	atomic_store(&word, val);
	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *ponger(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < rounds; i++) {
		fwait(0);
		fset(0);
	}
	return NULL;
}

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

int main(int argc, char **argv)
{
	uint64_t *s, t0, total = 0;
	pthread_t t;
	int i, n;

	n = argc > 1 ? atoi(argv[1]) : 10000;
	s = calloc(n > 0 ? n : 1, sizeof(*s));
	if (!s || n <= 0)
		return 2;
	rounds = n;
	if (pthread_create(&t, NULL, ponger, NULL))
		return 1;
	for (i = 0; i < n; i++) {
		t0 = now_ns();
		/* hand the turn over and wait for it to come back */
		atomic_store(&word, 1);
		syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		fwait(1);
		s[i] = now_ns() - t0;
		total += s[i];
	}
	pthread_join(t, NULL);
	qsort(s, n, sizeof(*s), cmp_u64);
	printf("n=%d rtt_med_ns=%llu rtt_p99_ns=%llu rtt_min_ns=%llu rtt_max_ns=%llu msgs_per_s=%llu\n",
	       n, (unsigned long long)s[n / 2],
	       (unsigned long long)s[n - 1 - n / 100], (unsigned long long)s[0],
	       (unsigned long long)s[n - 1],
	       (unsigned long long)(n * 1000000000ULL / (total ? total : 1)));
	return 0;
}
