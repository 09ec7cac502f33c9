package dev.ffmap.examples;

import dev.ffmap.Advice;
import dev.ffmap.MappedFile;

import java.nio.file.Path;

/** Python's mmap.mmap calls on a file, each with its Python spelling. Argument: a text file. */
public final class MappedFileTour {
    public static void main(String[] args) throws Exception {
        try (MappedFile m = MappedFile.open(Path.of(args[0]), MappedFile.Access.WRITE)) {
            int first = m.get(0);                          // m[0]         -> 0..255
            int last = m.get(-1);                          // m[-1]
            byte[] head = m.slice(0, 10);                  // m[0:10]
            byte[] reversed = m.slice(Long.MAX_VALUE, Long.MIN_VALUE, -1);   // m[::-1]
            m.setSlice(0, 5, "HELLO".getBytes());          // m[0:5] = b"HELLO"
            long at = m.find("needle".getBytes());         // m.find(b"needle"), from the position
            long back = m.rfind("x".getBytes(), 0, -1);    // m.rfind(b"x", 0, -1)
            m.seek(0);                                     // m.seek(0) -> new position
            byte[] line = m.readLine();                    // m.readline()
            m.seek(-4, MappedFile.SEEK_END);               // m.seek(-4, os.SEEK_END)
            m.write("TAIL".getBytes());                    // all or nothing; returns 4
            m.move(0, 5, 3);                               // memmove within the map
            m.flush();                                     // msync(MS_SYNC)
            m.madvise(Advice.MADV_SEQUENTIAL);             // m.madvise(mmap.MADV_SEQUENTIAL)
            m.resize(m.length() * 2);                      // file and map grow (mremap on Linux)
            System.out.printf("m[0]=%d m[-1]=%d m[0:10]=%s len(m[::-1])=%d find=%d rfind=%d readline=%s%n",
                    first, last, new String(head), reversed.length, at, back, new String(line).strip());
            System.out.println(m);  // <MappedFile closed=false, access=WRITE, length=…, pos=…, offset=0>
        }
    }
}
