<#-- The agent. Field order and values follow the installation guide's Deployment. -->
<#-- The bundled templates call no FreeMarker built-in (hasContent(x), not x?has_content): the first built-in a build
     parses loads all ~200 of FreeMarker's built-in classes. Nor do they compare strings (derived.connectionId.fixed, not
     .mode == "fixed"): FreeMarker compares them with a Collator, costly to set up. Your own templates may do both. -->
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
<#if agent.revisionHistoryLimit??>
  revisionHistoryLimit: ${agent.revisionHistoryLimit}
</#if>
<#if agent.strategy??>
  strategy:
${toYaml(agent.strategy, 4)}
</#if>
  selector:
    matchLabels:
<#list labels as key, value>
      ${key}: ${quote(value)}
</#list>
  template:
    metadata:
<#if hasContent(agent.podAnnotations)>
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
<#if hasContent(agent.imagePullSecrets)>
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
<#if hasContent(agent.nodeSelector)>
      nodeSelector:
<#list agent.nodeSelector as key, value>
        ${key}: ${quote(value)}
</#list>
</#if>
<#if hasContent(agent.tolerations)>
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
<#if agent.imagePullPolicy??>
          imagePullPolicy: ${agent.imagePullPolicy}
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
<#if derived.connectionId.fromPodName>
          env:
          - name: ${envNames.CONNECTION_ID}
            valueFrom:
              fieldRef:
                fieldPath: metadata.name
<#elseif derived.connectionId.fixed>
          env:
          - name: ${envNames.CONNECTION_ID}
            value: ${quote(derived.connectionId.value)}
</#if>
          envFrom:
          - configMapRef:
              name: ${derived.configMapName}
<#if hasContent(agent.extraEnvFrom)>
${toYaml(agent.extraEnvFrom, 8)}
</#if>
          volumeMounts:
          - name: ${derived.keyVolume}
            mountPath: ${quote(derived.keyMountPath)}
            readOnly: true
<#if hasContent(agent.extraVolumeMounts)>
${toYaml(agent.extraVolumeMounts, 8)}
</#if>
      volumes:
      - name: ${derived.keyVolume}
        projected:
          sources:
          - secret:
              name: ${derived.secretName}
              items:
                - key: ${derived.secretKey}
                  path: ${derived.keyFileName}
                  mode: ${security.keyFileMode} # ${security.keyFileModeOctal}: readable by the agent's user only
<#if hasContent(agent.extraVolumes)>
${toYaml(agent.extraVolumes, 4)}
</#if>
