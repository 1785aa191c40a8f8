package io.agentkit.core.chart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * The OpenPGP secret key a chart is signed with, read from an ASCII-armored key file or a binary
 * keyring ({@code gpg --export-secret-keys}, with or without {@code --armor}) and unlocked. The
 * passphrase is used once and never appears in a message.
 */
public final class SigningKey {

  /**
   * A passphrase and where it came from (for messages; the value is never shown).
   *
   * @param source e.g. "settings.xml server 'chart-signing'" or "environment variable HELM_KEY_PASSPHRASE"
   */
  public record Passphrase(char[] value, String source) {
    @Override
    public String toString() {
      return source;
    }
  }

  private static final String SETTING = "signingKey";

  private final PGPSecretKey secretKey;
  private final PGPPrivateKey privateKey;
  private final String userId;

  private SigningKey(PGPSecretKey secretKey, PGPPrivateKey privateKey, String userId) {
    this.secretKey = secretKey;
    this.privateKey = privateKey;
    this.userId = userId;
  }

  /**
   * @param keyId key id (8 or 16 hex digits), fingerprint, or (part of) a user id; null when the file holds one key
   * @param passphrase the passphrase, or null for an unprotected key
   */
  public static SigningKey load(Path file, String keyId, Passphrase passphrase) throws ChartException, IOException {
    if (file == null) {
      throw new ChartException(SETTING, "is required to sign the chart", "point signingKey at an OpenPGP secret key (gpg --export-secret-keys [--armor] KEY > file)");
    }
    if (!Files.isRegularFile(file)) {
      throw new ChartException(SETTING, file + " does not exist", "point signingKey at an OpenPGP secret key (gpg --export-secret-keys [--armor] KEY > file)");
    }
    PGPSecretKeyRingCollection rings;
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
    } catch (PGPException | IOException | RuntimeException e) {
      throw new ChartException(SETTING, file + " is not an OpenPGP secret key or keyring (" + e.getClass().getSimpleName() + ")",
          "export the secret key with gpg --export-secret-keys [--armor] KEY; a public key cannot sign");
    }
    List<PGPSecretKeyRing> matching = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Iterator<PGPSecretKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
      PGPSecretKeyRing ring = it.next();
      all.add(describe(ring.getSecretKey()));
      if (keyId == null || keyId.isBlank() || matches(ring, keyId.strip())) {
        matching.add(ring);
      }
    }
    if (all.isEmpty()) {
      throw new ChartException(SETTING, file + " holds no secret key", "export the secret key with gpg --export-secret-keys [--armor] KEY");
    }
    if (matching.isEmpty()) {
      throw new ChartException("signingKeyId", "no key in " + file + " matches '" + keyId + "' (it holds " + String.join("; ", all) + ")",
          "use a key id, fingerprint or user id from that list");
    }
    if (matching.size() > 1) {
      throw new ChartException("signingKeyId", (keyId == null || keyId.isBlank() ? "" : "'" + keyId + "' matches ") + matching.size() + " keys in " + file
          + " (" + String.join("; ", matching.stream().map(r -> describe(r.getSecretKey())).toList()) + ")", "set signingKeyId to the key id or fingerprint of one");
    }
    PGPSecretKey key = signingKey(matching.get(0), file);
    String user = firstUserId(matching.get(0).getSecretKey());
    return new SigningKey(key, unlock(key, passphrase, file), user);
  }

  private static boolean matches(PGPSecretKeyRing ring, String id) {
    String hex = id.toLowerCase(Locale.ROOT).replaceFirst("^0x", "").replace(" ", "");
    for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
      PGPPublicKey pub = keys.next().getPublicKey();
      String fingerprint = HexFormat.of().formatHex(pub.getFingerprint());
      String longId = String.format("%016x", pub.getKeyID());
      if (hex.matches("[0-9a-f]{8,}") && (fingerprint.equals(hex) || longId.equals(hex) || longId.endsWith(hex) && hex.length() == 8)) {
        return true;
      }
    }
    for (Iterator<String> users = ring.getSecretKey().getUserIDs(); users.hasNext(); ) {
      if (users.next().contains(id)) {
        return true;
      }
    }
    return false;
  }

  /** The primary key when it may sign (GnuPG's default), else a subkey flagged for signing. */
  private static PGPSecretKey signingKey(PGPSecretKeyRing ring, Path file) throws ChartException {
    PGPSecretKey primary = ring.getSecretKey();
    if (!primary.isPrivateKeyEmpty() && primary.isSigningKey() && mayHaveFlag(primary.getPublicKey(), PGPSignature.POSITIVE_CERTIFICATION, KeyFlags.SIGN_DATA)) {
      return primary;
    }
    for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
      PGPSecretKey k = keys.next();
      if (!k.isMasterKey() && k.isSigningKey() && mayHaveFlag(k.getPublicKey(), PGPSignature.SUBKEY_BINDING, KeyFlags.SIGN_DATA)
          && !k.isPrivateKeyEmpty()) {
        return k;
      }
    }
    throw new ChartException(SETTING, "the key " + describe(primary) + " in " + file + " has no secret key that may sign",
        "use a key with a signing (S) capability, as gpg --quick-generate-key creates");
  }

  /** Whether the self-signatures of {@code key} allow {@code flag} (keys without flags allow everything). */
  private static boolean mayHaveFlag(PGPPublicKey key, int signatureType, int flag) {
    boolean anyFlags = false;
    for (int type : signatureType == PGPSignature.SUBKEY_BINDING ? new int[] {PGPSignature.SUBKEY_BINDING}
        : new int[] {PGPSignature.POSITIVE_CERTIFICATION, PGPSignature.CASUAL_CERTIFICATION, PGPSignature.NO_CERTIFICATION,
            PGPSignature.DEFAULT_CERTIFICATION, PGPSignature.DIRECT_KEY}) {
      for (Iterator<PGPSignature> sigs = key.getSignaturesOfType(type); sigs.hasNext(); ) {
        PGPSignature s = sigs.next();
        if (s.getHashedSubPackets() != null && s.getHashedSubPackets().getKeyFlags() != 0) {
          anyFlags = true;
          if ((s.getHashedSubPackets().getKeyFlags() & flag) != 0) {
            return true;
          }
        }
      }
    }
    return !anyFlags;
  }

  private static PGPPrivateKey unlock(PGPSecretKey key, Passphrase passphrase, Path file) throws ChartException {
    boolean protectedKey = key.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
    if (protectedKey && passphrase == null) {
      throw new ChartException(null, "signing: the key " + describe(key) + " in " + file + " is protected by a passphrase, and none was given",
          "put it in a settings.xml <server> (its <passphrase>, encrypted with mvn --encrypt-password) named by signingServerId, or in the environment variable "
              + "named by signingPassphraseVariable (default HELM_KEY_PASSPHRASE)");
    }
    try {
      return key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
          .build(protectedKey ? passphrase.value() : new char[0]));
    } catch (PGPException | RuntimeException e) {
      throw new ChartException(null, "signing: the passphrase from " + passphrase + " does not unlock the key " + describe(key) + " in " + file,
          "check the passphrase");
    }
  }

  static String describe(PGPSecretKey key) {
    String user = firstUserId(key);
    return String.format("%016X", key.getKeyID()) + (user.isEmpty() ? "" : " " + user);
  }

  private static String firstUserId(PGPSecretKey key) {
    Iterator<String> users = key.getUserIDs();
    return users.hasNext() ? users.next() : "";
  }

  PGPSecretKey secretKey() {
    return secretKey;
  }

  PGPPrivateKey privateKey() {
    return privateKey;
  }

  /** The signer's user id, e.g. {@code Charts <charts@example.com>}. */
  public String userId() {
    return userId;
  }

  /** Fingerprint of the key that signs, in hex, as helm verify prints it. */
  public String fingerprint() {
    return HexFormat.of().formatHex(secretKey.getPublicKey().getFingerprint());
  }
}
