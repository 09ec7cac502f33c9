# The CPython side of ShareWithPython: reads what Java wrote, answers at offset 64.
import mmap
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "shared.bin"
with open(path, "r+b") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_WRITE) as m:
    print(m[0:11])                  # b'from java!\n'
    m[64:75] = b"from python"       # Java sees it at once
