import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import { normalizeRelative, relativeToContext } from './paths.js';
import { MANAGER_NAMES, type Manifest, type Origins } from './types.js';

/**
 * Cross-field checks that a JSON Schema cannot express (codes 2xx). Reads the effective manifest and
 * the user's raw mapping (to point at what the user wrote). Reports problems; never throws.
 */
export function checkSemantics(manifest: Manifest, raw: Record<string, unknown>, origins: Origins, report: (p: DiagnosticInput) => void): void {
  checkManagers(raw, report);
  checkPaths(manifest, raw, report);
  checkPorts(manifest, origins, report);
  checkJupyter(manifest, origins, report);
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

/** Every path the manifest names must stay inside the folder it is relative to. */
function checkPaths(manifest: Manifest, raw: Record<string, unknown>, report: (p: DiagnosticInput) => void): void {
  const context = normalizeRelative(manifest.project.context);
  if (context === undefined) {
    report({ code: 'PYENV201', message: `project.context "${manifest.project.context}" is outside the manifest's folder`, hint: 'use a folder at or below the folder of pyenv.yaml, such as "." ', path: ['project', 'context'] });
    return;
  }
  const insideContext = (value: string, path: (string | number)[], what: string) => {
    const normal = normalizeRelative(value);
    if (normal === undefined || relativeToContext(normal, context) === undefined) {
      report({
        code: 'PYENV201',
        message: `${what} "${value}" is outside the build context (${context === '.' ? "the manifest's folder" : context})`,
        hint: 'Docker can only copy files inside the build context: move the file into the project, or use a relative path without ".." or a leading "/"',
        path,
      });
    }
  };
  const pip = manifest.dependencies.pip;
  pip?.requirements.forEach((r, i) => insideContext(r, ['dependencies', 'pip', 'requirements', i], 'requirement file'));
  if (pip?.constraints) insideContext(pip.constraints, ['dependencies', 'pip', 'constraints'], 'constraints file');
  if (manifest.dependencies.conda) insideContext(manifest.dependencies.conda.file, ['dependencies', 'conda', 'file'], 'environment file');
  manifest.project.copy?.forEach((c, i) =>
    typeof c === 'string' ? insideContext(c, ['project', 'copy', i], 'copied path') : insideContext(c.from, ['project', 'copy', i, 'from'], 'copied path'),
  );
  insideContext(manifest.output.entrypoint, ['output', 'entrypoint'], 'the entrypoint script (it is copied into the image)');
  for (const key of ['dockerfile', 'dockerignore'] as const) {
    if (normalizeRelative(manifest.output[key]) === undefined) {
      report({ code: 'PYENV501', message: `output.${key} "${manifest.output[key]}" is outside the manifest's folder`, hint: 'write generated files at or below the folder of pyenv.yaml', path: ['output', key] });
    }
  }
  if (normalizeRelative(manifest.compose.file) === undefined) {
    report({ code: 'PYENV501', message: `compose.file "${manifest.compose.file}" is outside the manifest's folder`, hint: 'write generated files at or below the folder of pyenv.yaml', path: ['compose', 'file'] });
  }
  if (manifest.compose.env_file && normalizeRelative(manifest.compose.env_file) === undefined) {
    report({ code: 'PYENV201', message: `compose.env_file "${manifest.compose.env_file}" is outside the manifest's folder`, hint: 'keep the env file inside the project, for example .env', path: ['compose', 'env_file'] });
  }
  const rawVolumes = ((raw.compose as Record<string, unknown> | undefined)?.volumes ?? []) as unknown[];
  manifest.compose.volumes.forEach((volume, i) => {
    const host = volume.split(':')[0]!;
    if (normalizeRelative(host) === undefined) {
      report({
        code: 'PYENV204',
        message: `bind mount "${volume}" mounts "${host}", which is outside the project folder`,
        hint: 'mount a folder inside the project, for example "./notebooks:/home/app/work"',
        path: i < rawVolumes.length ? ['compose', 'volumes', i] : ['compose'],
      });
    }
  });
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
  if (auth === 'none') {
    const open = manifest.compose.publish === '0.0.0.0' || manifest.compose.publish === '::' || manifest.compose.publish === '[::]';
    report({
      code: open ? 'PYENV206' : 'PYENV207',
      severity: open ? 'error' : 'warning',
      message: open
        ? 'jupyter.auth is "none" and compose publishes on every interface: anyone on the network could run code in the container'
        : 'jupyter.auth is "none": anyone who can reach the port can run code in the container',
      hint: open ? 'use auth: token, or publish on 127.0.0.1 only' : 'keep compose.publish at 127.0.0.1, or use auth: token',
      path: ['jupyter', 'auth'],
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
