package io.agentkit.it.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OpenPGP key made by real GnuPG in its own home directory, exported as users export them: the
 * secret key (armored or binary) for package-chart, the public keyring (binary) for helm verify.
 */
final class GpgKeys {

  final Path home;
  final String userId;
  final String passphrase;

  private GpgKeys(Path home, String userId, String passphrase) {
    this.home = home;
    this.userId = userId;
    this.passphrase = passphrase;
  }

  /**
   * @param algorithm e.g. {@code rsa3072} or {@code ed25519}
   * @param passphrase the key's passphrase, or "" for none
   */
  static GpgKeys create(Path dir, String userId, String algorithm, String passphrase) throws Exception {
    Path home = Files.createDirectories(dir);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    GpgKeys keys = new GpgKeys(home, userId, passphrase);
    keys.gpg("--quick-generate-key", userId, algorithm, "sign", "2d");
    return keys;
  }

  Path armoredSecretKey(Path file) throws Exception {
    Files.writeString(file, gpg("--armor", "--export-secret-keys", userId));
    return file;
  }

  Path binarySecretKeyring(Path file) throws Exception {
    gpg("--output", file.toString(), "--export-secret-keys", userId);
    return file;
  }

  /** The public keyring, binary, as {@code helm verify --keyring} reads it. */
  Path publicKeyring(Path file) throws Exception {
    gpg("--output", file.toString(), "--export", userId);
    return file;
  }

  String fingerprint() throws Exception {
    for (String line : gpg("--with-colons", "--fingerprint", userId).split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new IllegalStateException("gpg printed no fingerprint");
  }

  private String gpg(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Tools.gpg().toString(), "--homedir", home.toString(), "--batch", "--yes", "--pinentry-mode", "loopback",
        "--passphrase", passphrase));
    cmd.addAll(List.of(args));
    Proc.Result r = Proc.run(cmd, Map.of(), null, Duration.ofMinutes(2));
    if (r.exit() != 0) {
      throw new IllegalStateException("gpg " + String.join(" ", args) + " failed: " + r.err());
    }
    return r.out();
  }
}
