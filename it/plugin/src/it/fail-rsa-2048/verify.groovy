def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'keys/agent_private_key.pem is a 2048-bit RSA key; the Agent API requires at least 4096 bits')
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
