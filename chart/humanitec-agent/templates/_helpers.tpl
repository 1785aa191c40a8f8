{{/*
Chart name, for the app.kubernetes.io/name label.
Usage: {{ include "humanitec-agent.name" . }}
*/}}
{{- define "humanitec-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the objects: the release name, with the chart name appended unless the release name
already contains it. Truncated to 63 characters because some Kubernetes name fields are limited to
this (by the DNS naming spec). With the guide's release name this is "humanitec-agent", so the
objects get the guide's names.
Usage: {{ include "humanitec-agent.fullname" . }}
*/}}
{{- define "humanitec-agent.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
Usage: {{ include "humanitec-agent.chart" . }}
*/}}
{{- define "humanitec-agent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object: the selector labels plus Helm's bookkeeping. Pod templates carry only the
selector labels, so that upgrading the chart alone does not restart the agent.
Usage: {{ include "humanitec-agent.labels" . | nindent 4 }}
*/}}
{{- define "humanitec-agent.labels" -}}
helm.sh/chart: {{ include "humanitec-agent.chart" . }}
{{ include "humanitec-agent.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels: the guide's two labels. Selectors are immutable, so nothing else goes here.
Usage: {{ include "humanitec-agent.selectorLabels" . | nindent 6 }}
*/}}
{{- define "humanitec-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "humanitec-agent.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}

{{/*
Name of the ServiceAccount the pods use; empty means the namespace's default account.
Usage: {{ include "humanitec-agent.serviceAccountName" . }}
*/}}
{{- define "humanitec-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "humanitec-agent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Facts the chart shares with the plugin's templates, one definition each. The plugin holds the same
(ObjectNames, AgentEnv) and a test compares them with these defines.
*/}}
{{- define "humanitec-agent.configMapSuffix" -}}
-configmap-env
{{- end }}
{{- define "humanitec-agent.secretSuffix" -}}
-secret-private-key
{{- end }}
{{- define "humanitec-agent.defaultSecretKey" -}}
private_key
{{- end }}
{{- define "humanitec-agent.keyVolume" -}}
agentmount
{{- end }}
{{- define "humanitec-agent.keyFileMode" -}}
384
{{- end }}
{{- define "humanitec-agent.defaultTunnelUrl" -}}
wss://agent-01.humanitec.io/tunnel
{{- end }}
{{- define "humanitec-agent.humanitecRepository" -}}
ghcr.io/humanitec/agent
{{- end }}

{{/*
allowedTargets as a YAML list of patterns; the value may be a list or one comma-separated string.
Usage: {{ include "humanitec-agent.allowedTargetList" . | fromYamlArray }}
*/}}
{{- define "humanitec-agent.allowedTargetList" -}}
{{- $targets := .Values.allowedTargets }}
{{- if kindIs "string" $targets }}
{{- $targets = splitList "," $targets }}
{{- end }}
{{- $out := list }}
{{- range $targets }}
{{- if trim . }}
{{- $out = append $out (trim .) }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
The port of a URL: its own, else 80 for the plain scheme given, else 443.
Usage: {{ include "humanitec-agent.urlPort" (list "wss://host/tunnel" "ws") }}
*/}}
{{- define "humanitec-agent.urlPort" -}}
{{- $url := urlParse (index . 0) }}
{{- if contains ":" $url.host }}
{{- last (splitList ":" $url.host) }}
{{- else if eq $url.scheme (index . 1) }}
{{- 80 }}
{{- else }}
{{- 443 }}
{{- end }}
{{- end }}

{{/*
ConfigMap and Secret names: the guide's, derived from the full name.
Usage: {{ include "humanitec-agent.configMapName" . }}
*/}}
{{- define "humanitec-agent.configMapName" -}}
{{- printf "%s%s" (include "humanitec-agent.fullname" .) (include "humanitec-agent.configMapSuffix" .) }}
{{- end }}

{{/*
The Secret the Deployment mounts: the user's existing one, or the one this chart creates.
Usage: {{ include "humanitec-agent.secretName" . }}
*/}}
{{- define "humanitec-agent.secretName" -}}
{{- if .Values.humanitec.existingSecret }}
{{- .Values.humanitec.existingSecret }}
{{- else }}
{{- printf "%s%s" (include "humanitec-agent.fullname" .) (include "humanitec-agent.secretSuffix" .) }}
{{- end }}
{{- end }}

{{/*
Key of the private key inside the mounted Secret.
Usage: {{ include "humanitec-agent.secretKey" . }}
*/}}
{{- define "humanitec-agent.secretKey" -}}
{{- if .Values.humanitec.existingSecret }}
{{- .Values.humanitec.existingSecretKey }}
{{- else }}
{{- include "humanitec-agent.defaultSecretKey" . }}
{{- end }}
{{- end }}

{{/*
The agent's own default for PRIVATE_KEY_FILE (the guide's); the ConfigMap sets the variable only
when the key lives elsewhere.
Usage: {{ include "humanitec-agent.defaultPrivateKeyFile" . }}
*/}}
{{- define "humanitec-agent.defaultPrivateKeyFile" -}}
/keys/private_key.pem
{{- end }}

{{/*
ORGS: the organizations joined by commas; humanitec.org may be a string or a list.
Usage: {{ include "humanitec-agent.orgs" . }}
*/}}
{{- define "humanitec-agent.orgs" -}}
{{- if kindIs "slice" .Values.humanitec.org }}
{{- join "," .Values.humanitec.org }}
{{- else }}
{{- .Values.humanitec.org }}
{{- end }}
{{- end }}

{{/*
Image reference: repository, then the tag (default: appVersion), then the digest if set.
Usage: {{ include "humanitec-agent.image" . | quote }}
*/}}
{{- define "humanitec-agent.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- .Values.image.repository }}
{{- if $tag }}:{{ $tag }}{{ end }}
{{- if .Values.image.digest }}@{{ .Values.image.digest }}{{ end }}
{{- end }}

{{/*
The template of the object that yields the key's Secret, for the checksum annotation: a new key
changes it, so an upgrade rolls the pods.
Usage: {{ include (print $.Template.BasePath (include "humanitec-agent.keyTemplate" .)) . | sha256sum }}
*/}}
{{- define "humanitec-agent.keyTemplate" -}}
{{- if eq .Values.humanitec.secretFormat "sealed-secret" }}/sealedsecret.yaml
{{- else if eq .Values.humanitec.secretFormat "external-secret" }}/externalsecret.yaml
{{- else }}/secret.yaml
{{- end }}
{{- end }}

{{/*
The PEM as the agent reads it, ending in exactly one newline whether it came from --set-file or from
the guide's --set "$(cat key.pem)", which drops the last newline.
Usage: {{ include "humanitec-agent.privateKeyPem" . | b64enc }}
*/}}
{{- define "humanitec-agent.privateKeyPem" -}}
{{- printf "%s\n" (trim .Values.humanitec.privateKey) }}
{{- end }}

{{/*
Variables the chart sets itself, each with the value to use instead of extraEnv. The plugin refuses
the same names (a test compares them with its settings table).
*/}}
{{- define "humanitec-agent.reservedEnv" -}}
ORGS: humanitec.org
PRIVATE_KEY_FILE: privateKeyFile
CONNECTION_ID: connectionId
LOG_LEVEL: logLevel
TUNNEL_URL: tunnelUrl
ALLOWED_TARGETS: allowedTargets
{{- end }}

{{/*
Refuses settings that would install an agent that cannot work, saying what to set. Messages never
quote the private key.
Usage: {{ include "humanitec-agent.validate" . }}
*/}}
{{- define "humanitec-agent.validate" -}}
{{- if not (include "humanitec-agent.orgs" .) }}
{{- fail "humanitec.org is required: set your Humanitec organization id with --set humanitec.org=<org-id> (several: --set 'humanitec.org={org-a,org-b}')" }}
{{- end }}
{{- $key := trim .Values.humanitec.privateKey }}
{{- $format := .Values.humanitec.secretFormat }}
{{- if and $key .Values.humanitec.existingSecret }}
{{- fail "humanitec.privateKey and humanitec.existingSecret are both set: keep one, the key (the chart creates the Secret) or the name of your own Secret" }}
{{- end }}
{{- if and (ne $format "secret") .Values.humanitec.existingSecret }}
{{- fail (printf "humanitec.existingSecret is set together with humanitec.secretFormat=%s: keep one, your own Secret or the format that renders it" $format) }}
{{- end }}
{{- if and $key (ne $format "secret") }}
{{- fail (printf "humanitec.privateKey is set, but humanitec.secretFormat=%s never puts the plain key into the cluster: remove humanitec.privateKey" $format) }}
{{- end }}
{{- if and (eq $format "secret") (not (or $key .Values.humanitec.existingSecret)) }}
{{- fail "the agent needs its private key: set --set-file humanitec.privateKey=humanitec_agent_private_key.pem (or --set \"humanitec.privateKey=$(cat humanitec_agent_private_key.pem)\"), or name a Secret you manage with --set humanitec.existingSecret=<secret-name>" }}
{{- end }}
{{- if eq $format "sealed-secret" }}
{{- with .Values.humanitec.sealedSecret }}
{{- if not .encryptedKey }}
{{- fail "humanitec.sealedSecret.encryptedKey is required for secretFormat sealed-secret: pass the helm-values.yaml that render-manifests writes (-f helm-values.yaml), or seal the key with kubeseal --raw --scope strict" }}
{{- end }}
{{- $here := printf "%s/%s" $.Release.Namespace (include "humanitec-agent.secretName" $) }}
{{- if and .sealedFor (ne .sealedFor $here) }}
{{- fail (printf "humanitec.sealedSecret.encryptedKey was sealed for %s, but this release's Secret is %s: the controller could not unseal it; install with the release name and namespace it was sealed for, or seal the key again" .sealedFor $here) }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq $format "external-secret" }}
{{- if not .Values.humanitec.externalSecret.store }}
{{- fail "humanitec.externalSecret.store is required for secretFormat external-secret: name the SecretStore or ClusterSecretStore that holds the key" }}
{{- end }}
{{- if not .Values.humanitec.externalSecret.remoteKey }}
{{- fail "humanitec.externalSecret.remoteKey is required for secretFormat external-secret: give the key's entry in the store, e.g. agents/prod-eu-1" }}
{{- end }}
{{- end }}
{{- if and $key (not (hasPrefix "-----BEGIN " $key)) }}
{{- fail "humanitec.privateKey is not a PEM private key (it must start with -----BEGIN): pass the file with --set-file humanitec.privateKey=humanitec_agent_private_key.pem" }}
{{- end }}
{{- if and $key (contains "ENCRYPTED" $key) }}
{{- fail "humanitec.privateKey is encrypted: the agent cannot use a key with a passphrase; generate one without (mvn humanitec-agent:generate-keys)" }}
{{- end }}
{{- if and .Values.connectionId (gt (int .Values.replicaCount) 1) }}
{{- fail (printf "connectionId is a fixed id shared by %d replicas; the orchestrator replaces a session when another connects with the same id: remove connectionId so each replica uses its pod name" (int .Values.replicaCount)) }}
{{- end }}
{{- if and .Values.connectionId .Values.connectionIdFromPodName }}
{{- fail "connectionId is set together with connectionIdFromPodName=true: keep one, set --set connectionIdFromPodName=false to use the fixed id" }}
{{- end }}
{{- $reserved := include "humanitec-agent.reservedEnv" . | fromYaml }}
{{- range $name, $value := .Values.extraEnv }}
{{- if hasKey $reserved $name }}
{{- fail (printf "extraEnv.%s redefines a variable the chart sets: use %s instead" $name (get $reserved $name)) }}
{{- end }}
{{- end }}
{{- if and .Values.networkPolicy.enabled (not (include "humanitec-agent.allowedTargetList" . | fromYamlArray)) }}
{{- fail "networkPolicy.enabled needs allowedTargets: the policy allows egress only to DNS, the tunnel and the allowed targets; set allowedTargets (e.g. --set 'allowedTargets={10.0.0.0/8:5432}'), or '*' to allow any target" }}
{{- end }}
{{- range .Values.extraVolumes }}
{{- if eq (toString .name) (include "humanitec-agent.keyVolume" $) }}
{{- fail (printf "extraVolumes: a volume is named '%s', the name of the key's volume: give it another name" .name) }}
{{- end }}
{{- end }}
{{- range $name, $value := .Values.podLabels }}
{{- if has $name (list "app.kubernetes.io/name" "app.kubernetes.io/instance") }}
{{- fail (printf "podLabels.%s would change the Deployment's selector: remove it (use nameOverride for the name label)" $name) }}
{{- end }}
{{- end }}
{{- end }}
