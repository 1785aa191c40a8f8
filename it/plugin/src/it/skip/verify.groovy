def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
['generate-keys', 'render-manifests', 'render-aci', 'render-definition', 'package-chart', 'push-chart',
 'register', 'agents', 'link-key', 'unlink-key', 'deregister', 'rotate-keys'].each { goal ->
    Checks.logContains(basedir, "Skipping humanitec-agent:${goal} (humanitec-agent.skip)")
}
assert !new File(basedir, 'target/humanitec-agent').exists()
assert !new File(basedir, '.humanitec-agent').exists()
assert !new File(basedir, 'target/humanitec-agent-1.0.tgz').exists()
return true
