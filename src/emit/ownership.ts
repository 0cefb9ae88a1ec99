import type { ResolvedPlan } from '../plan/types.js';
import { isBelow } from '../passes/writable-folders.js';
import { shellWord } from './quote.js';

/**
 * The runtime stage's user RUN (issue 13 items 5-7): create the user; make HOME, its cache folders and
 * the writable folders that COPY does not touch owned by the user and its group, group-writable and
 * setgid (2775: new files keep the group, so a compose host uid in that group via group_add can write
 * them; jupyter/docker-stacks' fix-permissions does the same with gid 100,
 * https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/fix-permissions);
 * then clear every setuid/setgid bit of the base image (CIS Docker Benchmark 4.8) and the world-write bit
 * of everything but /tmp and /var/tmp (issue 13 item 6; Debian's /run/lock is 1777).
 * Parents that `mkdir -p` creates outside HOME stay root's. The workdir is created by WORKDIR, owned
 * by root, unless it is a writable folder (Jupyter's root_dir).
 */
export function userRun(plan: ResolvedPlan): string {
  const { shell, finalize } = plan;
  const { caches, beforeCopy } = finalize.writable;
  const made = [...caches, ...beforeCopy];
  const owned = [shell.home, ...beforeCopy.filter((f) => f !== shell.home && !isBelow(f, shell.home))];
  return [
    shell.createUser,
    ...(made.length ? [`mkdir -p ${made.map(shellWord).join(' ')}`] : []),
    ...groupWritable(owned, shell.uid, shell.gid),
    'find / -xdev \\( -perm -4000 -o -perm -2000 \\) -type f -exec chmod a-s {} +',
    // No world-writable file or folder but /tmp and /var/tmp (Debian's /run/lock is 1777).
    'find / -xdev -perm -0002 ! -type l ! -path /tmp ! -path /var/tmp -exec chmod o-w {} +',
  ].join(' \\\n    && ');
}

/**
 * The RUN after `COPY . ./` (as root) for project.writable folders below the workdir: COPY made them
 * (and their copied content) root's, so they are created if missing and handed to the user, content
 * included. Empty when there are none.
 */
export function writableRun(plan: ResolvedPlan): string {
  const { afterCopy } = plan.finalize.writable;
  if (afterCopy.length === 0) return '';
  return [`mkdir -p ${afterCopy.map(shellWord).join(' ')}`, ...groupWritable(afterCopy, plan.shell.uid, plan.shell.gid)].join(' && ');
}

function groupWritable(folders: string[], uid: number, gid: number): string[] {
  const list = folders.map(shellWord).join(' ');
  return [`chown -R ${uid}:${gid} ${list}`, `find ${list} -type d -exec chmod 2775 {} +`];
}
