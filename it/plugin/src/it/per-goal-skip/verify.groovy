import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
// Skipped by their own flags: in the POM (render-definition) and on the command line (render-aci, package-chart).
Checks.logContains(basedir,
        'Skipping humanitec-agent:render-definition (humanitec-agent.render-definition.skip)',
        'Skipping humanitec-agent:render-aci (humanitec-agent.render-aci.skip)',
        'Skipping humanitec-agent:package-chart (humanitec-agent.package-chart.skip)')
def out = new File(basedir, 'target/humanitec-agent/partly-skipped')
assert !new File(out, 'resource-definition-agent.yaml').exists()
assert !new File(out, 'aci-humanitec-agent.yaml').exists()
assert !new File(basedir, 'target/humanitec-agent-1.0.0.tgz').exists()
// The goals not skipped ran: keys and manifests, agent-kit's image without a tunnel allowed explicitly, with a warning.
assert new File(basedir, '.humanitec-agent/keys/partly-skipped/humanitec_agent_private_key.pem').isFile()
def docs = new Yaml().loadAll(new File(out, 'manifests.yaml').text).toList()
assert docs[1].data == [ORGS: 'my-org']
Checks.logContains(basedir, "[WARNING] <tunnelUrl> (-Dhumanitec-agent.tunnelUrl) is not set, so agent-kit's agent (",
        "(allowed by failOnMissingTunnelUrl=false)")
Checks.noKeyLeak(basedir)
return true
