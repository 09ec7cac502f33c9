# CPython as Share's second process: run it while `Share first` waits.
import mmap
import struct
import sys
import time

name = sys.argv[1] if len(sys.argv) > 1 else "/ffmap-demo"
with open("/dev/shm" + name, "r+b") as f, mmap.mmap(f.fileno(), 4096) as m:
    while struct.unpack_from("<q", m, 0)[0] != 1:
        time.sleep(0.001)
    print(m[64:m.find(b"\0", 64)].decode())
    m[1024:1047] = b"hello back from Python\0"
    m[0:8] = struct.pack("<q", 2)
