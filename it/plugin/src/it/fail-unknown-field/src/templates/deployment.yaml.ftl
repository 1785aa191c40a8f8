<#-- The agent. Field order and values follow the installation guide's Deployment. -->
apiVersion: apps/v1
kind: Deployment
metadata:
  namespace: ${agent.namespace}
  name: ${agent.name}
  labels:
<#list labels as key, value>
    ${key}: ${quote(value)}
</#list>
spec:
<#if agent.replicas != 1>
  replicas: ${agent.replicas}
</#if>
  selector:
    matchLabels:
<#list labels as key, value>
      ${key}: ${quote(value)}
</#list>
  template:
    metadata:
<#if agent.podAnnotations?has_content>
      annotations:
<#list agent.podAnnotations as key, value>
        ${key}: ${quote(value)}
</#list>
</#if>
      labels:
<#list labels as key, value>
        ${key}: ${quote(value)}
</#list>
<#list agent.podLabels as key, value>
        ${key}: ${quote(value)}
</#list>
    spec:
<#if agent.imagePullSecrets?has_content>
      imagePullSecrets:
<#list agent.imagePullSecrets as secret>
        - name: ${quote(secret)}
</#list>
</#if>
      securityContext:
        fsGroup: ${agent.runAsUser}
        fsGroupChangePolicy: Always
        runAsGroup: ${agent.runAsUser}
        runAsUser: ${agent.runAsUser}
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
<#if agent.nodeSelector?has_content>
      nodeSelector:
<#list agent.nodeSelector as key, value>
        ${key}: ${quote(value)}
</#list>
</#if>
<#if agent.tolerations?has_content>
      tolerations:
${toYaml(agent.tolerations, 8)}
</#if>
<#if agent.affinity??>
      affinity:
${toYaml(agent.affinity, 8)}
</#if>
      containers:
        - name: ${agent.name}
          image: ${quote(agent.image)}
<#if true>
          imagePullPolcy: Always
</#if>
          resources:
            limits:
              cpu: ${quote(agent.resources.limits.cpu)}
              memory: ${quote(agent.resources.limits.memory)}
            requests:
              cpu: ${quote(agent.resources.requests.cpu)}
              memory: ${quote(agent.resources.requests.memory)}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            privileged: false
            readOnlyRootFilesystem: true
<#if derived.connectionId.mode == "podName">
          env:
          - name: ${envNames.CONNECTION_ID}
            valueFrom:
              fieldRef:
                fieldPath: metadata.name
<#elseif derived.connectionId.mode == "fixed">
          env:
          - name: ${envNames.CONNECTION_ID}
            value: ${quote(derived.connectionId.value)}
</#if>
          envFrom:
          - configMapRef:
              name: ${derived.configMapName}
          volumeMounts:
          - name: agentmount
            mountPath: ${quote(derived.keyMountPath)}
            readOnly: true
      volumes:
      - name: agentmount
        projected:
          sources:
          - secret:
              name: ${derived.secretName}
              items:
                - key: ${derived.secretKey}
                  path: ${derived.keyFileName}
                  mode: ${security.keyFileMode} # ${security.keyFileModeOctal}: readable by the agent's user only
