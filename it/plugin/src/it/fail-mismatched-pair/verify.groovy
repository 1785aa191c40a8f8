def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'humanitec_agent_public_key.pem does not belong to the private key', 'openssl rsa -in')
Checks.noKeyLeak(basedir)
return true
