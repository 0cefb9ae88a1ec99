import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { CheckProjectPath } from '../passes/context.js';
import { checkPaths } from './semantic-paths.js';
import { checkFileFields } from './semantic-file-fields.js';
import { checkToolLockField } from './semantic-tool-lock.js';
import { checkSystemFolders } from './semantic-system-folders.js';
import { checkWritable } from './semantic-writable.js';
import { MANAGER_NAMES, type Manifest, type Origins } from './types.js';

/**
 * Cross-field checks that a JSON Schema cannot express (codes 2xx). Reads the effective manifest and
 * the user's raw mapping (to point at what the user wrote); `checkPath` says which existing paths
 * leave the project through a symbolic link. Reports problems; never throws.
 */
export function checkSemantics(manifest: Manifest, raw: Record<string, unknown>, origins: Origins, report: (p: DiagnosticInput) => void, checkPath: CheckProjectPath = () => undefined): void {
  checkManagers(raw, report);
  checkPaths(manifest, raw, report, checkPath);
  checkPorts(manifest, origins, report);
  checkJupyter(manifest, origins, report);
  checkReservedEnv(manifest, report);
  checkBaseImage(manifest, report);
  checkSystemFolders(manifest, raw, report);
  checkFileFields(manifest, raw, report);
  checkToolLockField(manifest, report);
  checkWritable(manifest, report);
}

/** An address only this machine can reach: 127.0.0.0/8 or ::1 (https://docs.docker.com/engine/network/packet-filtering-firewalls/). */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || /^\[?::1\]?$/.test(address);
}

/**
 * An image without tag or digest is `:latest`, which moves under you: two builds of the same
 * manifest get different bases (https://docs.docker.com/reference/dockerfile/#from).
 */
function checkBaseImage(manifest: Manifest, report: (p: DiagnosticInput) => void): void {
  const image = manifest.base.image;
  if (!image || manifest.base.digest || image.includes('@')) return;
  const last = image.slice(image.lastIndexOf('/') + 1);
  if (last.includes(':')) return;
  report({
    code: 'PYENV211',
    severity: 'warning',
    message: `base.image "${image}" has no tag or digest, so it means ${image}:latest, which changes under you`,
    hint: 'pin a tag such as python:3.12-slim, or set base.digest for a reproducible build',
    path: ['base', 'image'],
  });
}

function checkManagers(raw: Record<string, unknown>, report: (p: DiagnosticInput) => void): void {
  const dependencies = (raw.dependencies ?? {}) as Record<string, unknown>;
  const chosen = MANAGER_NAMES.filter((m) => m in dependencies);
  if (chosen.length > 1) {
    report({
      code: 'PYENV203',
      message: `dependencies names ${chosen.length} managers (${chosen.join(', ')}); a project uses exactly one`,
      hint: `keep the one that owns your lockfile and remove ${chosen.slice(1).map((m) => `dependencies.${m}`).join(', ')}`,
      path: ['dependencies', chosen[1]!],
      key: true,
    });
  }
}

/**
 * The image always runs as a non-root user, and binding a port below 1024 needs root or
 * CAP_NET_BIND_SERVICE (https://docs.docker.com/engine/security/#linux-kernel-capabilities).
 */
function checkPorts(manifest: Manifest, origins: Origins, report: (p: DiagnosticInput) => void): void {
  manifest.run.ports.forEach((port, i) => {
    if (port < 1024) {
      report({
        code: 'PYENV202',
        message: `port ${port} is privileged (< 1024) and the container runs as the non-root user "${manifest.user.name}"`,
        hint: `listen on a port from 1024 up (for example ${port === 80 ? 8080 : port === 443 ? 8443 : 8000 + (port % 1000)}) and publish it wherever you like on the host`,
        path: origins['run.ports']?.kind === 'manifest' ? ['run', 'ports', i] : ['preset'],
      });
    }
  });
  if (manifest.preset === 'jupyter' && manifest.jupyter.port < 1024) {
    report({ code: 'PYENV202', message: `jupyter.port ${manifest.jupyter.port} is privileged (< 1024) and the container runs as a non-root user`, hint: 'use 8888 or another port from 1024 up', path: ['jupyter', 'port'] });
  }
}

function checkJupyter(manifest: Manifest, origins: Origins, report: (p: DiagnosticInput) => void): void {
  if (manifest.preset !== 'jupyter') return;
  const auth = manifest.jupyter.auth;
  const publish = manifest.compose.publish;
  if (auth === 'none') {
    const open = !isLoopback(publish);
    report({
      code: open ? 'PYENV206' : 'PYENV207',
      severity: open ? 'error' : 'warning',
      message: open
        ? `jupyter.auth is "none" and compose publishes on ${publish}, so anyone who can reach this machine could run code in the container`
        : 'jupyter.auth is "none": anyone who can reach the port can run code in the container',
      hint: open ? 'use auth: token, or set compose.publish to 127.0.0.1' : 'keep compose.publish at 127.0.0.1, or use auth: token',
      path: ['jupyter', 'auth'],
    });
  } else if (!isLoopback(publish) && origins['compose.publish']?.kind === 'manifest') {
    report({
      code: 'PYENV208',
      severity: 'warning',
      message: `compose.publish ${publish} makes the Jupyter server reachable from other machines, with only its ${auth} between them and your files`,
      hint: 'publish on 127.0.0.1 unless other machines must connect (reach a remote server through an SSH tunnel instead)',
      path: ['compose', 'publish'],
    });
  }
  // C08: the folder the server shows must be the folder compose mounts.
  const root = manifest.jupyter.root_dir.replace(/\/+$/, '');
  const targets = manifest.compose.volumes.map((v) => v.split(':')[1]!.replace(/\/+$/, ''));
  if (origins['compose.volumes']?.kind === 'manifest' && targets.length > 0 && !targets.includes(root)) {
    const index = targets.findIndex((t) => t.split('/').slice(0, -1).join('/') === root.split('/').slice(0, -1).join('/'));
    report({
      code: 'PYENV205',
      severity: 'warning',
      message: `no bind mount targets jupyter.root_dir (${root}), so the mounted files will not show in Jupyter's file browser`,
      hint: index >= 0 ? `change "${manifest.compose.volumes[index]}" to mount at ${root}, or set jupyter.root_dir to ${targets[index]}` : `add "./notebooks:${root}" to compose.volumes`,
      path: index >= 0 ? ['compose', 'volumes', index] : ['compose', 'volumes'],
    });
  }
}

/**
 * Variables the generated image depends on: PATH puts the environment's bin first (an ENV value is
 * taken literally, so "$PATH" in it would not expand and the build's own steps would lose /usr/bin),
 * VIRTUAL_ENV and CONDA_PREFIX name the environment.
 */
const RESERVED_ENV: Record<string, string> = {
  PATH: "PATH is set by pyenvc so the environment's bin comes first",
  VIRTUAL_ENV: 'VIRTUAL_ENV names the environment pyenvc builds',
  CONDA_PREFIX: 'CONDA_PREFIX names the conda environment pyenvc builds',
};

function checkReservedEnv(manifest: Manifest, report: (p: DiagnosticInput) => void): void {
  for (const key of Object.keys(manifest.env)) {
    const why = RESERVED_ENV[key];
    if (!why) continue;
    report({
      code: 'PYENV210',
      message: `env.${key} cannot be set in the manifest: ${why}`,
      hint: key === 'PATH' ? 'install tools into the environment (they land on PATH), or call them by absolute path; remove env.PATH' : `remove env.${key}`,
      path: ['env', key],
      key: true,
    });
  }
}
