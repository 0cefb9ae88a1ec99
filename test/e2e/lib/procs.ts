/** Process-tree facts read from /proc inside a container, and the rules the generated images must meet. */

export interface Proc {
  pid: number;
  ppid: number;
  /** real, effective, saved and filesystem uid */
  uids: number[];
  gids: number[];
  argv: string[];
}

/** A Python program that lists the container's processes from /proc (the slim image has no ps). */
export const LIST_PROCESSES = [
  'import json, os',
  'me = os.getpid()',
  'out = []',
  'for p in sorted(int(d) for d in os.listdir("/proc") if d.isdigit()):',
  '    try:',
  '        st = dict(l.split(":", 1) for l in open(f"/proc/{p}/status").read().splitlines() if ":" in l)',
  '        argv = [a.decode() for a in open(f"/proc/{p}/cmdline", "rb").read().split(b"\\0") if a]',
  '    except OSError:',
  '        continue',
  '    out.append({"pid": p, "ppid": int(st["PPid"]), "uids": [int(x) for x in st["Uid"].split()], "gids": [int(x) for x in st["Gid"].split()], "argv": argv, "self": p == me})',
  'print(json.dumps(out))',
].join('\n');

/**
 * Problems with a container's process tree: the init must be PID 1 (`init`: the image's ENTRYPOINT[0];
 * without it, tini or dumb-init), the entrypoint must have exec'd, every uid/gid as expected.
 */
export function processProblems(procs: Proc[], uid: number, gid: number, init?: string): string[] {
  const problems: string[] = [];
  const first = procs.find((p) => p.pid === 1);
  if (!first) return ['no PID 1 in the container'];
  const argv0 = first.argv[0] ?? '';
  if (init !== undefined ? argv0 !== init : !/(^|\/)(tini|dumb-init)$/.test(argv0)) problems.push(`PID 1 is ${JSON.stringify(first.argv)}, not ${init ?? 'tini or dumb-init'}`);
  const children = procs.filter((p) => p.ppid === 1);
  if (children.length === 0) problems.push('PID 1 has no child: the command is not running');
  for (const p of procs) {
    if (p.uids.some((u) => u !== uid)) problems.push(`pid ${p.pid} ${p.argv.join(' ')} runs as uid ${p.uids.join('/')}, expected ${uid}`);
    if (p.gids.some((g) => g !== gid)) problems.push(`pid ${p.pid} ${p.argv.join(' ')} runs as gid ${p.gids.join('/')}, expected ${gid}`);
    if (p.pid !== 1 && p.argv.some((a) => a.endsWith('docker-entrypoint.sh'))) {
      problems.push(`pid ${p.pid} is still the entrypoint script (${p.argv.join(' ')}): it must exec the command`);
    }
  }
  return problems;
}

