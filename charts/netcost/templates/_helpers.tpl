{{/*
The two namespaces. Their names are fixed: the Pod Security exception (netcost-node) and the
restricted namespace (netcost) are part of netcost's security design, and the kustomize overlays
use the same names.
*/}}
{{- define "netcost.namespace" -}}netcost{{- end }}
{{- define "netcost.nodeNamespace" -}}netcost-node{{- end }}

{{/* Labels of every object: the kustomize base's part-of label plus Helm's own. */}}
{{- define "netcost.labels" -}}
app.kubernetes.io/part-of: netcost
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* An image of the release: <registry>/<repository>/<name>:<tag>. */}}
{{- define "netcost.image" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- printf "%s/%s/%s:%s" $root.Values.image.registry $root.Values.image.repository $name $root.Values.image.tag -}}
{{- end }}

{{/*
Annotations binding a service account to its cloud identity. Argument: (list $ "flowCollector").
*/}}
{{- define "netcost.identityAnnotations" -}}
{{- $root := index . 0 -}}
{{- $who := index . 1 -}}
{{- $v := $root.Values -}}
{{- if eq $v.provider "aws" -}}
{{- if eq (default "irsa" $v.identity.aws.mode) "irsa" }}
eks.amazonaws.com/role-arn: {{ index $v.identity.aws.roleArns $who | quote }}
eks.amazonaws.com/sts-regional-endpoints: "true"
{{- end -}}
{{- else if eq $v.provider "gcp" -}}
{{- $gsa := index ($v.identity.gcp.serviceAccounts | default dict) $who | default "" -}}
{{- if $gsa }}
iam.gke.io/gcp-service-account: {{ $gsa | quote }}
{{- end -}}
{{- else if eq $v.provider "azure" }}
azure.workload.identity/client-id: {{ index $v.identity.azure.clientIds $who | quote }}
{{- end -}}
{{- end }}

{{/* Pod labels the cloud's identity webhook needs (Azure Workload ID mutates labelled pods only). */}}
{{- define "netcost.identityPodLabels" -}}
{{- if eq .Values.provider "azure" }}
azure.workload.identity/use: "true"
{{- end -}}
{{- end }}

{{/* The container securityContext of every pod but the flow collector (restricted). */}}
{{- define "netcost.restrictedContainerSecurity" -}}
privileged: false
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The pod securityContext of every pod but the flow collector: the image's user 10001. */}}
{{- define "netcost.restrictedPodSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* nodeSelector and tolerations of a pod, when set. Argument: the component's values. */}}
{{- define "netcost.placement" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
The nightly CronJob's script: yesterday (UTC), computed when the pod starts; the billing export and
the Kubecost network-costs config are passed when configured. The same script as
k8s/cronjobs/nightly.yaml (the tests run both).
*/}}
{{- define "netcost.nightlyScript" -}}
set -eu
day="$(date -u -d yesterday +%Y-%m-%d)"
echo "netcost nightly for ${day}"
set -- nightly --date "${day}" --store "${NETCOST_STORE}" --provider "${NETCOST_PROVIDER}" --master "${NETCOST_SPARK_MASTER}"
if [ -n "${NETCOST_BILLING_EXPORT}" ]; then
  set -- "$@" --billing-export "${NETCOST_BILLING_EXPORT}" --billing-format "${NETCOST_BILLING_FORMAT}"
fi
if [ -f /etc/netcost/network-costs/config.yaml ]; then
  set -- "$@" --kubecost-config /etc/netcost/network-costs/config.yaml
fi
exec netcost "$@"
{{- end }}

{{/* The billing export's format: as set, or the provider's own export format. */}}
{{- define "netcost.billingFormat" -}}
{{- .Values.billing.format | default (get (dict "aws" "cur" "gcp" "gcp" "azure" "azure") .Values.provider) -}}
{{- end }}
