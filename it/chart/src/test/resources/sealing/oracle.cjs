// The independent side of SealedSecretOracleIT: @socialgouv/aes-gcm-rsa-oaep, on Node's WebCrypto.
// Reads one JSON request from stdin (keys never go on a command line) and prints one line:
//   {"op":"seal", "certificate": PEM, "namespace", "name", "value"}      -> the sealed value (base64), strict scope
//   {"op":"unseal", "privateKey": PKCS#8 PEM, "label", "sealed"}          -> the value, or exit 1 when it does not open
const oracle = require('@socialgouv/aes-gcm-rsa-oaep');
const { webcrypto } = require('node:crypto');

async function main() {
  const request = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  if (request.op === 'seal') {
    return oracle.encryptValue({ pemKey: request.certificate, scope: 'strict', namespace: request.namespace, name: request.name, value: request.value });
  }
  const der = Buffer.from(request.privateKey.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
  const sealed = Buffer.from(request.sealed, 'base64');
  const bytes = sealed.buffer.slice(sealed.byteOffset, sealed.byteOffset + sealed.byteLength);
  return oracle.HybridDecrypt(key, bytes, Buffer.from(request.label, 'utf8'));
}

main().then((out) => process.stdout.write(out), (e) => { process.stderr.write('oracle: ' + e + '\n'); process.exit(1); });
