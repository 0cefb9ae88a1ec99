/**
 * Folders a container must be able to write to when its root filesystem is read-only
 * (Kubernetes `readOnlyRootFilesystem: true`): each becomes an emptyDir volume in the pod. A folder is
 * named either by the runtime environment variable that points at it (its value in the image's ENV is
 * used, so a manifest `env` override moves the mount too) or by a fixed path. Checked 2026-12-03.
 */
export interface WritableFolder {
  /** Runtime ENV variable whose value is the folder, or undefined when `path` is fixed. */
  variable?: string;
  /** Fixed absolute path, or a path below HOME when it starts with `~/`. */
  path?: string;
  /** Only for the jupyter preset. */
  jupyterOnly?: boolean;
  /** Who writes there, and the upstream source. */
  why: string;
}

export const WRITABLE_FOLDERS: readonly WritableFolder[] = [
  { path: '/tmp', why: "tempfile.gettempdir() (https://docs.python.org/3/library/tempfile.html#tempfile.gettempdir), gunicorn's worker heartbeat files (worker_tmp_dir: https://docs.gunicorn.org/en/stable/settings.html#worker-tmp-dir), the entrypoint's Jupyter auth config (mktemp -d)" },
  { variable: 'XDG_CACHE_HOME', why: 'pip, torch hub, Hugging Face and other caches (https://specifications.freedesktop.org/basedir-spec/latest/); the entrypoint creates it' },
  { variable: 'XDG_CONFIG_HOME', why: 'per-user configuration (XDG base directory spec); the entrypoint creates it' },
  { variable: 'MPLCONFIGDIR', why: 'matplotlib config and font cache (https://matplotlib.org/stable/install/environment_variables_faq.html#envvar-MPLCONFIGDIR)' },
  { variable: 'JUPYTER_DATA_DIR', jupyterOnly: true, why: 'Jupyter data and the runtime folder below it: kernel connection files, server info (https://docs.jupyter.org/en/latest/use/jupyter-directories.html)' },
  { variable: 'JUPYTER_CONFIG_DIR', jupyterOnly: true, why: 'Jupyter user config, lab workspaces and settings (https://docs.jupyter.org/en/latest/use/jupyter-directories.html)' },
  { path: '~/.ipython', jupyterOnly: true, why: "IPython kernel profile and history.sqlite (IPYTHONDIR default: https://ipython.readthedocs.io/en/stable/config/intro.html#the-ipython-directory)" },
];
