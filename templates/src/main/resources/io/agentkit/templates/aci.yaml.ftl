<#-- Azure Container Instances container group, as in the installation guide. -->
apiVersion: '2019-12-01'
location: ${aci.location}
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
          cpu: ${aci.cpu}
          memoryInGB: ${aci.memoryInGB}
      volumeMounts:
      - mountPath: ${quote(agent.keyMountPath)}
        name: agentmount
  osType: Linux
  restartPolicy: ${aci.restartPolicy}
  volumes:
  - name: agentmount
    secret:
      ${agent.keyFileName}: ${quote(privateKeyBase64)}
