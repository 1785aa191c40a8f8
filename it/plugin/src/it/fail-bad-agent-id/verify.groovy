def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, "<agentId> (-Dhumanitec-agent.agentId): 'Bad_ID' is not a valid agent id", "use 'bad-id'")
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
