<#-- The private key read from an external store by the External Secrets Operator (secretFormat external-secret).
     No key material: the operator creates the Secret the Deployment mounts. -->
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: ${derived.secretName}
  namespace: ${agent.namespace}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
spec:
  refreshInterval: ${quote(agent.externalSecret.refreshInterval)}
  secretStoreRef:
    kind: ${agent.externalSecret.storeKind}
    name: ${quote(agent.externalSecret.store)}
  target:
    name: ${derived.secretName}
    creationPolicy: Owner
  data:
    - secretKey: ${derived.secretKey}
      remoteRef:
        key: ${quote(agent.externalSecret.remoteKey)}
<#if agent.externalSecret.property??>
        property: ${quote(agent.externalSecret.property)}
</#if>
