def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, "<logLevel> (-Dhumanitec-agent.logLevel): 'TRACE' is not a log level of the agent (DEBUG, INFO, WARN or ERROR)", 'use DEBUG, the most detailed level')
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
