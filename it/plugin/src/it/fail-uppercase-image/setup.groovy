// A valid key pair for the agent, so the refusal cannot come from a missing key, and a record of every
// file: verify.groovy shows the refused build wrote nothing and left the keys byte-identical.
def loader = new GroovyClassLoader(this.class.classLoader)
def Keys = loader.parseClass(new File(sharedDir, "Keys.groovy"))
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
def dir = new File(basedir, '.humanitec-agent/keys/upper-agent')
def pair = Keys.rsa(4096)
Keys.writePrivate(new File(dir, 'humanitec_agent_private_key.pem'), pair)
Keys.writePublic(new File(dir, 'humanitec_agent_public_key.pem'), pair)
Checks.recordFiles(basedir)
return true
