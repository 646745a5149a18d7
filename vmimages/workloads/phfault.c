/* Probe Harness workload for error injection: makes one system call while the injector is armed
 * for this process only, then the same call again unarmed, and prints what each returned.
 *   phfault open PATH | mkdir PATH | write PATH | fsync PATH | socket | fork | pipe
 * It arms itself by writing its pid to the file named by $PHINJECT_ARM (the error-injection
 * module's pid parameter) right before the call and disarms right after, so its other calls
 * (printing, counting fds, undoing what the call made, exit) never meet an injected error.
 * Disarming is one more write to the file it opened before arming: a rule that fails every write
 * (rw_verify_area, always) would fail it too, so write tests inject with first:1. Without $PHINJECT_ARM it only
 * makes the calls: the control run.
 * Output, printed at the end (printing is a write, which some tests make fail):
 *   open: EACCES      the armed call: ok, or the errno's name
 *   again: ok         the same call unarmed
 *   fds: same         the fd table after both calls (and their clean-up) matches the one before
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *errno_name(int e) {
    switch (e) {
    case 0: return "ok";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    default: return NULL;
    }
}

/* The arming file, opened once before anything is armed: disarming opens nothing. */
static int arm_fd = -1;

static void arm(const char *path, int pid) {
    if (path == NULL) return;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%d\n", pid);
    if (arm_fd < 0 || pwrite(arm_fd, buf, n, 0) != n) {
        fprintf(stderr, "phfault: cannot write %d to %s: %s\n", pid, path, strerror(errno));
        exit(3);
    }
}

static int count_fds(void) {
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    if (d == NULL) return -1;
    while (readdir(d) != NULL) n++;
    closedir(d);
    return n;
}

/* What an attempt left behind, undone only once the injector is disarmed: the clean-up's own
 * calls (close, rmdir, wait) are not the call under test and must never meet an injected error. */
struct leftover { int fd; int pipe[2]; pid_t child; int made_dir; };

/* One attempt of the operation: its errno (0 when it worked); what it made goes into *left. */
static int attempt(const char *op, const char *path, struct leftover *left) {
    int rc = -1;
    *left = (struct leftover){ .fd = -1, .pipe = { -1, -1 }, .child = -1 };
    if (strcmp(op, "open") == 0) {
        rc = left->fd = open(path, O_RDONLY);
    } else if (strcmp(op, "mkdir") == 0) {
        rc = mkdirat(AT_FDCWD, path, 0755);
        left->made_dir = rc == 0;
    } else if (strcmp(op, "socket") == 0) {
        rc = left->fd = socket(AF_UNIX, SOCK_STREAM, 0);
    } else if (strcmp(op, "fork") == 0) {
        pid_t child = fork();
        if (child == 0) _exit(0);
        left->child = child;
        rc = child > 0 ? 0 : -1;
    } else if (strcmp(op, "pipe") == 0) {
        rc = pipe(left->pipe);
    }
    return rc < 0 ? errno : 0;
}

static void undo(const char *path, const struct leftover *left) {
    if (left->fd >= 0) close(left->fd);
    if (left->pipe[0] >= 0) { close(left->pipe[0]); close(left->pipe[1]); }
    if (left->child > 0) waitpid(left->child, NULL, 0);
    if (left->made_dir) rmdir(path);
}

static int file_attempt(const char *op, const char *path, const char *armpath) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fprintf(stderr, "phfault: cannot open %s: %s\n", path, strerror(errno));
        exit(3);
    }
    arm(armpath, getpid());
    int rc = strcmp(op, "write") == 0 ? (write(fd, "x", 1) == 1 ? 0 : -1) : fsync(fd);
    int e = rc < 0 ? errno : 0;
    arm(armpath, 0);
    close(fd);
    unlink(path);
    return e;
}

int main(int argc, char **argv) {
    static const char *ops[] = { "open", "mkdir", "write", "fsync", "socket", "fork", "pipe" };
    const char *op = argc > 1 ? argv[1] : "";
    int known = 0, needs_path = strcmp(op, "socket") != 0 && strcmp(op, "fork") != 0 && strcmp(op, "pipe") != 0;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) known |= strcmp(op, ops[i]) == 0;
    if (!known || argc != (needs_path ? 3 : 2)) {
        fprintf(stderr, "usage: phfault open PATH | mkdir PATH | write PATH | fsync PATH | socket | fork | pipe\n");
        return 2;
    }
    const char *path = needs_path ? argv[2] : NULL;
    const char *armpath = getenv("PHINJECT_ARM");
    int file_op = strcmp(op, "write") == 0 || strcmp(op, "fsync") == 0;

    if (armpath != NULL) arm_fd = open(armpath, O_WRONLY);
    int fds_before = count_fds(), first, again;
    if (file_op) {
        first = file_attempt(op, path, armpath);
        again = file_attempt(op, path, NULL);
    } else {
        struct leftover left;
        arm(armpath, getpid());
        first = attempt(op, path, &left);
        arm(armpath, 0);
        undo(path, &left);
        again = attempt(op, path, &left);
        undo(path, &left);
    }
    int fds_after = count_fds();
    if (arm_fd >= 0) close(arm_fd);

    const char *f = errno_name(first), *a = errno_name(again);
    if (f) printf("%s: %s\n", op, f); else printf("%s: errno %d\n", op, first);
    if (a) printf("again: %s\n", a); else printf("again: errno %d\n", again);
    if (fds_before == fds_after) printf("fds: same\n");
    else printf("fds: %d before, %d after\n", fds_before, fds_after);
    return 0;
}
