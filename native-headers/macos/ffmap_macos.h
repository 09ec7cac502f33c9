/*
 * jextract input for dev.ffmap.bindings.darwin: the calls and constants ffmap uses on macOS.
 *
 * Project-written, not an include of the SDK headers: the bindings are generated on Linux, so
 * every type is spelled with fixed widths (Darwin is LP64 on x86-64 and arm64) and every value
 * is Darwin's own, as in <sys/mman.h>, <sys/fcntl.h>, <sys/errno.h>, <sys/stat.h> and
 * <unistd.h> of the macOS SDK. Regenerate with bindings/regenerate macos; the symbols kept are
 * listed in jextract.options beside this file.
 */

typedef unsigned long long ffmap_size_t;   /* size_t */
typedef long long ffmap_off_t;             /* off_t: always 64-bit on Darwin */

/* ---- <sys/mman.h> ---- */
#define PROT_NONE      0x00
#define PROT_READ      0x01
#define PROT_WRITE     0x02
#define PROT_EXEC      0x04

#define MAP_SHARED          0x0001
#define MAP_PRIVATE         0x0002
#define MAP_FIXED           0x0010
#define MAP_NORESERVE       0x0040
#define MAP_NOEXTEND        0x0100
#define MAP_HASSEMAPHORE    0x0200
#define MAP_NOCACHE         0x0400
#define MAP_JIT             0x0800
#define MAP_FILE            0x0000
#define MAP_ANON            0x1000
#define MAP_ANONYMOUS       MAP_ANON
#define MAP_FAILED          ((void *) -1)

#define MS_ASYNC       0x0001
#define MS_INVALIDATE  0x0002
#define MS_KILLPAGES   0x0004
#define MS_DEACTIVATE  0x0008
#define MS_SYNC        0x0010

#define MADV_NORMAL            0
#define MADV_RANDOM            1
#define MADV_SEQUENTIAL        2
#define MADV_WILLNEED          3
#define MADV_DONTNEED          4
#define MADV_FREE              5
#define MADV_ZERO_WIRED_PAGES  6
#define MADV_FREE_REUSABLE     7
#define MADV_FREE_REUSE        8
#define MADV_CAN_REUSE         9
#define MADV_PAGEOUT           10

#define MINCORE_INCORE         0x1

void *mmap(void *addr, ffmap_size_t len, int prot, int flags, int fd, ffmap_off_t offset);
int munmap(void *addr, ffmap_size_t len);
int msync(void *addr, ffmap_size_t len, int flags);
int madvise(void *addr, ffmap_size_t len, int advice);
int mprotect(void *addr, ffmap_size_t len, int prot);
int mlock(const void *addr, ffmap_size_t len);
int munlock(const void *addr, ffmap_size_t len);
int mincore(const void *addr, ffmap_size_t len, char *vec);
int shm_open(const char *name, int oflag, ...);
int shm_unlink(const char *name);

/* ---- <sys/fcntl.h> ---- */
#define O_RDONLY       0x00000000
#define O_WRONLY       0x00000001
#define O_RDWR         0x00000002
#define O_NONBLOCK     0x00000004
#define O_APPEND       0x00000008
#define O_SYNC         0x00000080
#define O_NOFOLLOW     0x00000100
#define O_CREAT        0x00000200
#define O_TRUNC        0x00000400
#define O_EXCL         0x00000800
#define O_DIRECTORY    0x00100000
#define O_DSYNC        0x00400000
#define O_CLOEXEC      0x01000000

#define F_GETFD          1
#define F_SETFD          2
#define F_NOCACHE        48
#define F_FULLFSYNC      51
#define F_DUPFD_CLOEXEC  67
#define FD_CLOEXEC       1

int open(const char *path, int oflag, ...);
int fcntl(int fd, int cmd, ...);

/* ---- <sys/stat.h>: struct stat with 64-bit inodes, the only layout on arm64 (fstat$INODE64 on x86-64) ---- */
#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFBLK  0060000
#define S_IFREG  0100000
#define S_IFSOCK 0140000

struct timespec {
    long long tv_sec;
    long long tv_nsec;
};

struct stat {
    int st_dev;                       /*   0 */
    unsigned short st_mode;           /*   4 */
    unsigned short st_nlink;          /*   6 */
    unsigned long long st_ino;        /*   8 */
    unsigned int st_uid;              /*  16 */
    unsigned int st_gid;              /*  20 */
    int st_rdev;                      /*  24, then 4 bytes of padding */
    struct timespec st_atimespec;     /*  32 */
    struct timespec st_mtimespec;     /*  48 */
    struct timespec st_ctimespec;     /*  64 */
    struct timespec st_birthtimespec; /*  80 */
    long long st_size;                /*  96 */
    long long st_blocks;              /* 104 */
    int st_blksize;                   /* 112 */
    unsigned int st_flags;            /* 116 */
    unsigned int st_gen;              /* 120 */
    int st_lspare;                    /* 124 */
    long long st_qspare[2];           /* 128; 144 bytes in all */
};

int fstat(int fd, struct stat *buf);

/* ---- <unistd.h> ---- */
#define SEEK_SET       0
#define SEEK_END       2
#define _SC_PAGESIZE   29

int close(int fd);
int ftruncate(int fd, ffmap_off_t length);
ffmap_off_t lseek(int fd, ffmap_off_t offset, int whence);
long sysconf(int name);

/* ---- <string.h> ---- */
char *strerror(int errnum);

/* ---- <sys/errno.h> ---- */
#define EPERM            1
#define ENOENT           2
#define ESRCH            3
#define EINTR            4
#define EIO              5
#define ENXIO            6
#define E2BIG            7
#define ENOEXEC          8
#define EBADF            9
#define ECHILD           10
#define EDEADLK          11
#define ENOMEM           12
#define EACCES           13
#define EFAULT           14
#define ENOTBLK          15
#define EBUSY            16
#define EEXIST           17
#define EXDEV            18
#define ENODEV           19
#define ENOTDIR          20
#define EISDIR           21
#define EINVAL           22
#define ENFILE           23
#define EMFILE           24
#define ENOTTY           25
#define ETXTBSY          26
#define EFBIG            27
#define ENOSPC           28
#define ESPIPE           29
#define EROFS            30
#define EMLINK           31
#define EPIPE            32
#define EDOM             33
#define ERANGE           34
#define EAGAIN           35
#define EWOULDBLOCK      EAGAIN
#define EINPROGRESS      36
#define EALREADY         37
#define ENOTSOCK         38
#define EDESTADDRREQ     39
#define EMSGSIZE         40
#define EPROTOTYPE       41
#define ENOPROTOOPT      42
#define EPROTONOSUPPORT  43
#define ESOCKTNOSUPPORT  44
#define ENOTSUP          45
#define EPFNOSUPPORT     46
#define EAFNOSUPPORT     47
#define EADDRINUSE       48
#define EADDRNOTAVAIL    49
#define ENETDOWN         50
#define ENETUNREACH      51
#define ENETRESET        52
#define ECONNABORTED     53
#define ECONNRESET       54
#define ENOBUFS          55
#define EISCONN          56
#define ENOTCONN         57
#define ESHUTDOWN        58
#define ETOOMANYREFS     59
#define ETIMEDOUT        60
#define ECONNREFUSED     61
#define ELOOP            62
#define ENAMETOOLONG     63
#define EHOSTDOWN        64
#define EHOSTUNREACH     65
#define ENOTEMPTY        66
#define EPROCLIM         67
#define EUSERS           68
#define EDQUOT           69
#define ESTALE           70
#define EREMOTE          71
#define ENOLCK           77
#define ENOSYS           78
#define EFTYPE           79
#define EOVERFLOW        84
#define EBADEXEC         85
#define EBADARCH         86
#define ECANCELED        89
#define EIDRM            90
#define ENOMSG           91
#define EILSEQ           92
#define ENOATTR          93
#define EBADMSG          94
#define EMULTIHOP        95
#define ENODATA          96
#define ENOLINK          97
#define ENOSR            98
#define ENOSTR           99
#define EPROTO           100
#define ETIME            101
#define EOPNOTSUPP       102
#define ENOTRECOVERABLE  104
#define EOWNERDEAD       105
