def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'keys/agent_private_key.pem contains no PEM block')
Checks.noKeyLeak(basedir)
// The damaged file is not labelled as a key, so check its lines explicitly.
def log = Checks.log(basedir)
new File(basedir, 'leak-check-body.txt').readLines().findAll { it.length() > 20 }.each { assert !log.contains(it) }
Checks.unchanged(basedir)
return true
