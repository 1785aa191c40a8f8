def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'keys/agent_private_key.pem is encrypted with a passphrase', 'openssl pkey -in')
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
