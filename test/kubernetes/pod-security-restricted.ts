/**
 * The Pod Security Standards "restricted" profile (which includes "baseline") as a table of checks,
 * written from Kubernetes' own admission code: github.com/kubernetes/pod-security-admission, folder
 * policy/ (commit 8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8, read 2026-12-03). Each row names the file
 * whose rule it restates; the pod is a PodSpec as JSON. No npm package runs these checks.
 * `violations(spec)` returns one line per failed check, empty when the pod is admitted.
 */
type Json = Record<string, any>;

interface Check {
  /** policy/<file> in kubernetes/pod-security-admission. */
  source: string;
  /** Returns a reason when the pod violates the rule. */
  violates(spec: Json): string | undefined;
}

const containersOf = (spec: Json): Json[] => [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
const every = (spec: Json, test: (c: Json) => string | undefined) => containersOf(spec).map(test).find((r) => r !== undefined);

/** policy/check_restrictedVolumes.go: the inline volume sources allowed under "restricted". */
const ALLOWED_VOLUME_SOURCES = new Set(['configMap', 'downwardAPI', 'emptyDir', 'projected', 'secret', 'csi', 'persistentVolumeClaim', 'ephemeral', 'image']);
/** policy/check_capabilities_baseline.go: capabilities baseline allows adding. */
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
/** policy/check_sysctls.go: the safe sysctls. */
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export const RESTRICTED_CHECKS: readonly Check[] = [
  // ---- baseline ----
  { source: 'check_hostNamespaces.go', violates: (s) => (s.hostNetwork || s.hostPID || s.hostIPC ? 'hostNetwork, hostPID or hostIPC is true' : undefined) },
  { source: 'check_privileged.go', violates: (s) => every(s, (c) => (c.securityContext?.privileged ? `${c.name}: privileged` : undefined)) },
  { source: 'check_capabilities_baseline.go', violates: (s) => every(s, (c) => (c.securityContext?.capabilities?.add ?? []).find((a: string) => !BASELINE_CAPABILITIES.has(a)) && `${c.name}: adds a capability beyond baseline`) || undefined },
  { source: 'check_hostPathVolumes.go', violates: (s) => ((s.volumes ?? []).some((v: Json) => v.hostPath) ? 'a hostPath volume' : undefined) },
  { source: 'check_hostPorts.go', violates: (s) => every(s, (c) => ((c.ports ?? []).some((p: Json) => p.hostPort) ? `${c.name}: hostPort` : undefined)) },
  { source: 'check_appArmorProfile.go', violates: (s) => [s, ...containersOf(s)].map((x) => x.securityContext?.appArmorProfile?.type).find((t) => t !== undefined && t !== 'RuntimeDefault' && t !== 'Localhost') && 'appArmorProfile not RuntimeDefault/Localhost' || undefined },
  { source: 'check_seLinuxOptions.go', violates: (s) => [s, ...containersOf(s)].map((x) => x.securityContext?.seLinuxOptions).find((o) => o && (o.user || o.role || (o.type && !['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].includes(o.type)))) && 'seLinuxOptions set beyond the allowed types' || undefined },
  { source: 'check_procMount_baseline.go', violates: (s) => every(s, (c) => (c.securityContext?.procMount && c.securityContext.procMount !== 'Default' ? `${c.name}: procMount` : undefined)) },
  { source: 'check_seccompProfile_baseline.go', violates: (s) => [s, ...containersOf(s)].some((x) => x.securityContext?.seccompProfile?.type === 'Unconfined') ? 'seccomp Unconfined' : undefined },
  { source: 'check_sysctls.go', violates: (s) => ((s.securityContext?.sysctls ?? []).some((x: Json) => !SAFE_SYSCTLS.has(x.name)) ? 'an unsafe sysctl' : undefined) },
  { source: 'check_windowsHostProcess.go', violates: (s) => [s, ...containersOf(s)].some((x) => x.securityContext?.windowsOptions?.hostProcess) ? 'windows hostProcess' : undefined },
  { source: 'check_hostProbesAndhostLifecycle.go', violates: (s) => every(s, (c) => ([...PROBES.map((p) => c[p]), c.lifecycle?.postStart, c.lifecycle?.preStop].some((h: Json | undefined) => h?.httpGet?.host || h?.tcpSocket?.host) ? `${c.name}: a probe or lifecycle handler sets host` : undefined)) },
  // ---- restricted ----
  { source: 'check_restrictedVolumes.go', violates: (s) => (s.volumes ?? []).map((v: Json) => Object.keys(v).find((k) => k !== 'name' && !ALLOWED_VOLUME_SOURCES.has(k))).find(Boolean) },
  { source: 'check_allowPrivilegeEscalation.go', violates: (s) => every(s, (c) => (c.securityContext?.allowPrivilegeEscalation === false ? undefined : `${c.name}: allowPrivilegeEscalation is not false`)) },
  {
    source: 'check_runAsNonRoot.go',
    violates: (s) => {
      if (s.hostUsers === false) return undefined;
      const pod = s.securityContext?.runAsNonRoot;
      if (pod === false) return 'pod runAsNonRoot is false';
      return every(s, (c) => { const own = c.securityContext?.runAsNonRoot; return own === false || (own === undefined && pod !== true) ? `${c.name}: runAsNonRoot not true` : undefined; });
    },
  },
  { source: 'check_runAsUser.go', violates: (s) => (s.hostUsers === false ? undefined : [s, ...containersOf(s)].some((x) => x.securityContext?.runAsUser === 0) ? 'runAsUser 0' : undefined) },
  {
    source: 'check_seccompProfile_restricted.go',
    violates: (s) => {
      const ok = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
      const pod = s.securityContext?.seccompProfile?.type;
      if (pod !== undefined && !ok(pod)) return 'pod seccompProfile not RuntimeDefault/Localhost';
      return every(s, (c) => { const own = c.securityContext?.seccompProfile?.type; return (own === undefined ? pod === undefined : !ok(own)) ? `${c.name}: seccompProfile not set to RuntimeDefault/Localhost` : undefined; });
    },
  },
  {
    source: 'check_capabilities_restricted.go',
    violates: (s) => every(s, (c) => {
      const caps = c.securityContext?.capabilities ?? {};
      if (!(caps.drop ?? []).includes('ALL')) return `${c.name}: capabilities.drop does not include ALL`;
      return (caps.add ?? []).some((a: string) => a !== 'NET_BIND_SERVICE') ? `${c.name}: adds a capability other than NET_BIND_SERVICE` : undefined;
    }),
  },
];

/** Every failed check, as `<source>: <reason>`. */
export function violations(spec: Json): string[] {
  return RESTRICTED_CHECKS.map((c) => { const r = c.violates(spec); return r ? `${c.source}: ${r}` : undefined; }).filter((r): r is string => r !== undefined);
}
