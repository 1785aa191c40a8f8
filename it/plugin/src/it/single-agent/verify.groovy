import java.security.KeyFactory
import java.security.MessageDigest
import java.security.spec.X509EncodedKeySpec
import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

def keys = new File(basedir, '.humanitec-agent/keys')
def agentKeys = new File(keys, 'demo-agent')
def priv = new File(agentKeys, 'humanitec_agent_private_key.pem')
def pub = new File(agentKeys, 'humanitec_agent_public_key.pem')
assert priv.text.startsWith('-----BEGIN PRIVATE KEY-----')
assert pub.text.startsWith('-----BEGIN PUBLIC KEY-----')
assert Checks.mode(priv) == 'rw-------'
assert Checks.mode(agentKeys) == 'rwx------'
assert new File(keys, '.gitignore').readLines().contains('*')

// Fingerprint: hex SHA-256 of the DER SubjectPublicKeyInfo, printed by generate-keys.
def der = Base64.mimeDecoder.decode(pub.readLines().findAll { !it.startsWith('-----') }.join(''))
def fingerprint = MessageDigest.getInstance('SHA-256').digest(der).encodeHex().toString()
Checks.logContains(basedir, "fingerprint: ${fingerprint}", 'existing key pair is valid', 'not overwritten')
assert KeyFactory.getInstance('RSA').generatePublic(new X509EncodedKeySpec(der)).modulus.bitLength() == 4096

def out = new File(basedir, 'target/humanitec-agent/demo-agent')
def manifests = new File(out, 'manifests.yaml')
assert Checks.mode(manifests) == 'rw-------'
def docs = new Yaml().loadAll(manifests.text).toList()
assert docs*.kind == ['Namespace', 'ConfigMap', 'Secret', 'Deployment']
assert docs[1].data == [ORGS: 'my-org']
assert new String(Base64.decoder.decode(docs[2].data.private_key)) == priv.text
def container = docs[3].spec.template.spec.containers[0]
assert container.env == [[name: 'CONNECTION_ID', valueFrom: [fieldRef: [fieldPath: 'metadata.name']]]]
assert docs[3].spec.template.spec.volumes[0].projected.sources[0].secret.items[0].mode == 384

def aci = new Yaml().load(new File(out, 'aci-humanitec-agent.yaml').text)
assert aci.location == 'westeurope'
assert new String(Base64.decoder.decode(aci.properties.volumes[0].secret['private_key.pem'])) == priv.text
Checks.logContains(basedir, 'az container create --resource-group my-resource-group --file')

def definition = new Yaml().load(new File(out, 'resource-definition-agent.yaml').text)
assert definition.entity.driver_inputs.values.id == 'demo-agent'
assert definition.entity.criteria == [[env_type: 'development', res_id: 'agent']]

def register = new groovy.json.JsonSlurper().parse(new File(out, 'agent-api/register-agent.json'))
assert register.keySet().toList() == ['id', 'public_key', 'description']
assert register.id == 'demo-agent' && register.public_key == pub.text
def link = new groovy.json.JsonSlurper().parse(new File(out, 'agent-api/link-key.json'))
assert link == [public_key: pub.text]
Checks.logContains(basedir, 'humctl api post /orgs/my-org/agents -d')

Checks.noKeyLeak(basedir)
return true
