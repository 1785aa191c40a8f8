def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'humanitec-agent:generate-keys', 'humanitec-agent:render-manifests', 'humanitec-agent:render-aci',
        'humanitec-agent:render-definition', 'humanitec-agent:help', 'agentId', 'User property: humanitec-agent.organizations', 'rotate')
return true
