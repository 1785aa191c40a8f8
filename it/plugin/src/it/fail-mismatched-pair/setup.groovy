def loader = new GroovyClassLoader(this.class.classLoader)
def Keys = loader.parseClass(new File(sharedDir, "Keys.groovy"))
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
def dir = new File(basedir, '.humanitec-agent/keys/mixed-agent')
Keys.writePrivate(new File(dir, 'humanitec_agent_private_key.pem'), Keys.rsa(4096))
Keys.writePublic(new File(dir, 'humanitec_agent_public_key.pem'), Keys.rsa(4096))
Checks.recordFiles(basedir)
return true
