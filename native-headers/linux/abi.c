/*
 * What ffmap's Linux bindings must agree with, as one architecture's C compiler sees it: every
 * constant that native-headers/linux/jextract.options keeps, and the size of each struct the
 * bindings lay out with the offset and size of each of its fields. LinuxAbiTest compiles it with
 * that architecture's gcc (Debian's gcc-<arch>-linux-gnu off the host), runs it (under
 * qemu-<arch>-static off the host) and compares every line with the generated bindings of
 * dev.ffmap.bindings.linux.<arch>.
 *
 * It includes ffmap_linux.h, the header jextract reads, so both see the same macros.
 * Output, one item a line:
 *   const NAME VALUE          (VALUE in decimal; pointers and unsigned values as C's intptr_t)
 *   const NAME undefined      (this architecture has no such constant)
 *   struct NAME SIZE
 *   field STRUCT.FIELD OFFSET SIZE
 */
#include "ffmap_linux.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define C(name) printf("const %s %lld\n", #name, (long long) (intptr_t) (name))
#define UNDEFINED(name) printf("const %s undefined\n", #name)
#define STRUCT(s) printf("struct %s %zu\n", #s, sizeof(struct s))
#define FIELD(s, f) printf("field %s.%s %zu %zu\n", #s, #f, offsetof(struct s, f), sizeof(((struct s *) 0)->f))

static void constants(void) {
    /* errno (the names of errors) */
    C(E2BIG); C(EACCES); C(EADDRINUSE); C(EADDRNOTAVAIL); C(EADV); C(EAFNOSUPPORT); C(EAGAIN);
    C(EALREADY); C(EBADE); C(EBADF); C(EBADFD); C(EBADMSG); C(EBADR); C(EBADRQC); C(EBADSLT);
    C(EBFONT); C(EBUSY); C(ECANCELED); C(ECHILD); C(ECHRNG); C(ECOMM); C(ECONNABORTED);
    C(ECONNREFUSED); C(ECONNRESET); C(EDEADLK); C(EDEADLOCK); C(EDESTADDRREQ); C(EDOM); C(EDOTDOT);
    C(EDQUOT); C(EEXIST); C(EFAULT); C(EFBIG); C(EHOSTDOWN); C(EHOSTUNREACH); C(EHWPOISON);
    C(EIDRM); C(EILSEQ); C(EINPROGRESS); C(EINTR); C(EINVAL); C(EIO); C(EISCONN); C(EISDIR);
    C(EISNAM); C(EKEYEXPIRED); C(EKEYREJECTED); C(EKEYREVOKED); C(EL2HLT); C(EL2NSYNC); C(EL3HLT);
    C(EL3RST); C(ELIBACC); C(ELIBBAD); C(ELIBEXEC); C(ELIBMAX); C(ELIBSCN); C(ELNRNG); C(ELOOP);
    C(EMEDIUMTYPE); C(EMFILE); C(EMLINK); C(EMSGSIZE); C(EMULTIHOP); C(ENAMETOOLONG); C(ENAVAIL);
    C(ENETDOWN); C(ENETRESET); C(ENETUNREACH); C(ENFILE); C(ENOANO); C(ENOBUFS); C(ENOCSI);
    C(ENODATA); C(ENODEV); C(ENOENT); C(ENOEXEC); C(ENOKEY); C(ENOLCK); C(ENOLINK); C(ENOMEDIUM);
    C(ENOMEM); C(ENOMSG); C(ENONET); C(ENOPKG); C(ENOPROTOOPT); C(ENOSPC); C(ENOSR); C(ENOSTR);
    C(ENOSYS); C(ENOTBLK); C(ENOTCONN); C(ENOTDIR); C(ENOTEMPTY); C(ENOTNAM); C(ENOTRECOVERABLE);
    C(ENOTSOCK); C(ENOTSUP); C(ENOTTY); C(ENOTUNIQ); C(ENXIO); C(EOPNOTSUPP); C(EOVERFLOW);
    C(EOWNERDEAD); C(EPERM); C(EPFNOSUPPORT); C(EPIPE); C(EPROTO); C(EPROTONOSUPPORT);
    C(EPROTOTYPE); C(ERANGE); C(EREMCHG); C(EREMOTE); C(EREMOTEIO); C(ERESTART); C(ERFKILL);
    C(EROFS); C(ESHUTDOWN); C(ESOCKTNOSUPPORT); C(ESPIPE); C(ESRCH); C(ESRMNT); C(ESTALE);
    C(ESTRPIPE); C(ETIME); C(ETIMEDOUT); C(ETOOMANYREFS); C(ETXTBSY); C(EUCLEAN); C(EUNATCH);
    C(EUSERS); C(EWOULDBLOCK); C(EXDEV); C(EXFULL);
    /* fallocate */
    C(FALLOC_FL_COLLAPSE_RANGE); C(FALLOC_FL_INSERT_RANGE); C(FALLOC_FL_KEEP_SIZE);
    C(FALLOC_FL_NO_HIDE_STALE); C(FALLOC_FL_PUNCH_HOLE); C(FALLOC_FL_UNSHARE_RANGE);
    C(FALLOC_FL_ZERO_RANGE);
    /* fcntl */
    C(FD_CLOEXEC); C(F_ADD_SEALS); C(F_DUPFD_CLOEXEC); C(F_GETFD); C(F_GET_SEALS); C(F_SETFD);
    /* fcntl: seals */
    C(F_SEAL_FUTURE_WRITE); C(F_SEAL_GROW); C(F_SEAL_SEAL); C(F_SEAL_SHRINK); C(F_SEAL_WRITE);
    /* madvise */
    C(MADV_COLD); C(MADV_COLLAPSE); C(MADV_DODUMP); C(MADV_DOFORK); C(MADV_DONTDUMP);
    C(MADV_DONTFORK); C(MADV_DONTNEED); C(MADV_DONTNEED_LOCKED); C(MADV_FREE); C(MADV_HUGEPAGE);
    C(MADV_HWPOISON); C(MADV_KEEPONFORK); C(MADV_MERGEABLE); C(MADV_NOHUGEPAGE); C(MADV_NORMAL);
    C(MADV_PAGEOUT); C(MADV_POPULATE_READ); C(MADV_POPULATE_WRITE); C(MADV_RANDOM); C(MADV_REMOVE);
    C(MADV_SEQUENTIAL); C(MADV_SOFT_OFFLINE); C(MADV_UNMERGEABLE); C(MADV_WILLNEED);
    C(MADV_WIPEONFORK);
    /* mmap: flags */
#ifdef MAP_32BIT
    C(MAP_32BIT);
#else
    UNDEFINED(MAP_32BIT);   /* x86-64 only */
#endif
    C(MAP_ANONYMOUS); C(MAP_DENYWRITE); C(MAP_EXECUTABLE); C(MAP_FAILED); C(MAP_FIXED);
    C(MAP_FIXED_NOREPLACE); C(MAP_GROWSDOWN); C(MAP_HUGETLB); C(MAP_HUGE_1GB); C(MAP_HUGE_2MB);
    C(MAP_HUGE_MASK); C(MAP_HUGE_SHIFT); C(MAP_LOCKED); C(MAP_NONBLOCK); C(MAP_NORESERVE);
    C(MAP_POPULATE); C(MAP_PRIVATE); C(MAP_SHARED); C(MAP_SHARED_VALIDATE); C(MAP_STACK);
    C(MAP_SYNC); C(MAP_UNINITIALIZED);
    /* memfd_create */
    C(MFD_ALLOW_SEALING); C(MFD_CLOEXEC); C(MFD_HUGETLB);
    /* mremap */
    C(MREMAP_DONTUNMAP); C(MREMAP_FIXED); C(MREMAP_MAYMOVE);
    /* msync */
    C(MS_ASYNC); C(MS_INVALIDATE); C(MS_SYNC);
    /* open */
    C(O_APPEND); C(O_CLOEXEC); C(O_CREAT); C(O_DIRECT); C(O_DIRECTORY); C(O_DSYNC); C(O_EXCL);
    C(O_NOATIME); C(O_NOFOLLOW); C(O_NONBLOCK); C(O_RDONLY); C(O_RDWR); C(O_SYNC); C(O_TMPFILE);
    C(O_TRUNC); C(O_WRONLY);
    /* posix_fadvise */
    C(POSIX_FADV_DONTNEED); C(POSIX_FADV_NOREUSE); C(POSIX_FADV_NORMAL); C(POSIX_FADV_RANDOM);
    C(POSIX_FADV_SEQUENTIAL); C(POSIX_FADV_WILLNEED);
    /* mmap, mprotect: protection */
    C(PROT_EXEC); C(PROT_GROWSDOWN); C(PROT_GROWSUP); C(PROT_NONE); C(PROT_READ); C(PROT_SEM);
    C(PROT_WRITE);
    /* getrlimit */
    C(RLIMIT_MEMLOCK); C(RLIM_INFINITY);
    /* fstat: file types */
    C(S_IFBLK); C(S_IFCHR); C(S_IFDIR); C(S_IFIFO); C(S_IFLNK); C(S_IFMT); C(S_IFREG); C(S_IFSOCK);
    /* sysconf */
    C(_SC_PAGESIZE);
}

static void structs(void) {
    STRUCT(stat);
    FIELD(stat, st_dev); FIELD(stat, st_ino); FIELD(stat, st_nlink); FIELD(stat, st_mode);
    FIELD(stat, st_uid); FIELD(stat, st_gid); FIELD(stat, st_rdev); FIELD(stat, st_size);
    FIELD(stat, st_blksize); FIELD(stat, st_blocks); FIELD(stat, st_atim); FIELD(stat, st_mtim);
    FIELD(stat, st_ctim);
    STRUCT(timespec);
    FIELD(timespec, tv_sec); FIELD(timespec, tv_nsec);
    STRUCT(rlimit);
    FIELD(rlimit, rlim_cur); FIELD(rlimit, rlim_max);
}

int main(void) {
    constants();
    structs();
    return 0;
}
