/*
 * jextract input for dev.ffmap.bindings.linux: the system calls and constants ffmap uses on Linux.
 * Regenerate with bindings/regenerate; the symbols kept are listed in jextract.options beside this file.
 */

/* Without _GNU_SOURCE glibc hides mremap, memfd_create, MAP_POPULATE, MAP_HUGETLB and friends. */
#define _GNU_SOURCE

#include <sys/types.h>
#include <sys/mman.h>      /* mmap, munmap, msync, madvise, mprotect, mlock, mincore, mremap, shm_open, memfd_create */
#include <linux/mman.h>    /* MAP_HUGE_2MB/1GB, MADV_COLLAPSE and other flags newer than glibc's copy */
#include <time.h>          /* struct timespec, used by struct stat */
#include <sys/stat.h>      /* fstat, S_IFMT */
#include <fcntl.h>         /* open, fcntl, O_*, F_*, F_SEAL_*, posix_fadvise, posix_fallocate, fallocate */
#include <unistd.h>        /* close, ftruncate, sysconf, _SC_PAGESIZE */
#include <errno.h>         /* E* */
#include <string.h>        /* strerror */
#include <sys/resource.h>  /* getrlimit, RLIMIT_MEMLOCK */
