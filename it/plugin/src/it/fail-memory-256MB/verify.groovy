def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, "<memoryLimit> (-Dhumanitec-agent.memoryLimit): '256MB' is not a Kubernetes quantity", 'write 256Mi (mebibytes) or 256M (megabytes)')
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
