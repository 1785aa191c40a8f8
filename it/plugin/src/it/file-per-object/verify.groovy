import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

def out = new File(basedir, 'target/humanitec-agent/split-agent')
// After the second build only the per-object files remain: a stale manifests.yaml could be applied by mistake.
assert !new File(out, 'manifests.yaml').exists()
def dir = new File(out, 'manifests')
assert dir.list().sort() == ['01-namespace.yaml', '02-configmap.yaml', '03-secret.yaml', '04-deployment.yaml']
assert Checks.mode(new File(dir, '03-secret.yaml')) == 'rw-------'
assert Checks.mode(new File(dir, '04-deployment.yaml')) == 'rw-r--r--'
def docs = dir.listFiles().sort { it.name }.collect { new Yaml().load(it.text) }
assert docs*.kind == ['Namespace', 'ConfigMap', 'Secret', 'Deployment']
assert docs[1].data == [ORGS: 'my-org', LOG_LEVEL: 'DEBUG', TUNNEL_URL: 'wss://tunnel.example.com/tunnel', HTTPS_PROXY: 'http://proxy.internal:3128']
def pod = docs[3].spec.template
assert docs[3].spec.replicas == 2
assert pod.metadata.annotations == ['prometheus.io/scrape': 'false']
assert pod.spec.nodeSelector == ['kubernetes.io/os': 'linux']
assert pod.spec.tolerations == [[key: 'dedicated', operator: 'Equal', value: 'agents', effect: 'NoSchedule']]
Checks.logContains(basedir, 'Removed stale', 'split-agent/manifests.yaml')
Checks.noKeyLeak(basedir)
return true
