import org.yaml.snakeyaml.Yaml
def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))

// Way (b): agent-kit's own agent, pointed at agent-kit's orchestrator, with the new deployment settings.
def out = new File(basedir, 'target/humanitec-agent/kit-agent')
def docs = new Yaml().loadAll(new File(out, 'manifests.yaml').text).toList()
assert docs*.kind == ['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'NetworkPolicy']
assert docs[1].data == [ORGS: 'my-org', TUNNEL_URL: 'wss://orchestrator.example.com:9443/tunnel',
                        ALLOWED_TARGETS: '*.svc.cluster.local:443,10.0.0.0/8:5432', TUNNEL_CA_BUNDLE: '/etc/agent-ca/ca.pem']
def deployment = docs[3]
assert deployment.spec.revisionHistoryLimit == 2               // -Dhumanitec-agent.revisionHistoryLimit
assert deployment.spec.strategy == [type: 'Recreate']
def pod = deployment.spec.template.spec
assert pod.containers[0].image.startsWith('ghcr.io/agent-kit/humanitec-agent:') || pod.containers[0].image.contains('/humanitec-agent:')
assert pod.securityContext.subMap(['runAsUser', 'runAsGroup', 'fsGroup']) == [runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532]  // -D
def container = pod.containers[0]
assert container.envFrom == [[configMapRef: [name: 'humanitec-agent-configmap-env']], [secretRef: [name: 'agent-proxy']]]
assert container.volumeMounts*.name == ['agentmount', 'tunnel-ca']
assert container.volumeMounts[1] == [name: 'tunnel-ca', mountPath: '/etc/agent-ca', readOnly: true]
assert pod.volumes*.name == ['agentmount', 'tunnel-ca']
def policy = docs[4]
assert policy.spec.podSelector.matchLabels == deployment.spec.selector.matchLabels
assert policy.spec.policyTypes == ['Ingress', 'Egress'] && !policy.spec.containsKey('ingress')
assert policy.spec.egress == [
        [ports: [[protocol: 'UDP', port: 53], [protocol: 'TCP', port: 53]]],
        [ports: [[protocol: 'TCP', port: 9443]]],
        [ports: [[protocol: 'TCP', port: 443]]],
        [to: [[ipBlock: [cidr: '10.0.0.0/8']]], ports: [[protocol: 'TCP', port: 5432]]]]
def aci = new Yaml().load(new File(out, 'aci-humanitec-agent.yaml').text)
assert aci.properties.containers[0].properties.environmentVariables.find { it.name == 'ALLOWED_TARGETS' }.value == '*.svc.cluster.local:443,10.0.0.0/8:5432'
// The chart carries the same settings as value defaults.
def values = new java.util.zip.GZIPInputStream(new FileInputStream(new File(basedir, 'target/humanitec-agent-1.0.0.tgz'))).text
assert values =~ /tunnelUrl: "?wss:\/\/orchestrator.example.com:9443\/tunnel"?\n/ && values =~ /revisionHistoryLimit: 2\n/
assert values =~ /runAsUser: 65532\n/ && values =~ /networkPolicy:\n(?:  #[^\n]*\n)*  enabled: true\n/
// No warning about the image or the tunnel: this is the working combination for agent-kit's agent.
assert !Checks.log(basedir).contains("is left out of the agent's environment") && !Checks.log(basedir).contains('failOnMissingTunnelUrl')
Checks.noKeyLeak(basedir)
return true
