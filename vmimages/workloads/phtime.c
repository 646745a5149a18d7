/* Probe Harness timing workload: how long N system calls take, for probe overhead figures.
 *   phtime getpid N     prints "<N> <elapsed ns>" for N getpid() calls, timed with CLOCK_MONOTONIC
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 3 || strcmp(argv[1], "getpid") != 0) {
        fprintf(stderr, "usage: phtime getpid N\n");
        return 2;
    }
    char *end;
    long n = strtol(argv[2], &end, 10);
    if (*argv[2] == '\0' || *end != '\0' || n <= 0) {
        fprintf(stderr, "phtime: bad count '%s'\n", argv[2]);
        return 2;
    }
    long long t0 = now_ns();
    for (long i = 0; i < n; i++) syscall(SYS_getpid);
    long long t1 = now_ns();
    printf("%ld %lld\n", n, t1 - t0);
    return 0;
}
