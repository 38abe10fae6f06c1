import { parseBody } from './rules/item.ts';
import { html, multiline, type Raw } from '../platform/pages/html.ts';

/** An item's body as HTML: paragraphs and lists from its plain-text structure, every piece of text escaped. */
export function renderBody(text: string): Raw {
  return html`${parseBody(text).map((b) =>
    b.type === 'p'
      ? html`<p>${multiline(b.text)}</p>`
      : b.type === 'ul'
        ? html`<ul>${b.items.map((i) => html`<li>${i}</li>`)}</ul>`
        : html`<ol>${b.items.map((i) => html`<li>${i}</li>`)}</ol>`,
  )}`;
}
