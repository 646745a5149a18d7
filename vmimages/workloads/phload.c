/* Probe Harness workload: makes an exact number of system calls so probe hit counts can be
 * checked exactly. Built statically for each guest architecture.
 *   phload getpid N        N getpid() calls
 *   phload getppid N       N getppid() calls
 *   phload open PATH N     N open()+close() pairs on PATH
 *   phload sleepers N MS   N threads that each sleep MS ms inside nanosleep, concurrently
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long count(const char *s) {
    char *end;
    long n = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || n < 0) {
        fprintf(stderr, "phload: bad count '%s'\n", s);
        exit(2);
    }
    return n;
}

static void *sleeper(void *arg) {
    long ms = (long)arg;
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "getpid") == 0) {
        long n = count(argv[2]);
        for (long i = 0; i < n; i++) syscall(SYS_getpid);
        printf("phload: %ld getpid calls\n", n);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "getppid") == 0) {
        long n = count(argv[2]);
        for (long i = 0; i < n; i++) syscall(SYS_getppid);
        printf("phload: %ld getppid calls\n", n);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "open") == 0) {
        long n = count(argv[3]);
        for (long i = 0; i < n; i++) {
            int fd = open(argv[2], O_RDONLY);
            if (fd >= 0) close(fd);
        }
        printf("phload: %ld open calls\n", n);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "sleepers") == 0) {
        long n = count(argv[2]), ms = count(argv[3]);
        pthread_t *t = calloc(n, sizeof *t);
        for (long i = 0; i < n; i++) pthread_create(&t[i], NULL, sleeper, (void *)ms);
        for (long i = 0; i < n; i++) pthread_join(t[i], NULL);
        printf("phload: %ld sleepers of %ld ms\n", n, ms);
        return 0;
    }
    fprintf(stderr, "usage: phload getpid N | getppid N | open PATH N | sleepers N MS\n");
    return 2;
}
