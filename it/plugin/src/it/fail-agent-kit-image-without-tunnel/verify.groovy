def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir,
        "<tunnelUrl> (-Dhumanitec-agent.tunnelUrl): is not set, so agent-kit's agent (",
        ") would connect to its default wss://agent-01.humanitec.io/tunnel, Humanitec's endpoint, which does not speak agent-kit's tunnel protocol; "
                + "set tunnelUrl to your agent-kit orchestrator's tunnel (e.g. wss://orchestrator.example.com:9443/tunnel), or set image to "
                + "Humanitec's agent image (e.g. ghcr.io/humanitec/agent:1.2.0) to connect to Humanitec's Platform Orchestrator; "
                + "failOnMissingTunnelUrl=false allows the combination")
Checks.noKeyLeak(basedir)
// Refused before anything is written: no output, no .gitignore, the key pair byte-identical.
assert !new File(basedir, 'target/humanitec-agent').exists()
Checks.unchanged(basedir)
return true
