{{/* Shared pieces of the coordinator and worker pods. */}}

{{- define "steer.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if $registry }}{{ $registry }}/{{ end }}{{ .name }}:{{ $tag }}
{{- end -}}

{{- define "steer.labels" -}}
app.kubernetes.io/name: steer
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "steer.redis" -}}
{{- if .Values.redis.connectionString -}}
{{ .Values.redis.connectionString }}
{{- else -}}
{{ .Release.Name }}-redis:6379
{{- end -}}
{{- end -}}

{{/* Environment every silo gets: Redis clustering and storage, ids, its pod IP as the advertised address. */}}
{{- define "steer.siloEnv" -}}
- name: Steer__Clustering
  value: redis
- name: Steer__Storage
  value: redis
- name: Steer__Redis
  value: {{ include "steer.redis" . | quote }}
- name: Steer__ClusterId
  value: {{ .Values.cluster.clusterId | quote }}
- name: Steer__ServiceId
  value: {{ .Values.cluster.serviceId | quote }}
- name: Steer__AdvertisedIp
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: Steer__ListenOnAnyAddress
  value: "true"
- name: Steer__ShutdownSeconds
  value: {{ .Values.shutdownSeconds | quote }}
- name: Steer__ApiKeys
  valueFrom:
    secretKeyRef:
      name: {{ .Release.Name }}-api-keys
      key: keys
- name: Steer__SiloPort
  value: {{ .Values.ports.silo | quote }}
- name: Steer__GatewayPort
  value: {{ .Values.ports.gateway | quote }}
- name: ASPNETCORE_URLS
  value: "http://+:{{ .Values.ports.http }}"
{{- with .Values.tracing.endpoint }}
- name: Steer__TraceEndpoint
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "steer.ports" -}}
- { name: http, containerPort: {{ .Values.ports.http }} }
- { name: silo, containerPort: {{ .Values.ports.silo }} }
- { name: gateway, containerPort: {{ .Values.ports.gateway }} }
{{- end -}}

{{- define "steer.probes" -}}
startupProbe:
  httpGet: { path: /health/startup, port: http }
  periodSeconds: {{ .Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .Values.probes.startup.failureThreshold }}
readinessProbe:
  httpGet: { path: /health/ready, port: http }
  periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
livenessProbe:
  httpGet: { path: /health/live, port: http }
  periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
{{- end -}}

{{/* Checks the schema cannot express; included by every silo deployment so a bad release fails to render. */}}
{{- define "steer.validate" -}}
{{- if le (int .Values.terminationGracePeriodSeconds) (int .Values.shutdownSeconds) -}}
{{- fail (printf "terminationGracePeriodSeconds (%v) must be longer than shutdownSeconds (%v): Kubernetes would kill silos mid-shutdown" .Values.terminationGracePeriodSeconds .Values.shutdownSeconds) -}}
{{- end -}}
{{- if not .Values.apiKeys -}}
{{- fail "apiKeys: give at least one key (16+ characters); the silos refuse to start an HTTP API without keys outside the embedded mode" -}}
{{- end -}}
{{- if and (not .Values.redis.connectionString) (not .Values.redis.bundled.enabled) -}}
{{- fail "redis: give redis.connectionString or enable redis.bundled" -}}
{{- end -}}
{{- end -}}
