import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

assert !new File(basedir, '.humanitec-agent').exists(): 'no key may be generated in existing-secret mode'
def manifests = new File(basedir, 'target/humanitec-agent/gitops-agent/manifests.yaml')
assert Checks.mode(manifests) == 'rw-r--r--'
def text = manifests.text
def docs = new Yaml().loadAll(text).toList()
assert docs*.kind == ['Namespace', 'ConfigMap', 'Deployment']
def secret = docs[2].spec.template.spec.volumes[0].projected.sources[0].secret
assert secret == [name: 'agent-key-from-vault', items: [[key: 'pem', path: 'private_key.pem', mode: 384]]]
assert !text.contains('PRIVATE') && !text.contains('LS0tLS1CRUdJTi')
Checks.logContains(basedir, "no Secret rendered; the Deployment mounts your Secret 'agent-key-from-vault'")
return true
