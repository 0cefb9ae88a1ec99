/** What an HTTP request returned. */
export interface HttpResult {
  status: number;
  location: string | null;
  body: string;
  setCookies: string[];
}

/**
 * One HTTP request to a port published on 127.0.0.1 (the only way tests reach containers), without
 * following redirects, with a bounded timeout.
 */
export async function request(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: init.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text(), setCookies: res.headers.getSetCookie() };
}

/** A minimal cookie jar for one host: name=value pairs from Set-Cookie, sent back as one Cookie header. */
export class CookieJar {
  private cookies = new Map<string, string>();

  take(setCookies: string[]): void {
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  header(): Record<string, string> {
    return this.cookies.size ? { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
}
