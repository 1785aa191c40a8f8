<#-- Azure Container Instances container group, as in the installation guide. -->
apiVersion: '2019-12-01'
location: ${agent.aci.location}
type: Microsoft.ContainerInstance/containerGroups
name: ${agent.name}
properties:
  containers:
  - name: ${agent.name}
    properties:
      environmentVariables:
<#list aciEnv as name, value>
        - name: ${quote(name)}
          value: ${quote(value)}
</#list>
      image: ${quote(agent.image)}
      resources:
        requests:
          cpu: ${agent.aci.cpu}
          memoryInGB: ${agent.aci.memoryInGB}
      volumeMounts:
      - mountPath: ${quote(derived.keyMountPath)}
        name: ${derived.keyVolume}
  osType: Linux
  restartPolicy: ${agent.aci.restartPolicy}
  volumes:
  - name: ${derived.keyVolume}
    secret:
      ${derived.keyFileName}: ${quote(privateKeyBase64)}
