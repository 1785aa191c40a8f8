def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'humanitec_agent_public_key.pem does not belong to the private key', 'openssl rsa -in')
Checks.noKeyLeak(basedir)
// The keys are byte-identical; only the keys directory's .gitignore may appear, which keeps them out of git.
Checks.unchanged(basedir, ['.humanitec-agent/keys/.gitignore'])
return true
