def loader = new GroovyClassLoader(this.class.classLoader)
def Keys = loader.parseClass(new File(sharedDir, "Keys.groovy"))
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
// What a careless copy leaves behind: the key's base64 without its BEGIN/END lines is not a key file.
def pem = Keys.pem('PRIVATE KEY', Keys.rsa(4096).private.encoded)
def f = new File(basedir, 'keys/agent_private_key.pem')
f.parentFile.mkdirs()
f.text = pem.readLines().findAll { !it.startsWith('-----') }.join('\n') + '\n'
new File(basedir, 'leak-check-body.txt').text = f.text
Checks.recordFiles(basedir)
return true
