def loader = new GroovyClassLoader(this.class.classLoader)
def Keys = loader.parseClass(new File(sharedDir, "Keys.groovy"))
Keys.writeEncrypted(new File(basedir, 'keys/agent_private_key.pem'), Keys.rsa(4096), 'correct horse battery staple')
return true
