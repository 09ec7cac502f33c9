package dev.ffmap.cli;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.Residency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of one file sits in the page cache now: mincore(2) on a read-only shared mapping of
 * the whole file, which reads nothing in. An empty file has no pages.
 *
 * @param residency per-page answer, {@code null} for an empty file
 */
record CacheState(Path path, long size, long pageSize, long pages, long resident, Residency residency) {

    static CacheState of(Path path) throws IOException {
        long size = Files.size(path);
        if (size == 0) {
            return new CacheState(path, 0, Mman.pageSize(), 0, 0, null);
        }
        try (Mapping m = Mapping.map(path, MapOptions.readOnly())) {
            Residency r = m.residency();
            return new CacheState(path, size, r.pageSize(), r.pageCount(), r.residentPages(), r);
        }
    }

    long residentBytes() {
        return Math.min(size, resident * pageSize);
    }

    double fraction() {
        return pages == 0 ? 0 : (double) resident / pages;
    }

    /** The resident share of each of {@code cells} equal runs of pages (fewer cells if fewer pages). */
    double[] cells(int cells) {
        int n = (int) Math.min(cells, pages);
        double[] share = new double[n];
        for (int c = 0; c < n; c++) {
            long from = pages * c / n;
            long to = pages * (c + 1) / n;
            long in = 0;
            for (long p = from; p < to; p++) {
                in += residency.isResident(p) ? 1 : 0;
            }
            share[c] = (double) in / (to - from);
        }
        return share;
    }

    /** The figures as a JSON object. */
    Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", path.toString());
        o.put("size", size);
        o.put("pageSize", pageSize);
        o.put("pages", pages);
        o.put("residentPages", resident);
        o.put("residentBytes", residentBytes());
        return o;
    }
}
