<#-- Environment of the agent (ORGS and any settings that differ from the agent's defaults). -->
apiVersion: v1
kind: ConfigMap
metadata:
  namespace: ${agent.namespace}
  name: ${derived.configMapName}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
data:
<#list env as name, value>
  ${name}: ${quote(value)}
</#list>
