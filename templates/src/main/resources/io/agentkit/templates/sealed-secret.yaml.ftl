<#-- The private key sealed for the sealed-secrets controller (secretFormat sealed-secret): safe to commit.
     Strict scope: the controller unseals it only into this namespace and Secret name. -->
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: ${derived.secretName}
  namespace: ${agent.namespace}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
spec:
  encryptedData:
    ${derived.secretKey}: ${quote(sealedPrivateKey)}
  template:
    metadata:
      name: ${derived.secretName}
      namespace: ${agent.namespace}
      labels:
<#list labels as key, value>
        ${key}: ${quote(value)}
</#list>
    type: Opaque
