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

    /**
     * Records every file of the project with its SHA-256 before the build, outside the project (next to
     * its folder) so the record is not part of what it describes. Called last in a setup script.
     */
    static void recordFiles(File basedir) {
        record(basedir).text = digests(basedir).collect { path, sum -> "${sum} ${path}" }.join('\n') + '\n'
    }

    /**
     * The build wrote, changed and removed nothing: the project holds the files {@link #recordFiles}
     * saw, byte for byte (the user's keys included), plus build.log and the {@code allowedNew} paths.
     */
    static void unchanged(File basedir, List<String> allowedNew = []) {
        def before = record(basedir).readLines().findAll { it }.collectEntries { line ->
            def space = line.indexOf(' ')
            [(line.substring(space + 1)): line.substring(0, space)]
        }
        assert !before.isEmpty(): "no files recorded before the build: call Checks.recordFiles(basedir) in setup.groovy"
        def after = digests(basedir)
        def written = (after.keySet() - before.keySet()) - allowedNew
        assert written.isEmpty(): "the build wrote ${written.sort()}"
        before.each { path, sum ->
            assert after.containsKey(path): "the build removed ${path}"
            assert after[path] == sum: "the build changed ${path}"
        }
    }

    private static File record(File basedir) {
        return new File(basedir.parentFile, basedir.name + '.files-before')
    }

    /** Relative path (with /) to SHA-256 of every file under the project except build.log. */
    private static Map<String, String> digests(File basedir) {
        def sums = new TreeMap<String, String>()
        basedir.eachFileRecurse { f ->
            def path = basedir.toPath().relativize(f.toPath()).toString().replace(File.separatorChar, '/' as char)
            if (f.isFile() && path != 'build.log') {
                sums[path] = java.security.MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString()
            }
        }
        return sums
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
