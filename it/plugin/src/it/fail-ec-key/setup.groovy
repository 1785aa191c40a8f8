def loader = new GroovyClassLoader(this.class.classLoader)
def Keys = loader.parseClass(new File(sharedDir, "Keys.groovy"))
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
// An EC key where generate-keys keeps the agent's pair: it must be reported, never replaced.
def pair = Keys.ec()
Keys.writePrivate(new File(basedir, '.humanitec-agent/keys/ec-agent/humanitec_agent_private_key.pem'), pair)
Checks.recordFiles(basedir)
return true
