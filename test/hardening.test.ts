import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { artifactsOf, compileFolder, FIXTURES } from './helpers/fixtures.js';

/** compose.hardening turns each part of the lock-down off alone (issue 13 item 8); project.writable gets named volumes. */
describe('compose hardening', () => {
  const service = (edit: (t: string) => string) => {
    const compose = parse(artifactsOf(compileFolder(join(FIXTURES, 'writable-folders'), 'pyenv.yaml', edit))['compose.yaml']!);
    return { compose, service: Object.values(compose.services)[0] as Record<string, unknown> };
  };

  it('is on by default: read-only root with tmpfs and a named volume per writable folder, no capabilities, no new privileges, on-failure:5', () => {
    const { compose, service: s } = service((t) => t);
    expect(s.read_only).toBe(true);
    expect(s.cap_drop).toEqual(['ALL']);
    expect(s.security_opt).toEqual(['no-new-privileges:true']);
    expect(s.restart).toBe('on-failure:5');
    expect(s.volumes).toEqual([
      { type: 'volume', source: 'app-data', target: '/app/data' },
      { type: 'volume', source: 'app-media-uploads', target: '/app/media/uploads' },
    ]);
    expect(compose.volumes).toEqual({ 'app-data': {}, 'app-media-uploads': {} });
  });

  for (const [key, gone] of [['read_only', ['read_only', 'tmpfs', 'volumes']], ['cap_drop', ['cap_drop']], ['no_new_privileges', ['security_opt']]] as const) {
    it(`compose.hardening.${key}: false removes only ${gone.join(', ')}`, () => {
      const { compose, service: s } = service((t) => `${t}  hardening: { ${key}: false }\n`);
      for (const k of ['read_only', 'tmpfs', 'cap_drop', 'security_opt', 'volumes']) expect(k in s, k).toBe(!(gone as readonly string[]).includes(k));
      expect('volumes' in compose).toBe(key !== 'read_only');
    });
  }

  it('a bind mount over a writable folder replaces its named volume', () => {
    const { service: s } = service((t) => `${t}  volumes: ["./media/uploads:/app/media/uploads"]\n`);
    expect((s.volumes as { type: string; target: string }[]).map((v) => `${v.type} ${v.target}`)).toEqual(['bind /app/media/uploads', 'volume /app/data']);
  });
});
