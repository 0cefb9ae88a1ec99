import type { Manifest } from '../manifest/types.js';
import type { FinalizePlan } from '../plan/types.js';
import { isBelow } from './writable-folders.js';

type Hardening = Pick<FinalizePlan['compose'], 'readOnly' | 'tmpfs' | 'capDropAll' | 'noNewPrivileges' | 'namedVolumes'> & { groupAdd?: string };

/**
 * The compose service's lock-down (issue 13 item 8), each part switched off alone by
 * compose.hardening.<key>: false.
 *  - `cap_drop: [ALL]`: the app is a non-root process on ports >= 1024 and needs no capability
 *    (https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities).
 *  - `security_opt: [no-new-privileges:true]`: no setuid/setgid file or file capability can raise a
 *    process's privileges (https://docs.docker.com/reference/cli/docker/container/run/#security-opt).
 *  - `read_only: true` with a tmpfs for /tmp and for each HOME cache folder, owned by the service's
 *    uid:gid with mode 0700 (tmpfs takes uid=, gid=, mode=: https://docs.docker.com/engine/storage/tmpfs/
 *    and tmpfs(5)), and a named volume on each writable folder that no bind mount covers (a new named
 *    volume starts with the image folder's content and owner: https://docs.docker.com/engine/storage/volumes/#populate-a-volume-using-a-container).
 *  - `group_add: [<gid>]` when compose runs the service as the host's ${UID}: the image user's group,
 *    which owns HOME and the writable folders group-writable, as jupyter/docker-stacks does with gid 100
 *    (https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html#user-related-configurations).
 * All keys are in both the Compose Specification and docker-compose v1's 3.x schema.
 * In: the manifest, the writable folders, the bind-mount targets, and the uid and gid the service runs
 * as (Compose expressions such as `${UID:-1000}` with match_host_user, else the image user's numbers).
 */
export function composeHardening(manifest: Manifest, writable: FinalizePlan['writable'], bindTargets: string[], ids: { uid: string; gid: string; hostUser: boolean }): Hardening {
  const { hardening } = manifest.compose;
  const { uid, gid } = ids;
  const covered = (folder: string) => bindTargets.some((t) => t === folder || isBelow(folder, t));
  const folders = [...writable.beforeCopy, ...writable.afterCopy].filter((f) => !covered(f)).sort();
  return {
    readOnly: hardening.read_only,
    tmpfs: hardening.read_only ? ['/tmp', ...writable.caches.filter((c) => !covered(c)).map((c) => `${c}:uid=${uid},gid=${gid},mode=0700`)] : [],
    capDropAll: hardening.cap_drop,
    noNewPrivileges: hardening.no_new_privileges,
    namedVolumes: hardening.read_only ? folders.map((target) => ({ name: volumeName(target), target })) : [],
    ...(ids.hostUser ? { groupAdd: String(manifest.user.gid) } : {}),
  };
}

/** A Compose volume name (`^[a-zA-Z0-9._-]+$`) for a folder: `/app/media` → `app-media`. */
function volumeName(folder: string): string {
  return folder.replace(/^\/+/, '').replace(/[^a-zA-Z0-9._-]+/g, '-');
}
