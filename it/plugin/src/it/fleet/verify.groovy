import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

def out = new File(basedir, 'target/humanitec-agent')
assert out.list().sort() == ['dev-cluster', 'prod-cluster', 'staging-cluster']
def load = { id -> new Yaml().loadAll(new File(out, "${id}/manifests.yaml").text).toList() }

def dev = load('dev-cluster')
assert dev[1].data == [ORGS: 'platform-org']
assert dev[3].spec.template.spec.containers[0].image == 'registry.example.com/humanitec/agent:1.2.0'

def staging = load('staging-cluster')
assert staging[1].data == [ORGS: 'platform-org,staging-org', LOG_LEVEL: 'WARN']
def stagingDef = new Yaml().load(new File(out, 'staging-cluster/resource-definition-agent.yaml').text)
assert stagingDef.entity.criteria == [[env_type: 'staging', res_id: 'agent']]

def prod = load('prod-cluster')
assert prod[0].metadata.name == 'agents-prod'
assert prod[3].spec.replicas == 3
assert prod[3].spec.template.spec.containers[0].resources == [limits: [cpu: '500m', memory: '512Mi'], requests: [cpu: '50m', memory: '96Mi']]
def prodAci = new Yaml().load(new File(out, 'prod-cluster/aci-humanitec-agent.yaml').text)
assert prodAci.location == 'northeurope'
assert prodAci.properties.containers[0].properties.resources.requests == [cpu: 0.1, memoryInGB: 0.25]

// Each agent's output carries that agent's own id, namespace and key, and the fleet-wide defaults of the POM.
def namespaces = ['dev-cluster': 'humanitec-agent', 'staging-cluster': 'humanitec-agent', 'prod-cluster': 'agents-prod']
def aciLocations = ['dev-cluster': 'westeurope', 'staging-cluster': 'westeurope', 'prod-cluster': 'northeurope']
namespaces.each { id, namespace ->
    def keys = new File(basedir, ".humanitec-agent/keys/${id}")
    def priv = new File(keys, 'humanitec_agent_private_key.pem')
    def pub = new File(keys, 'humanitec_agent_public_key.pem')
    assert priv.text.startsWith('-----BEGIN PRIVATE KEY-----') && pub.text.startsWith('-----BEGIN PUBLIC KEY-----')
    assert Checks.mode(priv) == 'rw-------'

    def docs = load(id)
    assert docs*.kind == ['Namespace', 'ConfigMap', 'Secret', 'Deployment']: id
    assert docs[0].metadata.name == namespace
    docs.drop(1).each { assert it.metadata.namespace == namespace: "${id}: ${it.kind}" }
    assert new String(Base64.decoder.decode(docs[2].data.private_key)) == priv.text: "${id}: the Secret holds this agent's key"
    def container = docs[3].spec.template.spec.containers[0]
    assert container.image == 'registry.example.com/humanitec/agent:1.2.0': id
    assert container.envFrom*.configMapRef*.name == [docs[1].metadata.name]: id
    assert docs[3].spec.template.spec.volumes[0].projected.sources[0].secret.name == docs[2].metadata.name: id
    assert Checks.mode(new File(out, "${id}/manifests.yaml")) == 'rw-------'

    def aci = new Yaml().load(new File(out, "${id}/aci-humanitec-agent.yaml").text)
    assert aci.location == aciLocations[id]
    assert aci.properties.containers[0].properties.image == container.image
    assert new String(Base64.decoder.decode(aci.properties.volumes[0].secret['private_key.pem'])) == priv.text: "${id}: ACI mounts this agent's key"
    assert aci.properties.containers[0].properties.environmentVariables.find { it.name == 'ORGS' }.value == docs[1].data.ORGS

    def definition = new Yaml().load(new File(out, "${id}/resource-definition-agent.yaml").text)
    assert definition.entity.driver_inputs.values.id == id

    def register = new groovy.json.JsonSlurper().parse(new File(out, "${id}/agent-api/register-agent.json"))
    assert register.id == id && register.public_key == pub.text
    assert register.description == "Humanitec Agent ${id}"
}
// Three distinct keys.
assert namespaces.keySet().collect { new File(basedir, ".humanitec-agent/keys/${it}/humanitec_agent_public_key.pem").text }.unique().size() == 3
Checks.noKeyLeak(basedir)
return true
