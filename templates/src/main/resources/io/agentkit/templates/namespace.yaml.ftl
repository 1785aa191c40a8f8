<#-- The agent's namespace. Rendered unless createNamespace is false. -->
apiVersion: v1
kind: Namespace
metadata:
  name: ${agent.namespace}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
