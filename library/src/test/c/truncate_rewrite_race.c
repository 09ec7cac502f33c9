/*
 * The truncation storm without a JVM: shows what the file system alone gives a reader of a shared
 * mapping while the file is cut to a random page-aligned size and written back every 1-2 ms and
 * another thread stores the file's own bytes through the mapping. A byte that differs from the
 * file's content, read with no SIGBUS, is the file system's doing: nothing here ever writes it.
 *
 *   gcc -O2 -pthread -o /tmp/race library/src/test/c/truncate_rewrite_race.c
 *   /tmp/race /tmp/race.bin 150       # ext4: a few pages of zeros in ~20 million reads (Linux 6.18)
 *   /tmp/race /dev/shm/race.bin 150   # tmpfs: none
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define SIZE (1 << 20)

static unsigned char content[SIZE];
static unsigned char *map;
static atomic_int stop;
static atomic_long wrong, faults, reads;
static __thread sigjmp_buf jump;
static __thread unsigned long seed; /* thread-local, so that siglongjmp leaves it intact */

static void on_sigbus(int sig) { (void) sig; siglongjmp(jump, 1); }

/* Lines of 63 letters and a newline, as TruncationStorm's file. */
static unsigned char expected(long i) {
    long line = i / 64;
    int col = (int) (i % 64);
    return col == 63 ? '\n' : (unsigned char) ('a' + (line + col) % 26);
}

static unsigned long next(void) {
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return seed;
}

/* Stores the bytes already there: whole ranges, or every third byte of one. */
static void *writer(void *arg) {
    seed = (unsigned long) arg * 104729 + 3;
    while (!stop) {
        unsigned long r = next();
        long at = (long) ((r >> 20) % (SIZE - 8192));
        int n = 1 + (int) ((r >> 8) % 2048);
        if (sigsetjmp(jump, 1)) { faults++; continue; }
        if (r & 1) {
            memcpy(map + at, content + at, n);
        } else {
            for (int k = 0; k < n; k++) map[at + 3L * k] = content[at + 3L * k];
        }
    }
    return NULL;
}

/* Copies a random range out and checks every byte. */
static void *reader(void *arg) {
    seed = (unsigned long) arg * 7919 + 1;
    unsigned char buf[4096];
    while (!stop) {
        unsigned long r = next();
        long at = (long) ((r >> 20) % (SIZE - 8192));
        int n = 1 + (int) ((r >> 8) % 4096);
        if (sigsetjmp(jump, 1)) { faults++; continue; }
        memcpy(buf, map + at, n);
        reads++;
        for (int k = 0; k < n; k++) {
            if (buf[k] != content[at + k]) {
                wrong++;
                fprintf(stderr, "wrong at %ld: %02x where the file holds %02x\n", at + k, buf[k], content[at + k]);
                break;
            }
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s FILE SECONDS\n", argv[0]); return 2; }
    for (long i = 0; i < SIZE; i++) content[i] = expected(i);
    int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || pwrite(fd, content, SIZE, 0) != SIZE) { perror(argv[1]); return 1; }
    map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { perror("mmap"); return 1; }
    struct sigaction sa = {0};
    sa.sa_handler = on_sigbus;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGBUS, &sa, NULL);
    pthread_t threads[3];
    for (long i = 0; i < 2; i++) pthread_create(&threads[i], NULL, reader, (void *) i);
    pthread_create(&threads[2], NULL, writer, (void *) 9);
    time_t end = time(NULL) + atoi(argv[2]);
    long events = 0;
    seed = 12345;
    while (time(NULL) < end) {
        unsigned long r = next();
        long kept = (long) ((r >> 33) % (SIZE / 4096)) * 4096;
        if (ftruncate(fd, kept) != 0) { perror("ftruncate"); return 1; }
        events++;
        struct timespec pause = {0, 500000 + (long) ((r >> 10) % 500000)};
        nanosleep(&pause, NULL);
        for (long at = kept; at < SIZE;) {
            ssize_t w = pwrite(fd, content + at, SIZE - at, at);
            if (w <= 0) { perror("pwrite"); return 1; }
            at += w;
        }
        nanosleep(&pause, NULL);
    }
    stop = 1;
    for (int i = 0; i < 3; i++) pthread_join(threads[i], NULL);
    printf("events %ld reads %ld faults %ld wrong %ld\n", events, (long) reads, (long) faults, (long) wrong);
    unlink(argv[1]);
    return wrong != 0;
}
