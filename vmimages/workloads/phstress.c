/* Probe Harness workload for the phstress module (vmimages/modules/phstress, /proc/phstress).
 * Every command is written by this process's own threads, so the module's counters are exact.
 *   phstress sleep N MS      N threads on every CPU (pinned), all released at once by a barrier,
 *                            each sleeping MS ms inside phstress_sleep()
 *   phstress recurse D       one call of phstress_recurse(D), from this thread
 *   phstress noreturn K      K kthreads, one after the other, each ending in phstress_noreturn()
 *   phstress pair K          K calls of phstress_entry_a() and of phstress_entry_b()
 *   phstress stack K         K calls of phstress_stack_caller()
 * Prints the number of calls made; exits 1 when a write fails (the module is not loaded).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROC "/proc/phstress"

static long count(const char *s) {
    char *end;
    long n = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || n < 0) {
        fprintf(stderr, "phstress: bad count '%s'\n", s);
        exit(2);
    }
    return n;
}

static int command(const char *cmd) {
    int fd = open(PROC, O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "phstress: %s: %s\n", PROC, strerror(errno));
        return -1;
    }
    ssize_t w = write(fd, cmd, strlen(cmd));
    int e = errno;
    close(fd);
    if (w < 0) {
        fprintf(stderr, "phstress: '%s': %s\n", cmd, strerror(e));
        return -1;
    }
    return 0;
}

static pthread_barrier_t start;
static char sleep_cmd[32];
static int failed;

struct sleeper { pthread_t t; int cpu; };

static void *sleeper(void *arg) {
    struct sleeper *s = arg;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(s->cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
    pthread_barrier_wait(&start);
    if (command(sleep_cmd)) __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
    return NULL;
}

static int repeat(const char *cmd, long k) {
    for (long i = 0; i < k; i++)
        if (command(cmd)) return 1;
    printf("phstress: %ld x %s\n", k, cmd);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "sleep") == 0) {
        long per_cpu = count(argv[2]), ms = count(argv[3]);
        long cpus = sysconf(_SC_NPROCESSORS_ONLN), n = per_cpu * cpus;
        snprintf(sleep_cmd, sizeof sleep_cmd, "sleep %ld", ms);
        struct sleeper *s = calloc(n, sizeof *s);
        pthread_barrier_init(&start, NULL, n);
        for (long i = 0; i < n; i++) {
            s[i].cpu = i % cpus;
            pthread_create(&s[i].t, NULL, sleeper, &s[i]);
        }
        for (long i = 0; i < n; i++) pthread_join(s[i].t, NULL);
        printf("phstress: %ld sleepers (%ld per CPU, %ld CPUs) of %ld ms\n", n, per_cpu, cpus, ms);
        return failed;
    }
    if (argc == 3 && strcmp(argv[1], "recurse") == 0) {
        char cmd[32];
        snprintf(cmd, sizeof cmd, "recurse %ld", count(argv[2]));
        return repeat(cmd, 1);
    }
    if (argc == 3 && strcmp(argv[1], "noreturn") == 0) return repeat("noreturn", count(argv[2]));
    if (argc == 3 && strcmp(argv[1], "pair") == 0) return repeat("pair", count(argv[2]));
    if (argc == 3 && strcmp(argv[1], "stack") == 0) return repeat("stack", count(argv[2]));
    fprintf(stderr, "usage: phstress sleep N MS | recurse D | noreturn K | pair K | stack K\n");
    return 2;
}
