// Key fixtures for the sample builds, generated at test time so no private key lives in the repository.
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.SecureRandom
import java.security.spec.ECGenParameterSpec
import javax.crypto.Cipher
import javax.crypto.EncryptedPrivateKeyInfo
import javax.crypto.SecretKeyFactory
import javax.crypto.spec.PBEKeySpec
import javax.crypto.spec.PBEParameterSpec

class Keys {

    static KeyPair rsa(int bits) {
        def g = KeyPairGenerator.getInstance('RSA')
        g.initialize(bits)
        return g.generateKeyPair()
    }

    static KeyPair ec() {
        def g = KeyPairGenerator.getInstance('EC')
        g.initialize(new ECGenParameterSpec('secp256r1'))
        return g.generateKeyPair()
    }

    static String pem(String label, byte[] der) {
        def b64 = Base64.encoder.encodeToString(der)
        def lines = (0..<b64.length()).step(64).collect { b64.substring(it, Math.min(b64.length(), it + 64)) }
        return "-----BEGIN ${label}-----\n" + lines.join('\n') + "\n-----END ${label}-----\n"
    }

    static void writePrivate(File file, KeyPair pair) {
        file.parentFile.mkdirs()
        file.text = pem('PRIVATE KEY', pair.private.encoded)
    }

    static void writePublic(File file, KeyPair pair) {
        file.parentFile.mkdirs()
        file.text = pem('PUBLIC KEY', pair.public.encoded)
    }

    /** A valid RSA 4096 pair where generate-keys keeps the agent's managed keys, under the guide's file names. */
    static void writeManagedPair(File basedir, String agentId) {
        def dir = new File(basedir, ".humanitec-agent/keys/${agentId}")
        def pair = rsa(4096)
        writePrivate(new File(dir, 'humanitec_agent_private_key.pem'), pair)
        writePublic(new File(dir, 'humanitec_agent_public_key.pem'), pair)
    }

    /** A real passphrase-protected PKCS#8 key, as `openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES` writes it. */
    static void writeEncrypted(File file, KeyPair pair, String passphrase) {
        byte[] salt = new byte[16]
        new SecureRandom().nextBytes(salt)
        def alg = 'PBEWithSHA1AndDESede'
        def cipher = Cipher.getInstance(alg)
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(passphrase.toCharArray())),
                new PBEParameterSpec(salt, 10000))
        def info = new EncryptedPrivateKeyInfo(cipher.parameters, cipher.doFinal(pair.private.encoded))
        file.parentFile.mkdirs()
        file.text = pem('ENCRYPTED PRIVATE KEY', info.encoded)
    }
}
