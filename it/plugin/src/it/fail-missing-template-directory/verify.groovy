def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'src/no-such-templates does not exist; create it and put the templates you want to replace there')
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
