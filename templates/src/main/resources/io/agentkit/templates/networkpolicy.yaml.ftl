<#-- Rendered when networkPolicy is true: no ingress (the agent listens on no port); egress only to DNS, the tunnel's port, the proxy's port and the allowed targets. -->
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  namespace: ${agent.namespace}
  name: ${agent.name}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
spec:
  podSelector:
    matchLabels:
<#list labels as key, value>
      ${key}: ${quote(value)}
</#list>
  policyTypes:
    - Ingress
    - Egress
  egress:
${toYaml(derived.networkPolicyEgress, 2)}
