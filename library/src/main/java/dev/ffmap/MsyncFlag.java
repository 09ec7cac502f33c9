package dev.ffmap;

/** Flags of msync(2): how dirty pages of a shared file mapping are written back. */
public enum MsyncFlag implements NativeFlag {
    /** Schedule the write-back and return at once (Linux, macOS; Windows: FlushViewOfFile). */
    MS_ASYNC,
    /** Write back and wait until the data is on the storage device (Linux, macOS; Windows: FlushViewOfFile and FlushFileBuffers). */
    MS_SYNC,
    /** Invalidate other mappings of the file so they see the written data (Linux: a no-op since 2.6.19; macOS). */
    MS_INVALIDATE,
    /** Drop the pages, even if dirty (macOS only). */
    MS_KILLPAGES,
    /** Deactivate the pages: make them first to be reclaimed (macOS only). */
    MS_DEACTIVATE;
}
