def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir, 'templates/deployment.yaml.ftl has a syntax error at line 4')
Checks.noKeyLeak(basedir)
// generate-keys ran before render-manifests failed: its keys and request bodies are all the build wrote.
Checks.unchanged(basedir, ['.humanitec-agent/keys/.gitignore', '.humanitec-agent/keys/tpl-agent/humanitec_agent_private_key.pem',
        '.humanitec-agent/keys/tpl-agent/humanitec_agent_public_key.pem', 'target/humanitec-agent/tpl-agent/agent-api/register-agent.json',
        'target/humanitec-agent/tpl-agent/agent-api/link-key.json'])
return true
