{{/* A service entry merged over the defaults (deep: a service overrides single keys). */}}
{{- define "advocacy.service" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy .entry)) -}}
{{- end -}}

{{- define "advocacy.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "advocacy.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: advocacy-engine
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "advocacy.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "advocacy.image" -}}
{{- $v := .root.Values.image -}}
{{- printf "%s/%s%s:%s" $v.registry $v.prefix .name (default .root.Chart.AppVersion $v.tag) -}}
{{- end -}}

{{/* The Postgres role a service connects as: it owns the service's schema and nothing else. */}}
{{- define "advocacy.dbRole" -}}
{{- printf "advocacy_%s" .schema -}}
{{- end -}}

{{- define "advocacy.secretName" -}}
{{- include "advocacy.fullname" (dict "root" .root "name" .name) -}}
{{- end -}}

{{/* Hook annotations: objects that must exist before the migration Jobs run. */}}
{{- define "advocacy.preHook" -}}
{{- if .root.Values.hooks }}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: {{ .weight | quote }}
helm.sh/hook-delete-policy: {{ default "before-hook-creation" .policy }}
{{- end }}
advocacy.dev/runs-before: rollout
{{- end -}}

{{- define "advocacy.podSecurity" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
