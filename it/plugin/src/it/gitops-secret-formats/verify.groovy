import org.yaml.snakeyaml.Yaml

def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
def out = new File(basedir, 'target/humanitec-agent')

def sealedFile = new File(out, 'sealed-agent/manifests.yaml')
def sealed = new Yaml().loadAll(sealedFile.text).findAll { it != null }
assert sealed*.kind == ['Namespace', 'ConfigMap', 'SealedSecret', 'Deployment']
def ss = sealed.find { it.kind == 'SealedSecret' }
assert ss.apiVersion == 'bitnami.com/v1alpha1'
assert ss.metadata.namespace == 'agents-sealed' && ss.metadata.name == 'humanitec-agent-secret-private-key'
assert ss.metadata.annotations == null: 'strict scope: no scope annotation'
assert ss.spec.encryptedData.private_key ==~ /[A-Za-z0-9+\/]+=*/
assert Checks.mode(sealedFile) == 'rw-r--r--': 'safe to commit, so not private'
def values = new Yaml().load(new File(out, 'sealed-agent/helm-values.yaml').text)
assert values.humanitec.secretFormat == 'sealed-secret'
assert values.humanitec.sealedSecret.encryptedKey == ss.spec.encryptedData.private_key
assert values.humanitec.sealedSecret.sealedFor == 'agents-sealed/humanitec-agent-secret-private-key'

def vault = new Yaml().loadAll(new File(out, 'vault-agent/manifests.yaml').text).findAll { it != null }
assert vault*.kind == ['Namespace', 'ConfigMap', 'ExternalSecret', 'Deployment']
def es = vault.find { it.kind == 'ExternalSecret' }
assert es.apiVersion == 'external-secrets.io/v1'
assert es.spec.secretStoreRef == [kind: 'ClusterSecretStore', name: 'vault-backend']
assert es.spec.data == [[secretKey: 'private_key', remoteRef: [key: 'agents/vault-agent']]]
assert es.spec.target.name == 'humanitec-agent-secret-private-key'

Checks.logContains(basedir, 'Agent sealed-agent: the key is sealed for the sealed-secrets controller', 'safe to commit',
    'Agent vault-agent: the External Secrets Operator creates Secret')
assert !Checks.log(basedir).contains('holds the agent\'s private key'): 'no private-key warning: nothing private was written'
Checks.noKeyLeak(basedir)
return true
