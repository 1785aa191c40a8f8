def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, '<organizations> (-Dhumanitec-agent.organizations): is required', 'set it to your Humanitec organization id')
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
