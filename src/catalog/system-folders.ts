/**
 * Folders of the image that the app user must never own or have mounted over (issue 13, item 4): a
 * workdir, Jupyter root_dir or compose volume target here would be chowned to the app user or hide
 * what the image needs, and an app user that owns /etc can rewrite /etc/passwd and become root.
 * `tree` entries are refused with everything below them; `exact` entries are folders the Debian base
 * image already has (chowning them changes the base image's ownership), while their subfolders are
 * fine (/srv/api, /opt/app, /home/app/work). Checked 2026-12-02 against the Debian bookworm
 * filesystem layout (FHS 3.0, https://refspecs.linuxfoundation.org/FHS_3.0/fhs/index.html) and the
 * paths pyenvc itself uses (/opt/venv, /opt/conda, /usr/local/bin/docker-entrypoint.sh, /run/secrets).
 */
export const SYSTEM_FOLDERS: { tree: readonly string[]; exact: readonly string[] } = {
  tree: ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt/venv', '/opt/conda', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var'],
  exact: ['/', '/home', '/opt', '/srv', '/mnt', '/media', '/tmp'],
};

/** The system folder that `path` (absolute, normalised) is or lies in, or undefined when it is safe. */
export function systemFolderOf(path: string): string | undefined {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (SYSTEM_FOLDERS.exact.includes(p)) return p;
  return SYSTEM_FOLDERS.tree.find((t) => p === t || p.startsWith(`${t}/`));
}
