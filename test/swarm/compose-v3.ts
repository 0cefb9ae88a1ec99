/**
 * What `docker stack deploy` of Docker 20.10 reads, as a table of checks written from docker/cli at tag
 * v20.10.24 (the harness's CLI):
 *  - the keys `cli/compose/schema/data/config_schema_v3.8.json` allows at each level of the parts the
 *    stack uses (its `additionalProperties: false` objects), so an unknown key or one of a newer
 *    format fails here as it fails the deploy;
 *  - `cli/compose/types/types.go` UnsupportedProperties: keys the deploy ignores with a warning;
 *  - the service-level `tmpfs`, which the schema allows but `cli/compose/convert/service.go` never
 *    converts (tmpfs mounts must be `volumes` of type tmpfs);
 *  - `version` present and a string: without it the loader reads "1.0" and refuses the file.
 * The Compose Specification schema (test/vendor/compose-spec.json) accepts all of 3.x and more, so it
 * cannot tell these apart; the e2e test deploys the file for real.
 */
type Json = Record<string, any>;

const V38_TOP = ['version', 'services', 'networks', 'volumes', 'secrets', 'configs'];
const V38_SERVICE = ['build', 'cap_add', 'cap_drop', 'cgroup_parent', 'command', 'configs', 'container_name', 'credential_spec', 'depends_on', 'deploy', 'devices', 'dns', 'dns_search', 'domainname', 'entrypoint', 'env_file', 'environment', 'expose', 'external_links', 'extra_hosts', 'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'labels', 'links', 'logging', 'mac_address', 'network_mode', 'networks', 'pid', 'ports', 'privileged', 'read_only', 'restart', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'user', 'userns_mode', 'volumes', 'working_dir'];
const V38_DEPLOY = ['endpoint_mode', 'labels', 'mode', 'placement', 'replicas', 'resources', 'restart_policy', 'rollback_config', 'update_config'];
const V38_UPDATE = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];
const V38_RESTART = ['condition', 'delay', 'max_attempts', 'window'];
const V38_LIMITS = ['cpus', 'memory'];
const V38_RESERVATIONS = ['cpus', 'memory', 'generic_resources'];
const V38_PORT = ['mode', 'target', 'published', 'protocol'];
const V38_VOLUME = ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs'];
const V38_SECRET = ['name', 'file', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'];
const V38_NETWORK = ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels'];
/** cli/compose/types/types.go UnsupportedProperties (v20.10.24). */
export const UNSUPPORTED = ['build', 'cgroupns_mode', 'cgroup_parent', 'devices', 'domainname', 'external_links', 'ipc', 'links', 'mac_address', 'network_mode', 'pid', 'privileged', 'restart', 'security_opt', 'shm_size', 'userns_mode'];
/** In the schema but not converted into the service spec by cli/compose/convert/service.go (v20.10.24). */
const NOT_CONVERTED = ['tmpfs'];

/** Problems `docker stack deploy` (Docker 20.10, format 3.8) would have with a parsed stack file; empty when none. */
export function stackProblems(doc: Json): string[] {
  const problems: string[] = [];
  const keys = (at: string, value: unknown, allowed: string[]) => {
    if (!value || typeof value !== 'object') return;
    for (const k of Object.keys(value)) if (!allowed.includes(k) && !k.startsWith('x-')) problems.push(`${at}.${k} is not in the 3.8 schema`);
  };
  if (typeof doc.version !== 'string') problems.push('version must be a string (no version: the loader reads "1.0" and refuses the file)');
  else if (doc.version !== '3.8') problems.push(`version ${doc.version}: expected "3.8"`);
  keys('', doc, V38_TOP);
  for (const [name, service] of Object.entries<Json>(doc.services ?? {})) {
    const at = `services.${name}`;
    keys(at, service, V38_SERVICE);
    for (const k of [...UNSUPPORTED, ...NOT_CONVERTED]) if (k in service) problems.push(`${at}.${k} is ignored by docker stack deploy`);
    if (typeof service.image !== 'string') problems.push(`${at}.image is required: docker stack deploy never builds`);
    keys(`${at}.deploy`, service.deploy, V38_DEPLOY);
    keys(`${at}.deploy.update_config`, service.deploy?.update_config, V38_UPDATE);
    keys(`${at}.deploy.rollback_config`, service.deploy?.rollback_config, V38_UPDATE);
    keys(`${at}.deploy.restart_policy`, service.deploy?.restart_policy, V38_RESTART);
    keys(`${at}.deploy.resources`, service.deploy?.resources, ['limits', 'reservations']);
    keys(`${at}.deploy.resources.limits`, service.deploy?.resources?.limits, V38_LIMITS);
    keys(`${at}.deploy.resources.reservations`, service.deploy?.resources?.reservations, V38_RESERVATIONS);
    for (const [i, p] of (service.ports ?? []).entries()) {
      if (typeof p !== 'object') problems.push(`${at}.ports[${i}] short syntax: its host address would be dropped`);
      else keys(`${at}.ports[${i}]`, p, V38_PORT);
    }
    for (const [i, v] of (service.volumes ?? []).entries()) if (typeof v === 'object') keys(`${at}.volumes[${i}]`, v, V38_VOLUME);
  }
  for (const [name, s] of Object.entries<Json>(doc.secrets ?? {})) keys(`secrets.${name}`, s, V38_SECRET);
  for (const [name, n] of Object.entries<Json>(doc.networks ?? {})) keys(`networks.${name}`, n, V38_NETWORK);
  return problems;
}
