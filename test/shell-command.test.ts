// run.command strings run as /bin/sh -c "exec …" (case C16). A string that starts with NAME=value
// assignments (issue 13, item 12: `GREETING=hi python main.py` exited 127 with `exec: GREETING=hi:
// not found`) goes through env(1) instead; checked by running the generated CMD with this machine's sh.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { readWithProgram } from './helpers/fixtures.js';

const cmdOf = (command: string) => {
  const r = compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\npreset: worker\nrun:\n  command: ${JSON.stringify(command)}\n`, readFile: readWithProgram() });
  expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
  return r.plan!.entrypoint.command;
};
/** Runs the CMD the way the container would (sh -c, then the program), with a clean environment. */
const runCmd = (cmd: string[]) => spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', env: { PATH: process.env.PATH } });

describe('run.command strings with leading assignments', () => {
  it('GREETING=hi <program> sets the variable for the program, which replaces the shell', () => {
    const cmd = cmdOf('GREETING=hi A="two words" sh -c \'echo "$GREETING|$A|$$"\'');
    expect(cmd).toEqual(['/bin/sh', '-c', 'exec env GREETING=hi A="two words" sh -c \'echo "$GREETING|$A|$$"\'']);
    const r = runCmd(cmd);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^hi\|two words\|\d+$/);
  });

  it('without the env prefix the same string would fail with 127 (the bug this fixes)', () => {
    const r = runCmd(['/bin/sh', '-c', 'exec GREETING=hi true']);
    expect(r.status).toBe(127);
  });

  it('ordinary strings keep `exec <string>`; a = inside an argument is not an assignment', () => {
    expect(cmdOf('python main.py --level=debug')).toEqual(['/bin/sh', '-c', 'exec python main.py --level=debug']);
  });
});
