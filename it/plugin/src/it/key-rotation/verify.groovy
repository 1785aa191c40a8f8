import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

def dir = new File(basedir, '.humanitec-agent/keys/rotating-agent')
def retired = dir.listFiles().findAll { it.isDirectory() && it.name.startsWith('retired-') }
assert retired.size() == 1
def oldPriv = new File(retired[0], 'humanitec_agent_private_key.pem')
def oldPub = new File(retired[0], 'humanitec_agent_public_key.pem')
def newPriv = new File(dir, 'humanitec_agent_private_key.pem')
def newPub = new File(dir, 'humanitec_agent_public_key.pem')
assert oldPriv.exists() && oldPub.exists() && newPriv.exists() && newPub.exists()
assert oldPriv.text != newPriv.text && oldPub.text != newPub.text
assert Checks.mode(retired[0]) == 'rwx------' && Checks.mode(oldPriv) == 'rw-------'
def docs = new Yaml().loadAll(new File(basedir, 'target/humanitec-agent/rotating-agent/manifests.yaml').text).toList()
assert new String(Base64.decoder.decode(docs[2].data.private_key)) == newPriv.text
def oldFingerprint = retired[0].name.split('-')[2]
Checks.logContains(basedir, 'rotated the key pair', '/agents/rotating-agent/keys -d', 'humctl api delete /orgs/my-org/agents/rotating-agent/keys/' + oldFingerprint)
Checks.noKeyLeak(basedir)
return true
