/*
 * C baseline for the ffmap benchmark suite, driven in lockstep with the Java side.
 *
 * Usage:
 *   ffmap_bench                         serve: read commands from stdin, one per line
 *   ffmap_bench <case> <path> <ops> [arg]   run one command and exit
 *
 * Built with -shared it is also a library whose ffmap_bench_run() runs one command inside the
 * calling process: the Java driver calls it from its own JVM, so a comparison can show C in the
 * JVM's address space (its threads, its many mappings) beside C in a process of its own.
 *
 * A command is "<case> <path> <ops> [arg]": run one timed batch of <ops> operations of <case> on
 * <path> and print one JSON line: {"case":…,"ns_per_op":…,"ops":…,"check":…,"m":{…}}. The driver
 * (dev.ffmap.bench.rounds) sends one command per round, between the Java sides' batches, so C
 * and Java see the same machine load. State a case needs across batches (an open file, a warm
 * mapping) is made at its first command and kept. Diagnostics go to stderr; a failed call exits
 * with status 1 and a message naming the call, its arguments and the error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PAGE 4096u
#define NEEDLE "ffmap-needle-16b"
#define MAX_FILES 100000

/* What one batch measured, printed as the JSON line. */
struct result {
    uint64_t ns;          /* timed nanoseconds of the whole batch */
    char check[160];      /* a value that proves the work was done */
    char metrics[256];    /* extra figures, as JSON members ("\"read_bytes\":123") */
};

/* Keeps reads and results observable so the compiler cannot drop the work. */
static volatile uint64_t sink;

/* ---- error handling and small helpers -------------------------------- */

/* Reports a failed call in the agreed format and exits with status 1. */
static _Noreturn void die(const char *call, const char *fmt, ...)
{
    int err = errno;
    char args[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s(%s) failed: %s\n", call, args, strerror(err));
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        die("clock_gettime", "CLOCK_MONOTONIC");
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int open_ro(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("open", "\"%s\", O_RDONLY|O_CLOEXEC", path);
    return fd;
}

static size_t file_size(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        die("fstat", "%d", fd);
    return (size_t)st.st_size;
}

static void *map(size_t size, int prot, int flags, int fd)
{
    void *p = mmap(NULL, size, prot, flags, fd, 0);
    if (p == MAP_FAILED)
        die("mmap", "NULL, %zu, %d, 0x%x, %d, 0", size, prot, flags, fd);
    return p;
}

static void unmap(void *p, size_t size)
{
    if (munmap(p, size) != 0)
        die("munmap", "%p, %zu", p, size);
}

static void xclose(int fd)
{
    if (close(fd) != 0)
        die("close", "%d", fd);
}

static void advise(void *p, size_t size, int advice, const char *name)
{
    if (madvise(p, size, advice) != 0)
        die("madvise", "%p, %zu, %s", p, size, name);
}

static uint64_t xorshift(uint64_t x)
{
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
}

/*
 * Plain loop on purpose: the build (-O3 -march=native) vectorises it, as the JIT does the
 * Java loop. noinline keeps it easy to find in objdump.
 */
__attribute__((noinline)) static uint64_t sum_words(const uint64_t *p, size_t n)
{
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += p[i];
    return s;
}

/* This process's read_bytes from /proc/self/io: bytes it caused to be read from storage. */
static long long read_bytes(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    if (!f)
        return -1;
    char line[128];
    long long v = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "read_bytes: %lld", &v) == 1)
            break;
    fclose(f);
    return v;
}

/* Pages of [p, p + size) in the page cache (mincore on a file mapping reports the cache). */
static size_t resident_pages(void *p, size_t size)
{
    size_t npages = (size + PAGE - 1) / PAGE;
    unsigned char *vec = malloc(npages);
    if (!vec)
        die("malloc", "%zu", npages);
    if (mincore(p, size, vec) != 0)
        die("mincore", "%p, %zu, vec", p, size);
    size_t resident = 0;
    for (size_t i = 0; i < npages; i++)
        resident += vec[i] & 1;
    free(vec);
    return resident;
}

/*
 * Drops the file from the page cache. POSIX_FADV_DONTNEED skips pages that are mapped, dirty,
 * locked or under writeback at that instant, hence the retries; returns the resident fraction.
 */
static double drop_cache(int fd, size_t size)
{
    double frac = 1.0;
    for (int attempt = 0; attempt <= 3 && frac >= 0.01; attempt++) {
        int rc = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (rc != 0) {
            errno = rc;  /* posix_fadvise returns the error, not errno */
            die("posix_fadvise", "%d, 0, 0, POSIX_FADV_DONTNEED", fd);
        }
        void *p = map(size, PROT_READ, MAP_SHARED, fd);
        frac = (double)resident_pages(p, size) / (double)((size + PAGE - 1) / PAGE);
        unmap(p, size);
    }
    return frac;
}

/* AnonHugePages (KiB) of the mapping that contains p, from /proc/self/smaps. */
static long anon_huge_kib(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    int inside = 0;
    long kib = -1, v;
    uintptr_t lo, hi, at = (uintptr_t)p;
    while (fgets(line, sizeof line, f)) {
        char *space = strchr(line, ' ');
        /* "lo-hi perms …" starts a mapping; "Name: value kB" lines describe the current one. */
        if (space && space[-1] != ':' && sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) == 2)
            inside = lo <= at && at < hi;
        else if (inside && sscanf(line, "AnonHugePages: %ld kB", &v) == 1)
            kib = v;
    }
    fclose(f);
    return kib;
}

/* ---- the file a case works on, opened once ---------------------------- */

struct file {
    char path[4096];
    int fd;
    size_t size;
    void *warm;   /* a long-lived read mapping (scan, random, find), or NULL */
};

static struct file the_file = { .fd = -1 };

/* The open file for path; a command for another path closes the previous one. */
static struct file *file_for(const char *path)
{
    struct file *f = &the_file;
    if (f->fd >= 0 && strcmp(f->path, path) == 0)
        return f;
    if (f->warm)
        unmap(f->warm, f->size);
    if (f->fd >= 0)
        xclose(f->fd);
    snprintf(f->path, sizeof f->path, "%s", path);
    f->fd = open_ro(path);
    f->size = file_size(f->fd);
    f->warm = NULL;
    return f;
}

/* The long-lived mapping of path, every page touched once (page tables filled). */
static const uint64_t *warm_map(const char *path)
{
    struct file *f = file_for(path);
    if (!f->warm) {
        f->warm = map(f->size, PROT_READ, MAP_SHARED, f->fd);
        const volatile uint8_t *b = f->warm;
        uint64_t touched = 0;
        for (size_t off = 0; off < f->size; off += PAGE)
            touched += b[off];
        sink = touched;
    }
    return f->warm;
}

/* ---- cases: the cost of a mapping ------------------------------------- */

/* mmap + munmap of the whole (open) file, untouched. */
static void case_map_unmap(const char *path, long ops, const char *arg, struct result *r)
{
    (void)arg;
    struct file *f = file_for(path);
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++)
        unmap(map(f->size, PROT_READ, MAP_SHARED, f->fd), f->size);
    r->ns = now_ns() - t0;
    snprintf(r->check, sizeof r->check, "size=%zu", f->size);
}

/*
 * open + fstat + mmap + munmap + close, untouched: what FileChannel.open + map + Arena.close does.
 * With <arg> "close-first", the descriptor is closed right after mmap and munmap comes last, which
 * is what Mapping.map + close does (the mapping keeps no descriptor): then munmap drops the file's
 * last reference instead of close.
 */
static void case_open_map_close(const char *path, long ops, const char *arg, struct result *r)
{
    int close_first = arg && strcmp(arg, "close-first") == 0;
    if (arg && !close_first) {
        fprintf(stderr, "open-map-close: the argument is close-first or nothing, not %s\n", arg);
        exit(2);
    }
    size_t size = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        int fd = open_ro(path);
        size = file_size(fd);
        void *p = map(size, PROT_READ, MAP_SHARED, fd);
        if (close_first) {
            xclose(fd);
            unmap(p, size);
        } else {
            unmap(p, size);
            xclose(fd);
        }
    }
    r->ns = now_ns() - t0;
    snprintf(r->check, sizeof r->check, "size=%zu", size);
}

/*
 * Many files, one lifetime: for each of <arg> files in the directory <path> (00000.bin …):
 * open, fstat, mmap, close the descriptor, read the first byte; then munmap them all, as an
 * arena's close does. One op is the whole set.
 */
static void case_many_files(const char *dir, long ops, const char *arg, struct result *r)
{
    long count = arg ? strtol(arg, NULL, 10) : 0;
    if (count <= 0 || count > MAX_FILES) {
        fprintf(stderr, "many-files: count must be 1..%d, not %s\n", MAX_FILES, arg ? arg : "(none)");
        exit(2);
    }
    static char *names[MAX_FILES];
    static void *maps[MAX_FILES];
    static size_t sizes[MAX_FILES];
    for (long i = 0; i < count; i++) {
        if (!names[i] && asprintf(&names[i], "%s/%05ld.bin", dir, i) < 0)
            die("asprintf", "%s/%05ld.bin", dir, i);
    }
    uint64_t bytes = 0;
    uint64_t t0 = now_ns();
    for (long op = 0; op < ops; op++) {
        for (long i = 0; i < count; i++) {
            int fd = open_ro(names[i]);
            sizes[i] = file_size(fd);
            maps[i] = map(sizes[i], PROT_READ, MAP_SHARED, fd);
            xclose(fd);
            bytes += *(volatile const uint8_t *)maps[i];
        }
        for (long i = 0; i < count; i++)
            unmap(maps[i], sizes[i]);
    }
    r->ns = now_ns() - t0;
    snprintf(r->check, sizeof r->check, "files=%ld;byte_sum=%" PRIu64, count, bytes);
}

/* ---- cases: anonymous memory ------------------------------------------ */

/*
 * Allocate <size> bytes of anonymous memory with the advice <how> asks for, fill it with memset,
 * unmap (all timed). Reports the huge share (AnonHugePages) and the time of random 8-byte reads
 * over the filled memory (untimed for the batch).
 */
enum anon_advice { ANON_4K, ANON_HUGE_FAULT, ANON_HUGE_POPULATE };

static void anon_fill(const char *name, enum anon_advice how, long ops, const char *arg, struct result *r)
{
    size_t size = arg ? strtoull(arg, NULL, 10) : 0;
    if (size == 0) {
        fprintf(stderr, "%s: give the size in bytes\n", name);
        exit(2);
    }
    uint64_t timed = 0, read_ns = 0, reads = 1u << 20, x = 42, sum = 0;
    long huge_kib = 0;
    for (long op = 0; op < ops; op++) {
        uint64_t t0 = now_ns();
        uint8_t *p = map(size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
        if (how != ANON_4K)
            advise(p, size, MADV_HUGEPAGE, "MADV_HUGEPAGE");
        if (how == ANON_HUGE_POPULATE)
            advise(p, size, MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE");
        memset(p, 1, size);
        timed += now_ns() - t0;
        huge_kib = anon_huge_kib(p);  /* untimed, as are the reads */
        uint64_t t1 = now_ns();
        for (uint64_t i = 0; i < reads; i++) {
            x = xorshift(x);
            sum += *(const uint64_t *)(p + ((x % size) & ~(uint64_t)7));
        }
        read_ns += now_ns() - t1;
        uint64_t t2 = now_ns();
        unmap(p, size);
        timed += now_ns() - t2;
    }
    sink = sum;
    r->ns = timed;
    snprintf(r->check, sizeof r->check, "sum=%" PRIu64, sum);
    snprintf(r->metrics, sizeof r->metrics, "\"huge\":%.4f,\"read_ns\":%.2f",
             huge_kib * 1024.0 / (double)size, (double)read_ns / (double)(reads * (uint64_t)ops));
}

/* MADV_HUGEPAGE + MADV_POPULATE_WRITE, then memset. */
static void case_anon_huge(const char *path, long ops, const char *arg, struct result *r)
{
    (void)path;
    anon_fill("anon-huge", ANON_HUGE_POPULATE, ops, arg, r);
}

/* MADV_HUGEPAGE alone: memset faults the huge pages in. */
static void case_anon_huge_fault(const char *path, long ops, const char *arg, struct result *r)
{
    (void)path;
    anon_fill("anon-huge-fault", ANON_HUGE_FAULT, ops, arg, r);
}

/* No advice: memset faults 4 KiB pages in. */
static void case_anon_4k(const char *path, long ops, const char *arg, struct result *r)
{
    (void)path;
    anon_fill("anon-4k", ANON_4K, ops, arg, r);
}

/* ---- cases: reading files --------------------------------------------- */

/* Warm sequential scan of a long-lived mapping: the sum of all longs. */
static void case_scan(const char *path, long ops, const char *arg, struct result *r)
{
    (void)arg;
    const uint64_t *p = warm_map(path);
    size_t n = the_file.size / 8;
    uint64_t s = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++)
        sink = s = sum_words(p, n);
    r->ns = now_ns() - t0;
    snprintf(r->check, sizeof r->check, "%" PRIu64, s);
}

/* How to ask for the pages of a fresh mapping: <arg> names it. */
struct way {
    int flags;          /* extra mmap flags (MAP_POPULATE) */
    int advice;         /* madvise advice after mmap, or -1 */
    const char *name;
};

static struct way way_of(const char *arg)
{
    if (!arg || strcmp(arg, "default") == 0)
        return (struct way){ 0, -1, "default" };
    if (strcmp(arg, "populate") == 0)
        return (struct way){ MAP_POPULATE, -1, "MAP_POPULATE" };
    if (strcmp(arg, "populate-read") == 0)
        return (struct way){ 0, MADV_POPULATE_READ, "MADV_POPULATE_READ" };
    if (strcmp(arg, "sequential") == 0)
        return (struct way){ 0, MADV_SEQUENTIAL, "MADV_SEQUENTIAL" };
    if (strcmp(arg, "willneed") == 0)
        return (struct way){ 0, MADV_WILLNEED, "MADV_WILLNEED" };
    if (strcmp(arg, "random") == 0)
        return (struct way){ 0, MADV_RANDOM, "MADV_RANDOM" };
    fprintf(stderr, "unknown way: %s\n", arg);
    exit(2);
}

static void *map_way(struct file *f, struct way w)
{
    void *p = map(f->size, PROT_READ, MAP_SHARED | w.flags, f->fd);
    if (w.advice >= 0)
        advise(p, f->size, w.advice, w.name);
    return p;
}

/* map (the way <arg> says) + first scan + unmap of a file whose pages are in the cache. */
static void case_map_scan(const char *path, long ops, const char *arg, struct result *r)
{
    struct file *f = file_for(path);
    struct way w = way_of(arg);
    uint64_t s = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        void *p = map_way(f, w);
        sink = s = sum_words(p, f->size / 8);
        unmap(p, f->size);
    }
    r->ns = now_ns() - t0;
    snprintf(r->check, sizeof r->check, "%" PRIu64, s);
}

/* The same with the file dropped from the page cache before each op (untimed). */
static void case_cold_scan(const char *path, long ops, const char *arg, struct result *r)
{
    struct file *f = file_for(path);
    struct way w = way_of(arg);
    uint64_t s = 0;
    double resident = 0;
    r->ns = 0;
    for (long i = 0; i < ops; i++) {
        double frac = drop_cache(f->fd, f->size);
        resident = frac > resident ? frac : resident;
        uint64_t t0 = now_ns();
        void *p = map_way(f, w);
        sink = s = sum_words(p, f->size / 8);
        unmap(p, f->size);
        r->ns += now_ns() - t0;
    }
    snprintf(r->check, sizeof r->check, "%" PRIu64, s);
    snprintf(r->metrics, sizeof r->metrics, "\"resident_before\":%.4f", resident);
}

/*
 * Cold random reads: drop the file from the cache (untimed), map it (advice from <arg>), then
 * <ops> reads of one 4 KiB page each at pseudo-random pages (timed). Reports the bytes read from
 * storage (read_bytes) and the pages the cache holds afterwards, per read.
 */
static void case_cold_random(const char *path, long ops, const char *arg, struct result *r)
{
    struct file *f = file_for(path);
    struct way w = way_of(arg);
    double before = drop_cache(f->fd, f->size);
    uint64_t npages = f->size / PAGE, x = 42, sum = 0;
    const uint64_t *p = map_way(f, w);
    long long io0 = read_bytes();
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        x = xorshift(x);
        sum += sum_words(p + (x % npages) * (PAGE / 8), PAGE / 8);
    }
    r->ns = now_ns() - t0;
    long long io = read_bytes() - io0;
    size_t resident = resident_pages((void *)p, f->size);
    unmap((void *)p, f->size);
    sink = sum;
    snprintf(r->check, sizeof r->check, "%" PRIu64, sum);
    snprintf(r->metrics, sizeof r->metrics,
             "\"read_bytes\":%.1f,\"resident_bytes\":%.1f,\"resident_before\":%.4f",
             (double)io / (double)ops, (double)resident * PAGE / (double)ops, before);
}

/* Random 4 KiB page reads over a warm mapping (every page touched before). */
static void case_random(const char *path, long ops, const char *arg, struct result *r)
{
    const uint64_t *p = warm_map(path);
    static uint64_t x = 42;
    static int advised = -2;
    struct way w = way_of(arg);
    if (advised != w.advice) {
        advise(the_file.warm, the_file.size, w.advice >= 0 ? w.advice : MADV_NORMAL, w.name);
        advised = w.advice;
    }
    uint64_t npages = the_file.size / PAGE, sum = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        x = xorshift(x);
        sum += sum_words(p + (x % npages) * (PAGE / 8), PAGE / 8);
    }
    r->ns = now_ns() - t0;
    sink = sum;
    snprintf(r->check, sizeof r->check, "%" PRIu64, sum);
}

/* Dirty one byte in each page of the first MiB, then msync(MS_SYNC) of that MiB. */
static void case_msync(const char *path, long ops, const char *arg, struct result *r)
{
    (void)arg;
    static uint8_t *p;
    static size_t mapped;
    static unsigned op;
    const size_t len = 1u << 20;
    if (!p) {
        int fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0)
            die("open", "\"%s\", O_RDWR|O_CLOEXEC", path);
        mapped = file_size(fd);
        if (mapped < len) {
            fprintf(stderr, "%s: %zu bytes, need at least %zu\n", path, mapped, len);
            exit(1);
        }
        p = map(mapped, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
        xclose(fd);
    }
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++, op++) {
        for (size_t off = 0; off < len; off += PAGE)
            p[off] = (uint8_t)op;
        if (msync(p, len, MS_SYNC) != 0)
            die("msync", "%p, %zu, MS_SYNC", (void *)p, len);
    }
    r->ns = now_ns() - t0;
    snprintf(r->check, sizeof r->check, "last_byte=%u", (unsigned)p[len - PAGE]);
}

/* glibc's memmem of the needle in the file: its offset, or -1. */
static long long by_memmem(const unsigned char *p, size_t size)
{
    const unsigned char *hit = memmem(p, size, NEEDLE, sizeof NEEDLE - 1);
    return hit ? (long long)(hit - p) : -1;
}

/*
 * ffmap's own search (ByteSearch's pair probes), written plainly in C: one pair of adjacent bytes
 * every (n - 1) & ~1 bytes, looked up in a 65,536-bit set of the needle's pairs; around a pair the
 * needle holds, every start whose occurrence would cover it is compared. Each occurrence covers a
 * probed pair, and the probes go upwards, so the first match found is the first occurrence.
 */
static long long by_pairs(const unsigned char *p, size_t size)
{
    const unsigned char *needle = (const unsigned char *)NEEDLE;
    size_t n = sizeof NEEDLE - 1;
    uint64_t set[1024] = { 0 };
    for (size_t j = 0; j + 1 < n; j++) {
        unsigned pair = needle[j] | (unsigned)needle[j + 1] << 8;
        set[pair >> 6] |= UINT64_C(1) << (pair & 63);
    }
    size_t stride = (n - 1) & ~(size_t)1;
    for (size_t a = n - 2; a + 1 < size; a += stride) {
        uint16_t pair;
        memcpy(&pair, p + a, sizeof pair); /* little-endian: byte a in the low half, as in the set */
        if (!(set[pair >> 6] >> (pair & 63) & 1))
            continue;
        for (size_t start = a + 2 - n; start <= a && start + n <= size; start++)
            if (memcmp(p + start, needle, n) == 0)
                return (long long)start;
    }
    return -1;
}

/* ops searches of the file for the 16-byte needle that sits at its very end. */
static void timed_find(const char *name, long long (*search)(const unsigned char *, size_t), const char *path,
                       long ops, struct result *r)
{
    const unsigned char *p = (const unsigned char *)warm_map(path);
    size_t size = the_file.size;
    long long at = -1;
    uint64_t t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        at = search(p, size);
        sink = (uint64_t)at;
    }
    r->ns = now_ns() - t0;
    if (at != (long long)size - 16) {
        fprintf(stderr, "%s: offset %lld, expected %zu\n", name, at, size - 16);
        exit(1);
    }
    snprintf(r->check, sizeof r->check, "%lld", at);
}

static void case_find(const char *path, long ops, const char *arg, struct result *r)
{
    (void)arg;
    timed_find("find", by_memmem, path, ops, r);
}

/* The same find by ffmap's pair probes instead of glibc's memmem. */
static void case_find_pairs(const char *path, long ops, const char *arg, struct result *r)
{
    (void)arg;
    timed_find("find-pairs", by_pairs, path, ops, r);
}

/* ---- dispatch --------------------------------------------------------- */

static const struct {
    const char *name;
    void (*run)(const char *path, long ops, const char *arg, struct result *r);
} cases[] = {
    { "map-unmap", case_map_unmap },
    { "open-map-close", case_open_map_close },
    { "many-files", case_many_files },
    { "anon-huge", case_anon_huge },
    { "anon-huge-fault", case_anon_huge_fault },
    { "anon-4k", case_anon_4k },
    { "scan", case_scan },
    { "map-scan", case_map_scan },
    { "cold-scan", case_cold_scan },
    { "cold-random", case_cold_random },
    { "random", case_random },
    { "msync", case_msync },
    { "find", case_find },
    { "find-pairs", case_find_pairs },
};

/*
 * Runs one command and writes its JSON line (with a newline) into out; returns 0, or 2 for a bad
 * command. A failed call still exits the process, as in the program: the library's caller is a
 * benchmark, which has no result to give after one.
 */
int ffmap_bench_run(const char *name, const char *path, long ops, const char *arg, char *out, size_t out_len)
{
    if (ops <= 0) {
        fprintf(stderr, "bad op count: %ld\n", ops);
        return 2;
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(cases[i].name, name) != 0)
            continue;
        struct result r = { 0 };
        cases[i].run(path, ops, arg, &r);
        snprintf(out, out_len, "{\"case\":\"%s\",\"ns_per_op\":%.2f,\"ops\":%ld,\"check\":\"%s\",\"m\":{%s}}\n",
                 name, (double)r.ns / (double)ops, ops, r.check, r.metrics);
        return 0;
    }
    fprintf(stderr, "unknown case: %s; cases:", name);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        fprintf(stderr, " %s", cases[i].name);
    fputc('\n', stderr);
    return 2;
}

/* Runs one command given as text and prints its line; returns 0, or 2 for a bad command. */
static int command(const char *name, const char *path, const char *ops_text, const char *arg)
{
    char *end;
    long ops = strtol(ops_text, &end, 10);
    if (*end != '\0' || ops <= 0) {
        fprintf(stderr, "bad op count: %s\n", ops_text);
        return 2;
    }
    char line[1024];
    int rc = ffmap_bench_run(name, path, ops, arg, line, sizeof line);
    if (rc == 0) {
        fputs(line, stdout);
        fflush(stdout);
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 4 || argc == 5)
        return command(argv[1], argv[2], argv[3], argc == 5 ? argv[4] : NULL);
    if (argc != 1) {
        fprintf(stderr, "usage: ffmap_bench [<case> <path> <ops> [arg]]  (no arguments: commands from stdin)\n");
        return 2;
    }
    char line[8192];
    while (fgets(line, sizeof line, stdin)) {
        char *words[4] = { 0 };
        int n = 0;
        for (char *w = strtok(line, " \t\r\n"); w && n < 4; w = strtok(NULL, " \t\r\n"))
            words[n++] = w;
        if (n < 3 || command(words[0], words[1], words[2], n == 4 ? words[3] : NULL) != 0)
            return 2;
    }
    return 0;
}
