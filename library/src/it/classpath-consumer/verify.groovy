// The program ran on the class path (both in the unnamed module), and the JVM printed no warning.
def log = new File(basedir, 'build.log').text
assert log =~ /unnamed module @\p{XDigit}+ used unnamed module @\p{XDigit}+: wrote and read back 0x123456789abcdef/
assert !(log =~ /(?m)^WARNING:/)
