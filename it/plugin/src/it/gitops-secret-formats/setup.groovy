// The sealed-secrets controller's certificate: a self-signed RSA certificate, made with the JDK's keytool.
def keytool = new File(System.getProperty('java.home'), 'bin/keytool').path
def certs = new File(basedir, 'certs')
certs.mkdirs()
def run = { List<String> cmd ->
    def p = new ProcessBuilder(cmd).directory(certs).redirectErrorStream(true).start()
    def out = p.inputStream.text
    assert p.waitFor() == 0: out
}
run([keytool, '-genkeypair', '-keyalg', 'RSA', '-keysize', '2048', '-alias', 'controller', '-dname', 'O=sealed-secret,CN=controller',
     '-validity', '3650', '-keystore', 'controller.p12', '-storetype', 'PKCS12', '-storepass', 'changeit'])
run([keytool, '-exportcert', '-rfc', '-alias', 'controller', '-keystore', 'controller.p12', '-storepass', 'changeit', '-file', 'sealed-secrets.pem'])
return true
