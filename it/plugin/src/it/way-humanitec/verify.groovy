import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

// Way (a): Humanitec's image renders the guide's objects. ALLOWED_TARGETS, which only agent-kit's agent
// reads, is left out of the environment, and the build says so.
def out = new File(basedir, 'target/humanitec-agent/saas-agent')
def docs = new Yaml().loadAll(new File(out, 'manifests.yaml').text).toList()
assert docs*.kind == ['Namespace', 'ConfigMap', 'Secret', 'Deployment']
assert docs[1].data == [ORGS: 'my-org']
def pod = docs[3].spec.template.spec
assert pod.containers[0].image == 'ghcr.io/humanitec/agent:1.2.0'
assert pod.securityContext.runAsUser == 1000
def aci = new Yaml().load(new File(out, 'aci-humanitec-agent.yaml').text)
assert aci.properties.containers[0].properties.environmentVariables*.name == ['ORGS']
Checks.logContains(basedir,
        "[WARNING] <allowedTargets> (-Dhumanitec-agent.allowedTargets) is left out of the agent's environment (ALLOWED_TARGETS): Humanitec's agent image ghcr.io/humanitec/agent:1.2.0 does not read it")
// The packaged chart names Humanitec's image.
def chart = new File(basedir, 'target/humanitec-agent-1.0.0.tgz')
assert chart.isFile()
def values = new java.util.zip.GZIPInputStream(new FileInputStream(chart)).text
assert values =~ /repository: "?ghcr.io\/humanitec\/agent"?\n/ && values =~ /tag: "?1.2.0"?\n/
assert !Checks.log(basedir).contains('tunnelUrl: is not set')
Checks.noKeyLeak(basedir)
return true
