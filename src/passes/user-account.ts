import { DEBIAN_SYSTEM_GROUPS, DEBIAN_SYSTEM_USERS, PRIVILEGED_DEBIAN_GROUPS } from '../catalog/debian-accounts.js';
import type { OsFamily } from '../plan/types.js';
import type { PassContext } from './context.js';

/** The app account: name, numeric ids and HOME (an absolute path). */
export interface UserAccount {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/**
 * The shell command (for `/bin/sh -c`, joined by ` \` + newline) that gives the image an account
 * `name` with exactly `uid`:`gid` and HOME, whatever the base image already has:
 * - gid taken (Debian's dialout 20, users 100, nogroup 65534; ubuntu:24.04's `ubuntu` 1000): the group
 *   is reused by number (`getent group N`), because the user needs the number, not the name; a plain
 *   `groupadd --gid N` would exit 4 ("GID already exists", shadow-utils groupadd(8) EXIT VALUES).
 * - uid taken (ubuntu:24.04 and nvidia/cuda:*-ubuntu24.04 ship user `ubuntu` with uid 1000): that
 *   account is renamed and given the HOME, primary group and nologin shell (`usermod --login`,
 *   usermod(8)); `--groups ''` drops its supplementary groups. The old HOME is not moved: it may be a
 *   system folder (www-data's /var/www). useradd would exit 4 ("UID already in use", useradd(8)).
 * - Alpine (busybox addgroup/adduser have no usermod): a taken gid is reused by name lookup, a taken
 *   uid stops the build with a message naming the account.
 * A clash of names (user.name already used with another number) fails in groupadd/useradd/usermod,
 * whose messages name it. Never throws.
 */
export function createAccountCommand(family: OsFamily, account: UserAccount): string {
  const { name, uid, gid, home } = account;
  if (family === 'alpine') {
    return [
      `pyenvc_group=$(getent group ${gid} | cut -d: -f1)`,
      `if [ -z "$pyenvc_group" ]; then addgroup -S -g ${gid} ${name} && pyenvc_group=${name}; fi`,
      `if getent passwd ${uid} >/dev/null; then echo "pyenvc: uid ${uid} already belongs to $(getent passwd ${uid} | cut -d: -f1) in the base image; choose another user.uid" >&2; exit 1; fi`,
      `adduser -S -D -u ${uid} -G "$pyenvc_group" -h ${home} -s /sbin/nologin ${name}`,
    ].join(' \\\n    && ');
  }
  return [
    `if ! getent group ${gid} >/dev/null; then groupadd --gid ${gid} ${name}; fi`,
    `pyenvc_user=$(getent passwd ${uid} | cut -d: -f1)`,
    `if [ -z "$pyenvc_user" ]; then useradd --no-log-init --uid ${uid} --gid ${gid} --home-dir ${home} --create-home --shell /usr/sbin/nologin ${name}; ` +
      `else usermod --login ${name} --gid ${gid} --groups '' --home ${home} --shell /usr/sbin/nologin "$pyenvc_user" && mkdir -p ${home} && chown ${uid}:${gid} ${home}; fi`,
  ].join(' \\\n    && ');
}

/**
 * Compile-time checks of user.uid and user.gid against the accounts every Debian base image has
 * (src/catalog/debian-accounts.ts): PYENV234 (error) for a privileged group, PYENV232 (warning) for a
 * system user that the build takes over, PYENV233 (note) for a group joined by number. Other bases
 * (ubuntu's uid 1000) are only known at build time, where createAccountCommand handles them.
 */
export function checkAccountIds(ctx: PassContext, family: OsFamily, account: UserAccount): void {
  if (family !== 'debian') return;
  const { uid, gid, name } = account;
  const privileged = PRIVILEGED_DEBIAN_GROUPS[gid];
  const group = DEBIAN_SYSTEM_GROUPS[gid];
  if (privileged) {
    ctx.report({
      code: 'PYENV234',
      message: `user.gid ${gid} is Debian's "${group}" group, which ${privileged}: the app user must not be a member`,
      hint: 'choose another gid: your host gid (`id -g`), 100 (users) or 1000',
      path: ['user', 'gid'],
    });
  } else if (group) {
    ctx.report({
      code: 'PYENV233',
      severity: 'note',
      message: `user.gid ${gid} is Debian's "${group}" group: the image reuses it by number (files get group "${group}" inside the container), no group "${name}" is created`,
      hint: 'nothing to do if this is your host gid (macOS: 20); otherwise choose a gid of 1000 or more',
      path: ['user', 'gid'],
    });
  }
  const user = DEBIAN_SYSTEM_USERS[uid];
  if (user) {
    ctx.report({
      code: 'PYENV232',
      severity: 'warning',
      message: `user.uid ${uid} is Debian's system user "${user}": the image renames that account to "${name}", and whatever "${user}" owns in the image becomes the app's`,
      hint: 'choose a uid of 1000 or more (your host uid: `id -u`)',
      path: ['user', 'uid'],
    });
  }
}
