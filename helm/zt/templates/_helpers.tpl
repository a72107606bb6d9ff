{{/* Helpers shared by every template. Most take a dict:
     root: the top-level context ($), name: the service (controlhub, kms, ...),
     svc: its values section. */}}

{{- define "zt.labels" -}}
app.kubernetes.io/name: zt-{{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: zt
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{- end }}

{{- define "zt.selector" -}}
app.kubernetes.io/name: zt-{{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "zt.image" -}}
{{ .root.Values.image.registry }}/zt-{{ .name }}:{{ default .root.Chart.AppVersion .root.Values.image.tag }}
{{- end }}

{{/* The services an enabled set makes: name -> values, the SFU included. */}}
{{- define "zt.deploymentServices" -}}
{{- range $name, $svc := .Values.services }}{{ if $svc.enabled }}{{ $name }} {{ end }}{{ end }}
{{- end }}

{{- define "zt.postgresUri" -}}
{{- if .Values.postgres.inCluster.enabled -}}
postgresql://zt@zt-postgres:5432/zt
{{- else -}}
{{ .Values.postgres.uri }}
{{- end }}
{{- end }}

{{- define "zt.redisHost" -}}
{{ if .Values.redis.inCluster.enabled }}zt-redis{{ else }}{{ .Values.redis.host }}{{ end }}
{{- end }}

{{- define "zt.usesPostgres" -}}{{ if ne .name "sfu" }}true{{ end }}{{- end }}

{{/* Non-secret settings of one service as ZT_* variables (a ConfigMap for
     the pods, inline env for the migrations Job). Secret files appear only
     as paths. */}}
{{- define "zt.config" -}}
{{- $v := .root.Values -}}
ZT_GRPC_ADDRESS: "{{ $v.listenHost }}:{{ .svc.grpcPort }}"
ZT_METRICS_ADDRESS: "{{ $v.listenHost }}:{{ .svc.metricsPort }}"
ZT_STATE_DIR: /var/lib/zt
ZT_LOG_LEVEL: {{ $v.logLevel | quote }}
{{- if include "zt.usesPostgres" . }}
ZT_POSTGRES_URI: {{ include "zt.postgresUri" .root | quote }}
ZT_POSTGRES_PASSWORD_FILE: /var/run/secrets/zt/{{ $v.postgres.passwordSecret.name }}/{{ $v.postgres.passwordSecret.key }}
{{- end }}
ZT_REDIS_HOST: {{ include "zt.redisHost" .root | quote }}
ZT_REDIS_PORT: {{ $v.redis.port | quote }}
{{- if .svc.httpPort }}
ZT_{{ upper .name }}_HTTP_ADDRESS: "{{ $v.listenHost }}:{{ .svc.httpPort }}"
{{- end }}
{{- if $v.tls.enabled }}
ZT_TLS_CERT_FILE: /var/run/secrets/zt-tls/tls.crt
ZT_TLS_KEY_FILE: /var/run/secrets/zt-tls/tls.key
ZT_TLS_CLIENT_CA_FILE: /var/run/secrets/zt-tls/ca.crt
{{- end }}
{{- if eq .name "sfu" }}
ZT_SFU_UDP_ADDRESS: "{{ $v.listenHost }}:{{ .svc.udpPort }}"
ZT_SFU_WORKERS: {{ .svc.workers | quote }}
{{- if .svc.advertiseAddress }}
ZT_SFU_PUBLIC_UDP_ADDRESS: "{{ .svc.advertiseAddress }}:{{ .svc.udpPort }}"
{{- end }}
{{- end }}
{{- range $e := .svc.secretFiles }}
{{ $e.env }}: /var/run/secrets/zt/{{ $e.secret }}/{{ $e.key }}
{{- end }}
{{- range $k, $val := .svc.env }}
{{ $k }}: {{ $val | quote }}
{{- end }}
{{- end }}

{{- define "zt.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile: {type: RuntimeDefault}
{{- end }}

{{- define "zt.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities: {drop: [ALL]}
seccompProfile: {type: RuntimeDefault}
{{- end }}

{{/* The Secret keys a service reads, as YAML secret name -> [keys]: the
     PostgreSQL password and its secretFiles. */}}
{{- define "zt.secretKeys" -}}
{{- $m := dict -}}
{{- if include "zt.usesPostgres" . }}
{{- $p := .root.Values.postgres.passwordSecret }}
{{- $_ := set $m $p.name (list $p.key) }}
{{- end }}
{{- range $e := .svc.secretFiles }}
{{- $_ := set $m $e.secret (append (default (list) (get $m $e.secret)) $e.key | uniq) }}
{{- end }}
{{- toYaml $m }}
{{- end }}

{{/* One volume per Secret, mounted at /var/run/secrets/zt/<secret>/<key>
     (optional: false spelt out: podman kube play needs it). */}}
{{- define "zt.secretVolumes" -}}
{{- range $name, $keys := . }}
- name: secret-{{ $name }}
  secret:
    secretName: {{ $name }}
    optional: false
    defaultMode: 0440
    items:
      {{- range $keys }}
      - {key: {{ . }}, path: {{ . }}}
      {{- end }}
{{- end }}
{{- end }}

{{- define "zt.volumes" -}}
- name: state
  emptyDir: {}
- name: tmp
  emptyDir: {medium: Memory, sizeLimit: 64Mi}
{{- include "zt.secretVolumes" (fromYaml (include "zt.secretKeys" .)) }}
{{- if .root.Values.tls.enabled }}
- name: tls
  secret: {secretName: zt-{{ .name }}-tls, optional: false, defaultMode: 0440}
{{- end }}
{{- end }}

{{- define "zt.volumeMounts" -}}
- {name: state, mountPath: /var/lib/zt}
- {name: tmp, mountPath: /tmp}
{{- range $name, $keys := fromYaml (include "zt.secretKeys" .) }}
- {name: secret-{{ $name }}, mountPath: /var/run/secrets/zt/{{ $name }}, readOnly: true}
{{- end }}
{{- if and .root.Values.tls.enabled (not .noTls) }}
- {name: tls, mountPath: /var/run/secrets/zt-tls, readOnly: true}
{{- end }}
{{- end }}

{{/* Native gRPC probes on the service's port (plaintext: with TLS on, TCP). */}}
{{- define "zt.probe" -}}
{{- if .root.Values.tls.enabled }}
tcpSocket: {port: grpc}
{{- else }}
grpc: {port: {{ .svc.grpcPort }}}
{{- end }}
{{- end }}

{{- define "zt.container" -}}
- name: zt-{{ .name }}
  image: {{ include "zt.image" . | quote }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  envFrom:
    - configMapRef: {name: zt-{{ .name }}}
  {{- if eq .name "sfu" }}
  env:
    - name: ZT_SFU_NODE_ID
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    {{- if not .svc.advertiseAddress }}
    - name: ZT_HOST_IP
      valueFrom: {fieldRef: {fieldPath: status.hostIP}}
    - name: ZT_SFU_PUBLIC_UDP_ADDRESS
      value: "$(ZT_HOST_IP):{{ .svc.udpPort }}"
    {{- end }}
  {{- end }}
  ports:
    - {name: grpc, containerPort: {{ .svc.grpcPort }}, protocol: TCP}
    - {name: metrics, containerPort: {{ .svc.metricsPort }}, protocol: TCP}
    {{- if .svc.httpPort }}
    - {name: http, containerPort: {{ .svc.httpPort }}, protocol: TCP}
    {{- end }}
    {{- if .svc.udpPort }}
    - {name: media, containerPort: {{ .svc.udpPort }}, protocol: UDP}
    {{- end }}
  startupProbe:
    {{- include "zt.probe" . | trim | nindent 4 }}
    periodSeconds: 2
    failureThreshold: 60
  readinessProbe:
    {{- include "zt.probe" . | trim | nindent 4 }}
    periodSeconds: 5
    failureThreshold: 2
  livenessProbe:
    {{- include "zt.probe" . | trim | nindent 4 }}
    periodSeconds: 10
    failureThreshold: 6
  resources:
    {{- toYaml .svc.resources | nindent 4 }}
  securityContext:
    {{- include "zt.containerSecurityContext" . | nindent 4 }}
  volumeMounts:
    {{- include "zt.volumeMounts" . | nindent 4 }}
{{- end }}

{{/* The pod template of a service's workload. */}}
{{- define "zt.podTemplate" -}}
metadata:
  labels:
    {{- include "zt.labels" . | nindent 4 }}
  annotations:
    checksum/config: {{ include "zt.config" . | sha256sum }}
spec:
  automountServiceAccountToken: false
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ .root.Values.terminationGracePeriodSeconds }}
  {{- with .root.Values.image.pullSecrets }}
  imagePullSecrets:
    {{- range . }}
    - {name: {{ . }}}
    {{- end }}
  {{- end }}
  {{- if .svc.hostNetwork }}
  hostNetwork: true
  dnsPolicy: ClusterFirstWithHostNet
  {{- end }}
  {{- with .svc.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- include "zt.podSecurityContext" . | nindent 4 }}
  {{- if and .root.Values.topologySpread.enabled (ne (default "" .svc.kind) "DaemonSet") }}
  topologySpreadConstraints:
    {{- range $key := list .root.Values.topologySpread.zoneKey .root.Values.topologySpread.hostKey }}
    - maxSkew: 1
      topologyKey: {{ $key }}
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "zt.selector" $ | nindent 10 }}
    {{- end }}
  {{- end }}
  containers:
    {{- include "zt.container" . | nindent 4 }}
  volumes:
    {{- include "zt.volumes" . | nindent 4 }}
{{- end }}

{{/* Every enabled service, the SFU included, as YAML name -> values (read
     back with fromYaml). */}}
{{- define "zt.enabledServices" -}}
{{- $all := dict -}}
{{- range $n, $s := .Values.services }}{{ if $s.enabled }}{{ $_ := set $all $n $s }}{{ end }}{{ end -}}
{{- if .Values.sfu.enabled }}{{ $_ := set $all "sfu" .Values.sfu }}{{ end -}}
{{ toYaml $all }}
{{- end }}
