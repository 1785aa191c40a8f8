// Assertions shared by the verify scripts.
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

class Checks {

    static String log(File basedir) {
        return new File(basedir, 'build.log').text
    }

    static void logContains(File basedir, String... texts) {
        def log = log(basedir)
        texts.each { t -> assert log.contains(t): "build.log lacks: ${t}" }
    }

    static String mode(File f) {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f.toPath()))
    }

    /** The base64 lines of a PEM file: none may appear outside the key file itself. */
    static List<String> bodyLines(File pem) {
        return pem.readLines().findAll { !it.startsWith('-----') && !it.contains(':') && it.trim() }
    }

    /**
     * Every private key under the project (managed keys and fixtures): neither its body lines nor the
     * base64 of the whole file (what a Secret holds) may appear in the build log; body lines may not
     * appear in any other file either.
     */
    static void noKeyLeak(File basedir) {
        def keyFiles = []
        basedir.eachFileRecurse { f ->
            if (f.isFile() && f.name.endsWith('.pem') && f.text.contains('PRIVATE KEY')) {
                keyFiles << f
            }
        }
        def log = log(basedir)
        keyFiles.each { key ->
            def lines = bodyLines(key)
            def wholeBase64 = Base64.encoder.encodeToString(key.bytes)
            lines.each { line -> assert !log.contains(line): "build.log contains a line of ${key}" }
            assert !log.contains(wholeBase64.substring(0, 64)): "build.log contains the base64 of ${key}"
            basedir.eachFileRecurse { f ->
                if (f.isFile() && f != key && !keyFiles.contains(f) && f.length() < 5_000_000) {
                    def text = f.getText('ISO-8859-1')
                    lines.each { line -> assert !text.contains(line): "${f} contains a line of ${key}" }
                }
            }
        }
    }
}
