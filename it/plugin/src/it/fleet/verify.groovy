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

['dev-cluster', 'prod-cluster', 'staging-cluster'].each { id ->
    assert new File(basedir, ".humanitec-agent/keys/${id}/humanitec_agent_private_key.pem").exists()
}
// Three distinct keys.
assert ['dev-cluster', 'prod-cluster', 'staging-cluster'].collect { new File(basedir, ".humanitec-agent/keys/${it}/humanitec_agent_public_key.pem").text }.unique().size() == 3
Checks.noKeyLeak(basedir)
return true
