import { html, raw, type Raw } from '../platform/pages/html.ts';

/**
 * Server-rendered SVG charts (no script): drawn in a 360-unit-wide view box so that on a 390 px phone one unit is
 * about one pixel and the 11-unit text reads as 11–12 px; on a desktop the chart grows to at most 600 px. Each chart
 * is `role="img"` with its title; the numbers are in the table beside it for screen readers and for copying.
 */
export type Series = { name: string; color: string };
const W = 360;
const fmt = (v: number, unit: string) =>
  unit === '%' ? `${(v * 100).toFixed(1)}%` : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
const svg = (id: string, title: string, h: number, body: Raw) =>
  html`<svg id="${id}" role="img" aria-labelledby="${id}-t" viewBox="0 0 ${W} ${h}" width="100%" style="max-width:600px;height:auto;display:block" xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="'PingFang SC','Microsoft YaHei',sans-serif"><title id="${id}-t">${title}</title>${body}</svg>`;
const legend = (series: Series[], y: number) =>
  series.length > 1
    ? html`${series.map((s, k) => html`<rect x="${4 + k * 110}" y="${y}" width="10" height="10" fill="${s.color}"/><text x="${18 + k * 110}" y="${y + 9}">${s.name}</text>`)}`
    : raw('');
/** Cuts a label to what fits the label column (CJK characters count two). */
function fitLabel(label: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of label) {
    w += /[\u2e80-\uffff]/.test(ch) ? 11 : 6.2;
    if (w > width) return `${out}…`;
    out += ch;
  }
  return out;
}

/** Horizontal bars, one group per row (categories, departments, chain levels): long labels on the left. */
export function barChart(
  id: string,
  title: string,
  rows: { label: string; values: number[] }[],
  series: Series[],
  unit = '',
): Raw {
  if (!rows.length) return html`<p class="muted">本期无数据。</p>`;
  const labelW = 104;
  const valueW = 52;
  const barH = 11;
  const rowH = series.length * (barH + 2) + 8;
  const top = series.length > 1 ? 18 : 4;
  const max = Math.max(...rows.flatMap((r) => r.values), 0) || 1;
  const scale = (v: number) => (v / max) * (W - labelW - valueW);
  const h = top + rows.length * rowH;
  const body = html`${legend(series, 2)}${rows.map((r, i) => {
    const y = top + i * rowH;
    return html`<g><text x="${labelW - 4}" y="${y + rowH / 2 + 3}" text-anchor="end">${fitLabel(r.label, labelW - 6)}</text>${r.values.map((v, k) => html`<rect x="${labelW}" y="${y + 3 + k * (barH + 2)}" width="${Math.max(v ? 1 : 0, scale(v)).toFixed(1)}" height="${barH}" fill="${series[k]!.color}"/><text x="${(labelW + scale(v) + 3).toFixed(1)}" y="${y + 3 + k * (barH + 2) + 9}">${fmt(v, unit)}</text>`)}</g>`;
  })}`;
  return svg(id, title, h, body);
}

/** Columns per month (one group of columns per month), with the month under each group. */
export function monthChart(
  id: string,
  title: string,
  months: string[],
  series: (Series & { values: number[] })[],
  unit = '',
): Raw {
  const left = 34;
  const top = series.length > 1 ? 20 : 8;
  const plotH = 150;
  const h = top + plotH + 22;
  const max = Math.max(...series.flatMap((s) => s.values), 0) || (unit === '%' ? 0.1 : 1);
  const groupW = (W - left - 4) / months.length;
  const colW = Math.max(2, (groupW - 3) / series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const every = months.length > 12 ? 2 : 1;
  const body = html`${legend(series, 2)}<line x1="${left}" y1="${top + plotH}" x2="${W - 2}" y2="${top + plotH}" stroke="#999"/><text x="${left - 3}" y="${top + 4}" text-anchor="end">${fmt(max, unit)}</text><text x="${left - 3}" y="${top + plotH}" text-anchor="end">0</text>
${months.map((m, i) => {
  const x0 = left + i * groupW + 1.5;
  return html`<g>${series.map((s, k) => html`<rect x="${(x0 + k * colW).toFixed(1)}" y="${y(s.values[i] ?? 0).toFixed(1)}" width="${(colW - 0.5).toFixed(1)}" height="${(top + plotH - y(s.values[i] ?? 0)).toFixed(1)}" fill="${s.color}"><title>${m} ${s.name} ${fmt(s.values[i] ?? 0, unit)}</title></rect>`)}${i % every === 0 ? html`<text x="${(x0 + groupW / 2 - 1.5).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle" font-size="10">${Number(m.slice(5))}月</text>` : raw('')}</g>`;
})}`;
  return svg(id, title, h, body);
}
