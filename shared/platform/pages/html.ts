/** Escapes text for HTML element content and attribute values. Every dynamic value in a page or mail goes through it. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tagged template whose interpolations are escaped unless they are `raw(...)`. */
export class Raw {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}
export const raw = (s: string) => new Raw(s);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof Raw ? x.value : esc(x))).join('')
      : v instanceof Raw
        ? v.value
        : esc(v);
    out += part + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

/** Keeps line breaks of free text visible after escaping. */
export function multiline(text: string | undefined): Raw {
  return raw(esc(text ?? '').replace(/\r?\n/g, '<br>'));
}
