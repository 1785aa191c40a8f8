def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
['generate-keys', 'render-manifests', 'render-aci', 'render-definition', 'package-chart', 'push-chart',
 'register', 'agents', 'link-key', 'unlink-key', 'deregister', 'rotate-keys'].each { goal ->
    Checks.logContains(basedir, "Skipping humanitec-agent:${goal} (humanitec-agent.skip)")
}
// Without skip, generate-keys would write .humanitec-agent/keys, the render goals target/humanitec-agent and
// package-chart target/humanitec-agent-1.0.0.tgz (push-chart, with no chartRepository, would fail the build).
assert !new File(basedir, 'target/humanitec-agent').exists()
assert !new File(basedir, '.humanitec-agent').exists()
assert !new File(basedir, 'target/humanitec-agent-1.0.0.tgz').exists()
// Nothing else either: the project is as it was, apart from build.log.
Checks.unchanged(basedir)
return true
