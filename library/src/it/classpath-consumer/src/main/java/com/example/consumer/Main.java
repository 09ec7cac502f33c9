package com.example.consumer;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Maps a new file with ffmap, writes a long through the segment, reads it back with FileChannel. */
public final class Main {
    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("ffmap-consumer", ".bin");
        try {
            try (Mapping m = Mapping.map(file, MapOptions.readWrite().withLength(4096).withGrow(true))) {
                m.segment().set(ValueLayout.JAVA_LONG, 8, 0x0123456789abcdefL);
                m.sync();
            }
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            try (FileChannel ch = FileChannel.open(file)) {
                ch.read(b, 8);
            }
            long read = b.flip().getLong();
            if (read != 0x0123456789abcdefL) {
                throw new AssertionError("FileChannel read 0x" + Long.toHexString(read));
            }
            System.out.println(Main.class.getModule() + " used " + Mapping.class.getModule()
                    + ": wrote and read back 0x" + Long.toHexString(read));
        } finally {
            Files.delete(file);
        }
    }
}
