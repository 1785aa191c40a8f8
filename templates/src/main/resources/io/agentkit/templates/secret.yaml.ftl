<#-- The private key, base64-encoded in Java so no shell-specific base64 flags are needed. -->
apiVersion: v1
kind: Secret
metadata:
  name: ${derived.secretName}
  namespace: ${agent.namespace}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
data:
  ${derived.secretKey}: ${quote(privateKeyBase64)}
