import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parse, parseDocument } from 'yaml';

/** The first (pyenvc writes exactly one) service of a compose file, with its name. */
export function firstService(doc: any): [string, any] {
  const [name, service] = Object.entries(doc.services ?? {})[0] ?? [];
  if (!name) throw new Error('compose file has no service');
  return [name, service];
}

/**
 * Creates what a compose file expects on the host before `up`: the source folders of its bind mounts
 * (create_host_path: false means compose will not create them) and its file-based secrets.
 * Returns the bind-mount sources.
 */
export function provideHostSide(dir: string, file = 'compose.yaml', owner?: { uid: number; gid: number }): string[] {
  const doc = parse(readFileSync(join(dir, file), 'utf8'));
  const [, service] = firstService(doc);
  const sources: string[] = [];
  for (const v of service.volumes ?? []) {
    if (typeof v !== 'object' || v.type !== 'bind') continue;
    const source = resolve(dir, v.source);
    mkdirSync(source, { recursive: true });
    if (owner) chownSync(source, owner.uid, owner.gid);
    sources.push(source);
  }
  for (const secret of Object.values<any>(doc.secrets ?? {})) {
    if (!secret?.file) continue;
    const path = resolve(dir, secret.file);
    mkdirSync(dirname(path), { recursive: true });
    // Only when missing: a secret the test planted (the token) must stay byte for byte.
    if (!existsSync(path)) writeFileSync(path, 'e2e-placeholder\n');
  }
  return sources;
}

/** A free TCP port on 127.0.0.1 (for compose files, whose host ports are fixed). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
}

/**
 * Writes `<dir>/<out>`: the generated compose file with only what the test environment needs changed,
 * each change listed in test/e2e/README.md:
 *  - `image:` is the image the suite built with `docker build` (compose v1 cannot pass build secrets,
 *    so `up` runs with --no-build);
 *  - each published host port is replaced by a free one (the address, 127.0.0.1, is kept);
 *  - `bind.create_host_path` is dropped when `dropCreateHostPath`: compose v1 1.29.2 rejects it
 *    (see compose.e2e.test.ts); the host folders exist anyway.
 * Returns the host port chosen for each container port.
 */
export async function writeTestCompose(dir: string, out: string, image: string, dropCreateHostPath: boolean): Promise<Map<number, number>> {
  const doc = parseDocument(readFileSync(join(dir, 'compose.yaml'), 'utf8'));
  const [name] = firstService(doc.toJS());
  doc.setIn(['services', name, 'image'], image);
  const ports = new Map<number, number>();
  const list = (doc.toJS().services[name].ports ?? []) as string[];
  const rewritten: string[] = [];
  for (const p of list) {
    const m = /^(127\.0\.0\.1):(\d+):(\d+)$/.exec(String(p));
    if (!m) throw new Error(`unexpected port mapping ${p}: pyenvc publishes on 127.0.0.1 by default`);
    const host = await freePort();
    ports.set(Number(m[3]), host);
    rewritten.push(`${m[1]}:${host}:${m[3]}`);
  }
  if (list.length) doc.setIn(['services', name, 'ports'], rewritten);
  if (dropCreateHostPath) {
    const volumes = (doc.toJS().services[name].volumes ?? []) as any[];
    volumes.forEach((v, i) => {
      if (v?.bind && 'create_host_path' in v.bind) {
        doc.deleteIn(['services', name, 'volumes', i, 'bind', 'create_host_path']);
        if (Object.keys(v.bind).length === 1) doc.deleteIn(['services', name, 'volumes', i, 'bind']);
      }
    });
  }
  writeFileSync(join(dir, out), doc.toString());
  return ports;
}
