import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** A diagnostic as the Language Server Protocol publishes it (0-based line and character). */
export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
}

/**
 * A minimal Language Server Protocol client for yaml-language-server over stdio (JSON-RPC with
 * `Content-Length` framing: https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#baseProtocol),
 * as an editor drives it. It answers the server's `workspace/configuration` requests with `settings`
 * (https://github.com/redhat-developer/yaml-language-server#language-server-settings) and collects
 * `textDocument/publishDiagnostics`. One instance per test file; `close()` ends the process.
 */
export class YamlLanguageClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly diagnostics = new Map<string, { version: number | undefined; items: LspDiagnostic[] }>();
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly settings: Record<string, unknown>) {
    const require = createRequire(import.meta.url);
    const server = require.resolve('yaml-language-server/bin/yaml-language-server');
    this.child = spawn(process.execPath, [server, '--stdio'], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.resume();
  }

  /** initialize + initialized + the settings, as VS Code's YAML extension sends them. */
  async start(rootFolder: string): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootFolder).href,
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { versionSupport: true },
        },
      },
    });
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: this.settings });
  }

  /** Opens (or replaces) a document and waits for the diagnostics the server publishes for that version. */
  async open(path: string, text: string, version = 1): Promise<LspDiagnostic[]> {
    const uri = pathToFileURL(path).href;
    this.diagnostics.delete(uri);
    if (version === 1) this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    else this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const got = this.diagnostics.get(uri);
      if (got && (got.version === undefined || got.version === version)) return got.items;
      if (Date.now() > deadline) throw new Error(`yaml-language-server published no diagnostics for ${path}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  completion(path: string, line: number, character: number): Promise<{ items: { label: string; insertText?: string; textEdit?: { newText: string }; documentation?: unknown }[] }> {
    return this.request('textDocument/completion', { textDocument: { uri: pathToFileURL(path).href }, position: { line, character } }) as never;
  }

  hover(path: string, line: number, character: number): Promise<{ contents: { kind: string; value: string } } | null> {
    return this.request('textDocument/hover', { textDocument: { uri: pathToFileURL(path).href }, position: { line, character } }) as never;
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } finally {
      this.child.kill();
    }
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as { id?: number; method?: string; params?: unknown; result?: unknown };
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: { id?: number; method?: string; params?: unknown; result?: unknown }): void {
    if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params as { uri: string; version?: number; diagnostics: LspDiagnostic[] };
      this.diagnostics.set(params.uri, { version: params.version, items: params.diagnostics });
      this.waiters.splice(0).forEach((w) => w());
    } else if (message.method === 'workspace/configuration') {
      const items = (message.params as { items: { section?: string }[] }).items;
      this.send({ jsonrpc: '2.0', id: message.id, result: items.map((i) => (i.section ? this.settings[i.section] ?? null : this.settings)) });
    } else if (message.method !== undefined && message.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: message.id, result: null }); // client/registerCapability and the like
    } else if (message.id !== undefined) {
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    }
  }
}
