def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'manifests.yaml', 'Deployment humanitec-agent', 'field spec.template.spec.containers[0].imagePullPolcy', 'unknown field')
Checks.noKeyLeak(basedir)
Checks.unchanged(basedir)
return true
