import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { Manifest } from './types.js';

/**
 * PYENV231: a field that names a FILE (a requirements or constraints file, the conda environment
 * file, a tool lock, an output file, the compose env_file) may not name a folder: written with a trailing `/`, or
 * as `.`/`..`-only paths. `requirements.txt/` compiled and then failed in the build (COPY of a folder
 * that is a file), and `.` was reported as "does not exist" (issue 13, item 16).
 */
export function checkFileFields(manifest: Manifest, raw: Record<string, unknown>, report: (p: DiagnosticInput) => void): void {
  const written = (path: (string | number)[]) => path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), raw);
  const fields: { path: (string | number)[]; value: string | undefined; what: string }[] = [
    ...(manifest.dependencies.pip?.requirements ?? []).map((value, i) => ({ path: ['dependencies', 'pip', 'requirements', i], value, what: 'a requirements file' })),
    { path: ['dependencies', 'pip', 'constraints'], value: manifest.dependencies.pip?.constraints, what: 'a constraints file' },
    { path: ['dependencies', 'conda', 'file'], value: manifest.dependencies.conda?.file, what: 'the conda environment file' },
    { path: ['dependencies', 'poetry', 'tool_lock'], value: manifest.dependencies.poetry?.tool_lock, what: "the requirements file that locks Poetry's own dependencies" },
    { path: ['dependencies', 'pipenv', 'tool_lock'], value: manifest.dependencies.pipenv?.tool_lock, what: "the requirements file that locks Pipenv's own dependencies" },
    { path: ['output', 'dockerfile'], value: manifest.output.dockerfile, what: 'the Dockerfile to write' },
    { path: ['output', 'dockerignore'], value: manifest.output.dockerignore, what: 'the .dockerignore to write' },
    { path: ['output', 'entrypoint'], value: manifest.output.entrypoint, what: 'the entrypoint script to write' },
    { path: ['compose', 'file'], value: manifest.compose.file, what: 'the compose file to write' },
    { path: ['compose', 'env_file'], value: manifest.compose.env_file, what: 'the env file compose loads' },
  ];
  for (const field of fields) {
    if (field.value === undefined || written(field.path) === undefined) continue;
    const folder = /[/\\]$/.test(field.value) || field.value.split(/[/\\]/).every((part) => part === '.' || part === '..' || part === '');
    if (!folder) continue;
    report({
      code: 'PYENV231',
      message: `${field.path.filter((p) => typeof p === 'string').join('.')}: "${field.value}" names a folder, but this field is ${field.what}`,
      hint: /[^./\\]/.test(field.value) ? `write the file name without the trailing slash: "${field.value.replace(/[/\\]+$/, '')}"` : 'write the path of the file, relative to the manifest (for example requirements.txt)',
      path: field.path,
    });
  }
}
