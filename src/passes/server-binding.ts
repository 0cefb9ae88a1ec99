/**
 * What well-known Python servers listen on when the command does not say, so a command that would
 * listen on loopback only (unreachable through a published port, case C35) or on another port than
 * the one published is caught at compile time. Defaults from each server's documentation:
 * gunicorn --bind 127.0.0.1:8000 (https://docs.gunicorn.org/en/stable/settings.html#bind),
 * uvicorn --host 127.0.0.1 --port 8000 (https://www.uvicorn.org/settings/#socket-binding),
 * hypercorn --bind 127.0.0.1:8000, `flask run` --host 127.0.0.1 --port 5000
 * (https://flask.palletsprojects.com/en/stable/cli/), Django `runserver` 127.0.0.1:8000,
 * Jupyter --ip localhost --port 8888 (https://jupyter-server.readthedocs.io/en/latest/other/full-config.html).
 */
export interface ServerListen {
  server: string;
  /** The host it listens on; undefined when the command sets it in a form not understood here. */
  host?: string;
  port?: number;
  /** The flag that sets the address, for the hint. */
  flag: string;
  /** True when the host came from the server's default rather than the command. */
  defaulted: boolean;
}

interface ServerRule {
  server: string;
  matches(words: string[]): number;
  hostFlags: string[];
  portFlags: string[];
  defaultHost: string;
  defaultPort: number;
  /** `host:port` in one flag (gunicorn --bind) rather than separate flags. */
  combined?: boolean;
  flagForHint: string;
}

const program = (name: string) => (words: string[]) => words.findIndex((w) => w === name || w.endsWith(`/${name}`));
const subcommand = (name: string, sub: string[]) => (words: string[]) => {
  const i = program(name)(words);
  return i >= 0 && sub.includes(words[i + 1] ?? '') ? i : -1;
};

const RULES: ServerRule[] = [
  { server: 'gunicorn', matches: program('gunicorn'), hostFlags: ['-b', '--bind'], portFlags: [], defaultHost: '127.0.0.1', defaultPort: 8000, combined: true, flagForHint: '--bind 0.0.0.0:PORT' },
  { server: 'hypercorn', matches: program('hypercorn'), hostFlags: ['-b', '--bind'], portFlags: [], defaultHost: '127.0.0.1', defaultPort: 8000, combined: true, flagForHint: '--bind 0.0.0.0:PORT' },
  { server: 'uvicorn', matches: program('uvicorn'), hostFlags: ['--host'], portFlags: ['--port'], defaultHost: '127.0.0.1', defaultPort: 8000, flagForHint: '--host 0.0.0.0 --port PORT' },
  { server: 'flask run', matches: subcommand('flask', ['run']), hostFlags: ['-h', '--host'], portFlags: ['-p', '--port'], defaultHost: '127.0.0.1', defaultPort: 5000, flagForHint: '--host 0.0.0.0 --port PORT' },
  { server: 'jupyter', matches: subcommand('jupyter', ['lab', 'notebook', 'server']), hostFlags: ['--ip', '--ServerApp.ip', '--NotebookApp.ip'], portFlags: ['--port', '--ServerApp.port', '--NotebookApp.port'], defaultHost: 'localhost', defaultPort: 8888, flagForHint: '--ip=0.0.0.0 --port=PORT' },
];

/** The value of `--flag value` or `--flag=value` in `words`, for any of `flags`. */
function flagValue(words: string[], flags: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const flag of flags) {
      if (words[i] === flag) return words[i + 1];
      if (words[i]!.startsWith(`${flag}=`)) return words[i]!.slice(flag.length + 1);
    }
  }
  return undefined;
}

/** Where the server the command starts will listen, or undefined when it is not a known server. */
export function serverListen(words: string[]): ServerListen | undefined {
  const manage = words.findIndex((w) => /(^|\/)manage\.py$/.test(w));
  if (manage >= 0 && words[manage + 1] === 'runserver') {
    const addr = words.slice(manage + 2).find((w) => !w.startsWith('-'));
    const [host, port] = addr ? (addr.includes(':') ? [addr.slice(0, addr.lastIndexOf(':')), addr.slice(addr.lastIndexOf(':') + 1)] : [undefined, addr]) : [undefined, undefined];
    return { server: 'manage.py runserver', host: host ?? '127.0.0.1', port: Number(port ?? 8000), flag: 'runserver 0.0.0.0:PORT', defaulted: host === undefined };
  }
  for (const rule of RULES) {
    if (rule.matches(words) < 0) continue;
    const hostValue = flagValue(words, rule.hostFlags);
    if (rule.combined) {
      if (hostValue === undefined) return { server: rule.server, host: rule.defaultHost, port: rule.defaultPort, flag: rule.flagForHint, defaulted: true };
      const colon = hostValue.lastIndexOf(':');
      if (hostValue.startsWith('unix:') || colon < 0) return { server: rule.server, flag: rule.flagForHint, defaulted: false };
      return { server: rule.server, host: hostValue.slice(0, colon), port: Number(hostValue.slice(colon + 1)), flag: rule.flagForHint, defaulted: false };
    }
    const portValue = flagValue(words, rule.portFlags);
    return { server: rule.server, host: hostValue ?? rule.defaultHost, port: Number(portValue ?? rule.defaultPort), flag: rule.flagForHint, defaulted: hostValue === undefined };
  }
  return undefined;
}

/** Loopback names a server may be told to listen on. */
export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/.test(host);
}
