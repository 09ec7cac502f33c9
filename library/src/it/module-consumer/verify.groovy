// The program ran as named modules on the module path, the JVM printed no warning, and the
// jar is a modular one (the JDK 25 jar tool added module-info.class).
import java.util.jar.JarFile

def log = new File(basedir, 'build.log').text
assert !log.contains('using incubating module(s)') // ffmap's module requires no incubating module
assert log.contains('module com.example.consumer used module dev.ffmap: found the needle at 8')
assert !(log =~ /(?m)^WARNING:/)
new JarFile(new File(basedir, 'target/module-consumer-1.0.jar')).withCloseable { jar ->
    assert jar.getEntry('module-info.class') != null
}
