def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'humanitec_agent_private_key.pem is an EC key; the agent needs an RSA key of at least 4096 bits', 'openssl genrsa')
Checks.noKeyLeak(basedir)
assert new File(basedir, '.humanitec-agent/keys/ec-agent/humanitec_agent_private_key.pem').text.contains('BEGIN PRIVATE KEY')
assert !new File(basedir, '.humanitec-agent/keys/ec-agent/humanitec_agent_public_key.pem').exists()
// The keys are byte-identical; only the keys directory's .gitignore may appear, which keeps them out of git.
Checks.unchanged(basedir, ['.humanitec-agent/keys/.gitignore'])
return true
