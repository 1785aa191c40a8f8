def loader = new GroovyClassLoader(this.class.classLoader)
def Keys = loader.parseClass(new File(sharedDir, "Keys.groovy"))
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Keys.writeEncrypted(new File(basedir, 'keys/agent_private_key.pem'), Keys.rsa(4096), 'correct horse battery staple')
Checks.recordFiles(basedir)
return true
