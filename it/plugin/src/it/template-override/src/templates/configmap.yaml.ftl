<#-- A team's own ConfigMap: an extra label and annotation, same data. -->
apiVersion: v1
kind: ConfigMap
metadata:
  namespace: ${agent.namespace}
  name: ${derived.configMapName}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
    team: platform
  annotations:
    owner: "platform-team@example.com"
data:
<#list env as name, value>
  ${name}: ${quote(value)}
</#list>
