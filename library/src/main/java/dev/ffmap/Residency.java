package dev.ffmap;

/**
 * Which pages of a mapping are resident in memory, as mincore(2) reported at one moment.
 * Immutable; the kernel's answer can be stale as soon as it is returned.
 */
public final class Residency {
    private final long pageSize;
    private final byte[] pages;
    private final long resident;

    Residency(long pageSize, byte[] pages) {
        this.pageSize = pageSize;
        this.pages = pages;
        long count = 0;
        for (byte b : pages) {
            count += b & 1;
        }
        this.resident = count;
    }

    /** {@return the page size the answer is counted in} */
    public long pageSize() {
        return pageSize;
    }

    /** {@return how many pages the mapping spans} */
    public long pageCount() {
        return pages.length;
    }

    /** {@return how many of them are resident} */
    public long residentPages() {
        return resident;
    }

    /** {@return the resident bytes: {@code residentPages() * pageSize()}} */
    public long residentBytes() {
        return resident * pageSize;
    }

    /**
     * {@return whether page {@code page} is resident}
     *
     * @param page the page's index, 0 for the page holding the mapping's first byte
     * @throws IndexOutOfBoundsException if {@code page} is negative or not below {@link #pageCount()}
     */
    public boolean isResident(long page) {
        java.util.Objects.checkIndex(page, pages.length);
        return (pages[(int) page] & 1) != 0;
    }

    @Override
    public String toString() {
        return "Residency[" + resident + "/" + pages.length + " pages of " + pageSize + " bytes]";
    }
}
