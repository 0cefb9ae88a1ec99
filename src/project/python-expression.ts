/**
 * A reader for the small part of Python expressions that settings files use to name folders and read
 * the environment: names, dotted attributes, calls with keyword arguments, `[...]` subscripts, string
 * and number literals, lists, tuples, dicts, `*name` in a list, and the `/ - +` operators. It reads
 * TEXT only; nothing is evaluated by Python (architecture rule 2). Anything else (f-strings,
 * comprehensions, lambdas, other operators) makes the reader give up on that expression, which callers
 * treat as "unknown".
 */
export type Expression =
  | { t: 'name'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'attr'; obj: Expression; name: string }
  | { t: 'call'; fn: Expression; args: Expression[]; kwargs: Record<string, Expression> }
  | { t: 'index'; obj: Expression; index: Expression }
  | { t: 'bin'; op: '/' | '-' | '+'; l: Expression; r: Expression }
  | { t: 'list'; items: Expression[] }
  | { t: 'dict'; entries: [Expression, Expression][] }
  | { t: 'star'; v: Expression }
  | { t: 'const'; v: 'None' | 'True' | 'False' };

interface Token {
  kind: 'name' | 'str' | 'num' | 'op';
  v: string;
  end: number;
}

/** Parses the expression that starts at `start` in `text` (whitespace and line breaks inside brackets allowed); undefined when it is not one this reader knows. */
export function parseExpression(text: string, start = 0): { expression: Expression; end: number } | undefined {
  const parser = new Parser(text, start);
  try {
    const expression = parser.expression();
    return { expression, end: parser.position };
  } catch {
    return undefined;
  }
}

/** The dotted name of a name or attribute chain (`os.environ.get`), else undefined. */
export function dotted(e: Expression): string | undefined {
  if (e.t === 'name') return e.v;
  if (e.t === 'attr') {
    const left = dotted(e.obj);
    return left === undefined ? undefined : `${left}.${e.name}`;
  }
  return undefined;
}

class Parser {
  private peeked: Token | undefined;
  private depth = 0;

  constructor(
    private readonly text: string,
    public position: number,
  ) {}

  expression(): Expression {
    let left = this.postfix();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op' || !['/', '-', '+'].includes(t.v)) return left;
      this.take();
      left = { t: 'bin', op: t.v as '/' | '-' | '+', l: left, r: this.postfix() };
    }
  }

  private postfix(): Expression {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op') return e;
      if (t.v === '.') {
        this.take();
        const name = this.take();
        if (name.kind !== 'name') throw new Error('attribute');
        e = { t: 'attr', obj: e, name: name.v };
      } else if (t.v === '(') {
        this.take();
        const args: Expression[] = [];
        const kwargs: Record<string, Expression> = {};
        this.items(')', () => {
          const first = this.peek();
          if (first?.kind === 'name' && this.after(first) === '=') {
            this.take();
            this.take();
            kwargs[first.v] = this.expression();
          } else args.push(this.item());
        });
        e = { t: 'call', fn: e, args, kwargs };
      } else if (t.v === '[') {
        this.take();
        const index = this.expression();
        this.expect(']');
        e = { t: 'index', obj: e, index };
      } else return e;
    }
  }

  private primary(): Expression {
    if (++this.depth > 32) throw new Error('too deep');
    try {
      return this.atom();
    } finally {
      this.depth--;
    }
  }

  private atom(): Expression {
    const t = this.take();
    if (t.kind === 'str') return { t: 'str', v: t.v };
    if (t.kind === 'num') return { t: 'num', v: Number(t.v) };
    if (t.kind === 'name') return t.v === 'None' || t.v === 'True' || t.v === 'False' ? { t: 'const', v: t.v } : { t: 'name', v: t.v };
    if (t.v === '(' || t.v === '[') {
      const items: Expression[] = [];
      this.items(t.v === '(' ? ')' : ']', () => items.push(this.item()));
      return t.v === '(' && items.length === 1 ? items[0]! : { t: 'list', items };
    }
    if (t.v === '{') {
      const entries: [Expression, Expression][] = [];
      this.items('}', () => {
        const key = this.expression();
        this.expect(':');
        entries.push([key, this.expression()]);
      });
      return { t: 'dict', entries };
    }
    throw new Error(`unexpected ${t.v}`);
  }

  private item(): Expression {
    const t = this.peek();
    if (t?.kind === 'op' && t.v === '*') {
      this.take();
      return { t: 'star', v: this.expression() };
    }
    return this.expression();
  }

  /** Comma-separated items up to `close`; a trailing comma is allowed. */
  private items(close: string, each: () => void): void {
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && t.v === close) {
        this.take();
        return;
      }
      each();
      const sep = this.take();
      if (sep.kind === 'op' && sep.v === close) return;
      if (sep.kind !== 'op' || sep.v !== ',') throw new Error('separator');
    }
  }

  private expect(op: string): void {
    const t = this.take();
    if (t.kind !== 'op' || t.v !== op) throw new Error(`expected ${op}`);
  }

  /** The operator right after a token (to tell `name=value` keyword arguments from `name == x`). */
  private after(token: Token): string {
    const m = /^\s*(==|=)/.exec(this.text.slice(token.end));
    return m?.[1] ?? '';
  }

  private peek(): Token | undefined {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  private take(): Token {
    const t = this.peek();
    if (!t) throw new Error('end');
    this.peeked = undefined;
    this.position = t.end;
    return t;
  }

  private scan(): Token | undefined {
    const rest = this.text.slice(this.position);
    const space = /^(?:[ \t\r\n]|\\\n)*/.exec(rest)![0].length;
    const at = this.position + space;
    const s = this.text.slice(at);
    let m: RegExpExecArray | null;
    if ((m = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(s))) {
      if (/[fF]/.test(m[1]!)) return undefined;
      const quote = m[2]!;
      const close = s.indexOf(quote, m[0].length);
      if (close < 0) return undefined;
      return { kind: 'str', v: s.slice(m[0].length, close), end: at + close + quote.length };
    }
    if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s))) return { kind: 'name', v: m[0], end: at + m[0].length };
    if ((m = /^\d+(?:\.\d+)?/.exec(s))) return { kind: 'num', v: m[0], end: at + m[0].length };
    if ((m = /^(==|[()[\]{},.:/*+=-])/.exec(s))) return { kind: 'op', v: m[0], end: at + m[0].length };
    return undefined;
  }
}
