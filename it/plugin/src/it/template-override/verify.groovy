import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

def docs = new Yaml().loadAll(new File(basedir, 'target/humanitec-agent/custom-agent/manifests.yaml').text).toList()
assert docs[1].metadata.labels.team == 'platform'
assert docs[1].metadata.annotations.owner == 'platform-team@example.com'
assert docs[1].data == [ORGS: 'my-org']
assert docs[3].kind == 'Deployment'
Checks.logContains(basedir, 'Using your template', 'configmap.yaml.ftl')
Checks.noKeyLeak(basedir)
return true
