/*
 * C baseline for the ffmap benchmark suite.
 *
 * Usage: ffmap_bench <case> <file> [scale]
 * Prints one JSON line to stdout; diagnostics go to stderr.
 * Each case does the same work as the matching JMH benchmark so the report
 * can show Java/C ratios.
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

#ifndef IMPL
#define IMPL "c"
#endif

#define PAGE 4096u
#define NEEDLE "ffmap-needle-16b"

/* Command-line context shared by all cases. */
struct ctx {
    const char *name;
    const char *path;
    double scale;
};

/* Result of one case, printed as the single JSON line. */
struct result {
    double ns_per_op;
    uint64_t bytes_per_op;
    uint64_t ops;
    char check[128];
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

/* Scales a repetition count, never going below the case's minimum. */
static int reps(int base, double scale, int min)
{
    long n = (long)(base * scale + 0.5);  /* round; avoids needing -lm */
    return n < min ? min : (int)n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median, because the 2-core machine is noisy and outliers are common. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static int open_ro(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("open", "\"%s\", O_RDONLY|O_CLOEXEC", path);
    return fd;
}

static int open_rw(const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        die("open", "\"%s\", O_RDWR|O_CLOEXEC", path);
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

/*
 * Plain loop on purpose: whether it gets vectorised is left to the compiler
 * flags, which is what the -O2 / -O3 -march=native builds compare.
 * noinline keeps it easy to find in objdump.
 */
__attribute__((noinline)) static uint64_t sum_words(const uint64_t *p, size_t n)
{
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += p[i];
    return s;
}

/* ---- batch timing ---------------------------------------------------- */

/* A batch runs `ops` operations on `state`; the timer wraps the whole batch. */
typedef void (*batch_fn)(void *state, int ops);

/*
 * One untimed warm-up batch, then `batches` timed ones; returns the median
 * ns per op and stores the number of timed ops.
 */
static double time_batches(batch_fn fn, void *state, int batches, int ops,
                           uint64_t *total_ops)
{
    double *per_op = malloc(sizeof *per_op * (size_t)batches);
    if (!per_op)
        die("malloc", "%zu", sizeof *per_op * (size_t)batches);
    fn(state, ops);
    for (int b = 0; b < batches; b++) {
        uint64_t t0 = now_ns();
        fn(state, ops);
        per_op[b] = (double)(now_ns() - t0) / ops;
    }
    double m = median(per_op, batches);
    free(per_op);
    *total_ops = (uint64_t)batches * (uint64_t)ops;
    return m;
}

/* ---- cases: map/unmap cost ------------------------------------------- */

struct map_state {
    const char *path;
    int fd;
    size_t size;
    uint64_t count;  /* successful ops, proves the loop ran */
    uint64_t bytes;  /* sum of first bytes read (small-maps) */
};

static void batch_map_unmap(void *sv, int ops)
{
    struct map_state *s = sv;
    for (int i = 0; i < ops; i++) {
        void *p = map(s->size, PROT_READ, MAP_SHARED, s->fd);
        unmap(p, s->size);
        s->count++;
    }
}

static void batch_open_map_close(void *sv, int ops)
{
    struct map_state *s = sv;
    for (int i = 0; i < ops; i++) {
        int fd = open_ro(s->path);
        size_t size = file_size(fd);
        void *p = map(size, PROT_READ, MAP_SHARED, fd);
        unmap(p, size);
        xclose(fd);
        s->count++;
    }
}

static void batch_small_maps(void *sv, int ops)
{
    struct map_state *s = sv;
    for (int i = 0; i < ops; i++) {
        volatile const uint8_t *p = map(PAGE, PROT_READ, MAP_SHARED, s->fd);
        s->bytes += p[0];  /* volatile read forces the page fault */
        unmap((void *)p, PAGE);
        s->count++;
    }
}

static void run_map_case(const struct ctx *c, struct result *r, batch_fn fn,
                         int batches, int ops, int open_once)
{
    struct map_state s = { .path = c->path, .fd = -1 };
    /* Even open-map-close opens once up front so a missing file fails early. */
    s.fd = open_ro(c->path);
    s.size = file_size(s.fd);
    if (!open_once) {
        xclose(s.fd);
        s.fd = -1;
    }
    r->ns_per_op = time_batches(fn, &s, reps(batches, c->scale, 3), ops, &r->ops);
    if (fn == batch_small_maps) {
        r->bytes_per_op = 1;
        snprintf(r->check, sizeof r->check, "maps=%" PRIu64 ";byte_sum=%" PRIu64,
                 s.count, s.bytes);
    } else {
        r->bytes_per_op = 0;
        snprintf(r->check, sizeof r->check, "maps=%" PRIu64 ";size=%zu",
                 s.count, s.size);
    }
    if (s.fd >= 0)
        xclose(s.fd);
}

static void case_map_unmap(const struct ctx *c, struct result *r)
{
    run_map_case(c, r, batch_map_unmap, 15, 10000, 1);
}

static void case_open_map_close(const struct ctx *c, struct result *r)
{
    run_map_case(c, r, batch_open_map_close, 15, 10000, 0);
}

static void case_small_maps(const struct ctx *c, struct result *r)
{
    run_map_case(c, r, batch_small_maps, 5, 100000, 1);
}

/* ---- cases: sequential scans ----------------------------------------- */

struct scan_state {
    int fd;
    size_t size;
    int flags;          /* extra mmap flags (MAP_POPULATE) */
    int advice;         /* madvise advice, or -1 for none */
    const char *advice_name;
    const uint64_t *p;  /* for scan-1g/5g: the one long-lived mapping */
    uint64_t sum;
};

/* scan-1g / scan-5g: the mapping already exists, the op is only the sum. */
static void batch_scan(void *sv, int ops)
{
    struct scan_state *s = sv;
    for (int i = 0; i < ops; i++)
        sink = s->sum = sum_words(s->p, s->size / 8);
}

/* map-scan-* and cold-scan-*: map, (advise), sum, unmap. */
static void map_scan_once(struct scan_state *s)
{
    void *p = map(s->size, PROT_READ, MAP_SHARED | s->flags, s->fd);
    if (s->advice >= 0)
        advise(p, s->size, s->advice, s->advice_name);
    sink = s->sum = sum_words(p, s->size / 8);
    unmap(p, s->size);
}

static void batch_map_scan(void *sv, int ops)
{
    for (int i = 0; i < ops; i++)
        map_scan_once(sv);
}

static void case_scan(const struct ctx *c, struct result *r)
{
    struct scan_state s = { .fd = open_ro(c->path), .advice = -1 };
    s.size = file_size(s.fd);
    s.p = map(s.size, PROT_READ, MAP_SHARED, s.fd);
    /* Batches of one op: the median is over single passes. */
    r->ns_per_op = time_batches(batch_scan, &s, reps(5, c->scale, 3), 1, &r->ops);
    r->bytes_per_op = s.size;
    snprintf(r->check, sizeof r->check, "%" PRIu64, s.sum);
    unmap((void *)s.p, s.size);
    xclose(s.fd);
}

static void case_map_scan(const struct ctx *c, struct result *r)
{
    struct scan_state s = { .fd = open_ro(c->path), .advice = -1 };
    s.size = file_size(s.fd);
    if (strcmp(c->name, "map-scan-populate") == 0)
        s.flags = MAP_POPULATE;
    r->ns_per_op = time_batches(batch_map_scan, &s, reps(5, c->scale, 3), 1, &r->ops);
    r->bytes_per_op = s.size;
    snprintf(r->check, sizeof r->check, "%" PRIu64, s.sum);
    xclose(s.fd);
}

/* ---- cases: cold page cache ------------------------------------------ */

/*
 * Fraction of the file's pages in the page cache. mincore on a file mapping
 * reports page-cache residency (not just our page tables) because we own
 * the file; the mapping is never touched so it faults nothing in.
 */
static double resident_fraction(int fd, size_t size)
{
    size_t npages = (size + PAGE - 1) / PAGE;
    unsigned char *vec = malloc(npages);
    if (!vec)
        die("malloc", "%zu", npages);
    void *p = map(size, PROT_READ, MAP_SHARED, fd);
    if (mincore(p, size, vec) != 0)
        die("mincore", "%p, %zu, vec", p, size);
    size_t resident = 0;
    for (size_t i = 0; i < npages; i++)
        resident += vec[i] & 1;
    unmap(p, size);
    free(vec);
    return (double)resident / (double)npages;
}

/*
 * Drops the file from the page cache. fdatasync first because
 * POSIX_FADV_DONTNEED silently skips dirty pages; retries because it also
 * skips pages that are locked or under writeback at that instant.
 */
static double drop_cache(int fd, size_t size)
{
    double frac = 1.0;
    for (int attempt = 0; attempt <= 3; attempt++) {
        if (fdatasync(fd) != 0)
            die("fdatasync", "%d", fd);
        int rc = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (rc != 0) {
            errno = rc;  /* posix_fadvise returns the error, not errno */
            die("posix_fadvise", "%d, 0, 0, POSIX_FADV_DONTNEED", fd);
        }
        frac = resident_fraction(fd, size);
        if (frac < 0.05)
            break;
        fprintf(stderr, "drop_cache: attempt %d left %.3f resident\n", attempt, frac);
    }
    return frac;
}

static void case_cold_scan(const struct ctx *c, struct result *r)
{
    struct scan_state s = { .fd = open_ro(c->path), .advice = -1 };
    s.size = file_size(s.fd);
    if (strcmp(c->name, "cold-scan-populate") == 0) {
        s.flags = MAP_POPULATE;
    } else if (strcmp(c->name, "cold-scan-sequential") == 0) {
        s.advice = MADV_SEQUENTIAL;
        s.advice_name = "MADV_SEQUENTIAL";
    } else if (strcmp(c->name, "cold-scan-willneed") == 0) {
        s.advice = MADV_WILLNEED;
        s.advice_name = "MADV_WILLNEED";
    }
    /* Not time_batches: the cache drop must happen untimed before EACH op. */
    int n = reps(5, c->scale, 3);
    double *per_op = malloc(sizeof *per_op * (size_t)n);
    if (!per_op)
        die("malloc", "%zu", sizeof *per_op * (size_t)n);
    double max_resident = 0.0;
    drop_cache(s.fd, s.size);
    map_scan_once(&s);  /* warm-up: code paths, not the data */
    for (int i = 0; i < n; i++) {
        double frac = drop_cache(s.fd, s.size);
        if (frac > max_resident)
            max_resident = frac;
        uint64_t t0 = now_ns();
        map_scan_once(&s);
        per_op[i] = (double)(now_ns() - t0);
    }
    r->ns_per_op = median(per_op, n);
    r->ops = (uint64_t)n;
    r->bytes_per_op = s.size;
    snprintf(r->check, sizeof r->check, "sum=%" PRIu64 ";resident_before<=%.3f",
             s.sum, max_resident);
    free(per_op);
    xclose(s.fd);
}

/* ---- case: random 4 KiB reads ---------------------------------------- */

struct random_state {
    const uint64_t *p;
    uint64_t npages;
    uint64_t x;    /* xorshift64 state, continues across batches */
    uint64_t sum;
};

static void batch_random(void *sv, int ops)
{
    struct random_state *s = sv;
    uint64_t x = s->x, sum = s->sum;
    for (int i = 0; i < ops; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        sum += sum_words(s->p + (x % s->npages) * (PAGE / 8), PAGE / 8);
    }
    s->x = x;
    sink = s->sum = sum;
}

static void case_random(const struct ctx *c, struct result *r)
{
    int fd = open_ro(c->path);
    size_t size = file_size(fd);
    void *p = map(size, PROT_READ, MAP_SHARED, fd);
    if (strcmp(c->name, "random-4k-random") == 0)
        advise(p, size, MADV_RANDOM, "MADV_RANDOM");
    struct random_state s = { .p = p, .npages = size / PAGE, .x = 42 };
    /* A warm mapping, as in the JMH case: every page table entry filled before timing. */
    uint64_t touched = 0;
    for (uint64_t page = 0; page < s.npages; page++)
        touched += s.p[page * (PAGE / 8)];
    sink = touched;
    r->ns_per_op = time_batches(batch_random, &s, reps(9, c->scale, 3), 65536, &r->ops);
    r->bytes_per_op = PAGE;
    snprintf(r->check, sizeof r->check, "%" PRIu64, s.sum);
    unmap(p, size);
    xclose(fd);
}

/* ---- case: msync ----------------------------------------------------- */

#define MSYNC_LEN (1u << 20)

struct msync_state {
    uint8_t *p;
    unsigned op;  /* op number, also the byte value written */
};

static void batch_msync(void *sv, int ops)
{
    struct msync_state *s = sv;
    for (int i = 0; i < ops; i++, s->op++) {
        for (size_t off = 0; off < MSYNC_LEN; off += PAGE)
            s->p[off] = (uint8_t)(s->op & 0xFF);
        if (msync(s->p, MSYNC_LEN, MS_SYNC) != 0)
            die("msync", "%p, %u, MS_SYNC", (void *)s->p, MSYNC_LEN);
    }
}

static void case_msync(const struct ctx *c, struct result *r)
{
    int fd = open_rw(c->path);
    size_t size = file_size(fd);
    if (size < MSYNC_LEN) {
        fprintf(stderr, "%s: file is %zu bytes, need at least %u\n",
                c->path, size, MSYNC_LEN);
        exit(1);
    }
    struct msync_state s = { .p = map(size, PROT_READ | PROT_WRITE, MAP_SHARED, fd) };
    r->ns_per_op = time_batches(batch_msync, &s, reps(50, c->scale, 10), 1, &r->ops);
    r->bytes_per_op = MSYNC_LEN;
    /* The last page's byte must equal the last op number written. */
    snprintf(r->check, sizeof r->check, "ops=%u;last_byte=%u", s.op,
             (unsigned)s.p[MSYNC_LEN - PAGE]);
    unmap(s.p, size);
    xclose(fd);
}

/* ---- case: find ------------------------------------------------------ */

struct find_state {
    const void *p;
    size_t size;
    long long offset;
};

static void batch_find(void *sv, int ops)
{
    struct find_state *s = sv;
    for (int i = 0; i < ops; i++) {
        const char *hit = memmem(s->p, s->size, NEEDLE, sizeof NEEDLE - 1);
        s->offset = hit ? (long long)(hit - (const char *)s->p) : -1;
        sink = (uint64_t)s->offset;
    }
}

static void case_find(const struct ctx *c, struct result *r)
{
    int fd = open_ro(c->path);
    struct find_state s = { .size = file_size(fd) };
    s.p = map(s.size, PROT_READ, MAP_SHARED, fd);
    r->ns_per_op = time_batches(batch_find, &s, reps(5, c->scale, 3), 1, &r->ops);
    r->bytes_per_op = s.size;
    snprintf(r->check, sizeof r->check, "%lld", s.offset);
    if (s.offset != (long long)s.size - 16)
        fprintf(stderr, "find: offset %lld, expected %zu\n", s.offset, s.size - 16);
    unmap((void *)s.p, s.size);
    xclose(fd);
}

/* ---- dispatch -------------------------------------------------------- */

static const struct {
    const char *name;
    void (*run)(const struct ctx *, struct result *);
} cases[] = {
    { "map-unmap-4k", case_map_unmap },
    { "map-unmap-1g", case_map_unmap },
    { "open-map-close-4k", case_open_map_close },
    { "open-map-close-1g", case_open_map_close },
    { "scan-1g", case_scan },
    { "scan-5g", case_scan },
    { "map-scan-default", case_map_scan },
    { "map-scan-populate", case_map_scan },
    { "cold-scan-default", case_cold_scan },
    { "cold-scan-populate", case_cold_scan },
    { "cold-scan-sequential", case_cold_scan },
    { "cold-scan-willneed", case_cold_scan },
    { "random-4k-default", case_random },
    { "random-4k-random", case_random },
    { "msync-1m", case_msync },
    { "find", case_find },
    { "small-maps", case_small_maps },
};

static void usage(void)
{
    fprintf(stderr, "usage: ffmap_bench <case> <file> [scale]\ncases:");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        fprintf(stderr, " %s", cases[i].name);
    fputc('\n', stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4)
        usage();
    struct ctx c = { .name = argv[1], .path = argv[2], .scale = 1.0 };
    if (argc == 4) {
        char *end;
        c.scale = strtod(argv[3], &end);
        if (*end != '\0' || !(c.scale > 0)) {
            fprintf(stderr, "bad scale: %s\n", argv[3]);
            return 2;
        }
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(cases[i].name, c.name) != 0)
            continue;
        struct result r = { 0 };
        cases[i].run(&c, &r);
        printf("{\"case\":\"%s\",\"impl\":\"%s\",\"ns_per_op\":%.2f,"
               "\"bytes_per_op\":%" PRIu64 ",\"ops\":%" PRIu64 ",\"check\":\"%s\"}\n",
               c.name, IMPL, r.ns_per_op, r.bytes_per_op, r.ops, r.check);
        return 0;
    }
    fprintf(stderr, "unknown case: %s\n", c.name);
    usage();
}
