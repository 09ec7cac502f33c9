/*
 * jextract input for dev.ffmap.bindings.windows: the kernel32 calls and constants ffmap uses on
 * Windows (x64 and arm64).
 *
 * Project-written, and it must not include <windows.h>: the bindings are generated on Linux,
 * where C `long` is 64-bit while Windows' is 32-bit. So no host typedef (DWORD, SIZE_T, HANDLE,
 * LARGE_INTEGER) appears: the fixed-width types below are spelled with `int`, `short` and
 * `long long`, whose sizes are the same on Linux and Windows, and every value is the one
 * documented by Microsoft (winnt.h, winbase.h, fileapi.h, winerror.h). WINAPI (__stdcall) is
 * ignored on x64 and arm64, so no calling convention is written.
 * Regenerate with bindings/regenerate windows; the symbols kept are listed in jextract.options.
 */

typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned long long uint64_t;
typedef long long int64_t;

/* ---- winnt.h: page protection, for CreateFileMappingW and VirtualProtect ---- */
#define PAGE_NOACCESS           0x01
#define PAGE_READONLY           0x02
#define PAGE_READWRITE          0x04
#define PAGE_WRITECOPY          0x08
#define PAGE_EXECUTE            0x10
#define PAGE_EXECUTE_READ       0x20
#define PAGE_EXECUTE_READWRITE  0x40
#define PAGE_EXECUTE_WRITECOPY  0x80
#define PAGE_GUARD              0x100
#define PAGE_NOCACHE            0x200

/* ---- winnt.h: section attributes, or-ed into CreateFileMappingW's flProtect ---- */
#define SEC_FILE         0x00800000
#define SEC_RESERVE      0x04000000
#define SEC_COMMIT       0x08000000
#define SEC_NOCACHE      0x10000000
#define SEC_LARGE_PAGES  0x80000000

/* ---- memoryapi.h: view access, for MapViewOfFile(Ex) and OpenFileMappingW ---- */
#define FILE_MAP_COPY        0x00000001
#define FILE_MAP_WRITE       0x00000002
#define FILE_MAP_READ        0x00000004
#define FILE_MAP_EXECUTE     0x00000020
#define FILE_MAP_ALL_ACCESS  0x000F001F

/* ---- winnt.h / fileapi.h: CreateFileW ---- */
#define GENERIC_READ     0x80000000
#define GENERIC_WRITE    0x40000000
#define GENERIC_EXECUTE  0x20000000
#define GENERIC_ALL      0x10000000

#define FILE_SHARE_READ    0x00000001
#define FILE_SHARE_WRITE   0x00000002
#define FILE_SHARE_DELETE  0x00000004

#define CREATE_NEW         1
#define CREATE_ALWAYS      2
#define OPEN_EXISTING      3
#define OPEN_ALWAYS        4
#define TRUNCATE_EXISTING  5

#define FILE_ATTRIBUTE_DIRECTORY  0x00000010
#define FILE_ATTRIBUTE_NORMAL     0x00000080

#define FILE_BEGIN    0
#define FILE_CURRENT  1
#define FILE_END      2

/* handleapi.h: (HANDLE)(LONG_PTR)-1, what CreateFileW returns on failure and what CreateFileMappingW takes for the paging file */
#define INVALID_HANDLE_VALUE  ((void *) -1)
#define DUPLICATE_SAME_ACCESS 0x00000002

/*
 * ---- ffmap's own mmap-style flag bits on Windows ----
 * No Windows header defines these: they are the values ffmap's PROT_*, MAP_*, MS_* and MADV_*
 * names carry on Windows, which the Windows backend translates into PAGE_*, FILE_MAP_* and the
 * calls above. Names with no Windows meaning are absent on purpose.
 */
#define PROT_NONE        0x0
#define PROT_READ        0x1
#define PROT_WRITE       0x2
#define PROT_EXEC        0x4

#define MAP_SHARED       0x01
#define MAP_PRIVATE      0x02
#define MAP_ANONYMOUS    0x20

#define MS_ASYNC         0x1
#define MS_SYNC          0x4

#define MADV_NORMAL      0
#define MADV_WILLNEED    3

/* ---- the C runtime's <fcntl.h> (_O_*), the open flags ffmap's O_* names carry on Windows ---- */
#define O_RDONLY    0x0000
#define O_WRONLY    0x0001
#define O_RDWR      0x0002
#define O_CREAT     0x0100
#define O_TRUNC     0x0200
#define O_EXCL      0x0400
#define O_CLOEXEC   0x0080   /* _O_NOINHERIT */

/* ---- sysinfoapi.h: SYSTEM_INFO as laid out on x64 and arm64 (48 bytes) ---- */
typedef struct _SYSTEM_INFO {
    uint16_t wProcessorArchitecture;       /*  0: union with uint32_t dwOemId */
    uint16_t wReserved;                    /*  2 */
    uint32_t dwPageSize;                   /*  4 */
    void *lpMinimumApplicationAddress;     /*  8 */
    void *lpMaximumApplicationAddress;     /* 16 */
    uint64_t dwActiveProcessorMask;        /* 24: DWORD_PTR */
    uint32_t dwNumberOfProcessors;         /* 32 */
    uint32_t dwProcessorType;              /* 36 */
    uint32_t dwAllocationGranularity;      /* 40 */
    uint16_t wProcessorLevel;              /* 44 */
    uint16_t wProcessorRevision;           /* 46 */
} SYSTEM_INFO;

/* ---- memoryapi.h: PrefetchVirtualMemory's range (16 bytes) ---- */
typedef struct _WIN32_MEMORY_RANGE_ENTRY {
    void *VirtualAddress;
    uint64_t NumberOfBytes;                /* SIZE_T */
} WIN32_MEMORY_RANGE_ENTRY;

/*
 * ---- winnt.h: MEMORY_BASIC_INFORMATION as laid out on x64 and arm64 (48 bytes), what VirtualQuery
 * fills in; its RegionSize is the size of a whole-section view, the only size an opened section tells ----
 */
typedef struct _MEMORY_BASIC_INFORMATION {
    void *BaseAddress;                     /*  0 */
    void *AllocationBase;                  /*  8 */
    uint32_t AllocationProtect;            /* 16 */
    uint16_t PartitionId;                  /* 20: x64 and arm64 only */
    uint64_t RegionSize;                   /* 24: SIZE_T */
    uint32_t State;                        /* 32 */
    uint32_t Protect;                      /* 36 */
    uint32_t Type;                         /* 40; 4 bytes of padding follow */
} MEMORY_BASIC_INFORMATION;

/* ---- kernel32 functions; BOOL is int32_t, HANDLE void *, LPCWSTR const uint16_t *, LARGE_INTEGER int64_t ---- */
void *CreateFileW(const uint16_t *lpFileName, uint32_t dwDesiredAccess, uint32_t dwShareMode,
                  void *lpSecurityAttributes, uint32_t dwCreationDisposition,
                  uint32_t dwFlagsAndAttributes, void *hTemplateFile);
void *CreateFileMappingW(void *hFile, void *lpFileMappingAttributes, uint32_t flProtect,
                         uint32_t dwMaximumSizeHigh, uint32_t dwMaximumSizeLow, const uint16_t *lpName);
void *OpenFileMappingW(uint32_t dwDesiredAccess, int32_t bInheritHandle, const uint16_t *lpName);
void *MapViewOfFile(void *hFileMappingObject, uint32_t dwDesiredAccess, uint32_t dwFileOffsetHigh,
                    uint32_t dwFileOffsetLow, uint64_t dwNumberOfBytesToMap);
void *MapViewOfFileEx(void *hFileMappingObject, uint32_t dwDesiredAccess, uint32_t dwFileOffsetHigh,
                      uint32_t dwFileOffsetLow, uint64_t dwNumberOfBytesToMap, void *lpBaseAddress);
int32_t UnmapViewOfFile(const void *lpBaseAddress);
int32_t FlushViewOfFile(const void *lpBaseAddress, uint64_t dwNumberOfBytesToFlush);
int32_t FlushFileBuffers(void *hFile);
int32_t VirtualProtect(void *lpAddress, uint64_t dwSize, uint32_t flNewProtect, uint32_t *lpflOldProtect);
int32_t VirtualLock(void *lpAddress, uint64_t dwSize);
int32_t VirtualUnlock(void *lpAddress, uint64_t dwSize);
uint64_t VirtualQuery(const void *lpAddress, MEMORY_BASIC_INFORMATION *lpBuffer, uint64_t dwLength);
int32_t PrefetchVirtualMemory(void *hProcess, uint64_t NumberOfEntries,
                              WIN32_MEMORY_RANGE_ENTRY *VirtualAddresses, uint32_t Flags);
void GetSystemInfo(SYSTEM_INFO *lpSystemInfo);
int32_t SetFilePointerEx(void *hFile, int64_t liDistanceToMove, int64_t *lpNewFilePointer, uint32_t dwMoveMethod);
int32_t SetEndOfFile(void *hFile);
int32_t GetFileSizeEx(void *hFile, int64_t *lpFileSize);
int32_t CloseHandle(void *hObject);
void *GetCurrentProcess(void);
int32_t DuplicateHandle(void *hSourceProcessHandle, void *hSourceHandle, void *hTargetProcessHandle,
                        void **lpTargetHandle, uint32_t dwDesiredAccess, int32_t bInheritHandle, uint32_t dwOptions);

/* ---- winerror.h ---- */
#define ERROR_SUCCESS                 0
#define ERROR_INVALID_FUNCTION        1
#define ERROR_FILE_NOT_FOUND          2
#define ERROR_PATH_NOT_FOUND          3
#define ERROR_TOO_MANY_OPEN_FILES     4
#define ERROR_ACCESS_DENIED           5
#define ERROR_INVALID_HANDLE          6
#define ERROR_NOT_ENOUGH_MEMORY       8
#define ERROR_INVALID_ACCESS          12
#define ERROR_OUTOFMEMORY             14
#define ERROR_WRITE_PROTECT           19
#define ERROR_NOT_READY               21
#define ERROR_SHARING_VIOLATION       32
#define ERROR_LOCK_VIOLATION          33
#define ERROR_HANDLE_EOF              38
#define ERROR_HANDLE_DISK_FULL        39
#define ERROR_NOT_SUPPORTED           50
#define ERROR_FILE_EXISTS             80
#define ERROR_INVALID_PARAMETER       87
#define ERROR_DISK_FULL               112
#define ERROR_INSUFFICIENT_BUFFER     122
#define ERROR_INVALID_NAME            123
#define ERROR_NEGATIVE_SEEK           131
#define ERROR_DIR_NOT_EMPTY           145
#define ERROR_NOT_LOCKED              158
#define ERROR_ALREADY_EXISTS          183
#define ERROR_FILE_TOO_LARGE          223
#define ERROR_DIRECTORY               267
#define ERROR_INVALID_ADDRESS         487
#define ERROR_NOACCESS                998
#define ERROR_FILE_INVALID            1006
#define ERROR_MAPPED_ALIGNMENT        1132
#define ERROR_USER_MAPPED_FILE        1224
#define ERROR_PRIVILEGE_NOT_HELD      1314
#define ERROR_NO_SYSTEM_RESOURCES     1450
#define ERROR_WORKING_SET_QUOTA       1453
#define ERROR_COMMITMENT_LIMIT        1455
