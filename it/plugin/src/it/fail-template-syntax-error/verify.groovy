def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'templates/deployment.yaml.ftl has a syntax error at line 4')
Checks.noKeyLeak(basedir)
return true
