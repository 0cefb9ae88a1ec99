/**
 * The accounts Debian's base-passwd package puts into every Debian image (and, with the same numbers,
 * into Ubuntu's): /usr/share/base-passwd/passwd.master and group.master, documented in
 * /usr/share/doc/base-passwd/users-and-groups.txt (https://salsa.debian.org/debian/base-passwd).
 * Read from base-passwd 3.6.1 in debian:bookworm-slim's /etc/passwd and /etc/group on 2026-12-03.
 * The user-creation step reuses these by number at build time (see src/passes/user-account.ts); the
 * tables only name them in diagnostics.
 */

/** Static system users (uid → name): a manifest uid equal to one takes that account over. */
export const DEBIAN_SYSTEM_USERS: Readonly<Record<number, string>> = {
  1: 'daemon', 2: 'bin', 3: 'sys', 4: 'sync', 5: 'games', 6: 'man', 7: 'lp', 8: 'mail', 9: 'news', 10: 'uucp',
  13: 'proxy', 33: 'www-data', 34: 'backup', 38: 'list', 39: 'irc', 42: '_apt', 65534: 'nobody',
};

/** Static groups (gid → name): a manifest gid equal to one is joined by number, no group is created. */
export const DEBIAN_SYSTEM_GROUPS: Readonly<Record<number, string>> = {
  1: 'daemon', 2: 'bin', 3: 'sys', 4: 'adm', 5: 'tty', 6: 'disk', 7: 'lp', 8: 'mail', 9: 'news', 10: 'uucp',
  12: 'man', 13: 'proxy', 15: 'kmem', 20: 'dialout', 21: 'fax', 22: 'voice', 24: 'cdrom', 25: 'floppy',
  26: 'tape', 27: 'sudo', 29: 'audio', 30: 'dip', 33: 'www-data', 34: 'backup', 37: 'operator', 38: 'list',
  39: 'irc', 40: 'src', 42: 'shadow', 43: 'utmp', 44: 'video', 45: 'sasl', 46: 'plugdev', 50: 'staff',
  60: 'games', 100: 'users', 65534: 'nogroup',
};

/**
 * Groups whose members can read or change what the app user must not (users-and-groups.txt): joining
 * one as the primary group is refused. adm reads system logs, disk and kmem give raw disk and memory
 * access, shadow reads /etc/shadow, sudo is for administrators, staff may write to /usr/local.
 */
export const PRIVILEGED_DEBIAN_GROUPS: Readonly<Record<number, string>> = {
  4: 'reads the system logs',
  6: 'gives raw access to disk devices',
  15: 'gives access to kernel memory devices',
  27: 'is the administrators\' group (sudo)',
  42: 'reads /etc/shadow',
  50: 'may write to /usr/local',
};
