import { html, raw, type Raw } from './html.ts';
import { pickerAttr } from './picker-script.ts';

/**
 * Form helpers for pages that never lose work: limits counted in characters per field (a Chinese character is one,
 * whatever its bytes), every error shown at once next to its field and tied to it (`aria-describedby`), required
 * fields marked, the values kept. A page handler checks, and on errors renders the same form again with
 * `errorSummary` at the top and `field` for each input.
 */
export type FieldError = { field: string; message: string };

/** Characters as a person counts them (code points), not UTF-16 units or bytes. */
export const charCount = (s: string) => [...s].length;

/**
 * One error per field whose value is longer than its limit: `{title: ['标题', 100]}` → 「标题最多 100 字，现在 132 字」.
 * Fields without a value pass.
 */
export function charLimitErrors(
  values: Record<string, string | undefined>,
  limits: Record<string, readonly [label: string, max: number]>,
): FieldError[] {
  const out: FieldError[] = [];
  for (const [field, [label, max]] of Object.entries(limits)) {
    const n = charCount(values[field] ?? '');
    if (n > max) out.push({ field, message: `${label}最多 ${max} 字，现在 ${n} 字，请删减 ${n - max} 字。` });
  }
  return out;
}

/** The id of a field's input from its name (`contact.phone` → `f-contact-phone`). */
export const fieldId = (name: string) => `f-${name.replace(/[^\w-]/g, '-')}`;

export type FieldOptions = {
  name: string;
  label: string;
  value?: string;
  /** Marks the label (visible * and `aria-required`), and sets `required`. */
  required?: boolean;
  /** Character limit: `maxlength` in the browser, checked again on the server with `charLimitErrors`. */
  maxChars?: number;
  hint?: string;
  /** This field's errors (all of them, from the same round). */
  errors?: readonly FieldError[];
  type?: 'text' | 'email' | 'tel' | 'number' | 'datetime-local' | 'date' | 'textarea';
  id?: string;
};

/** A labelled input or textarea with its hint and error tied to it by `aria-describedby`. */
export function field(o: FieldOptions): Raw {
  const id = o.id ?? fieldId(o.name);
  const mine = (o.errors ?? []).filter((e) => e.field === o.name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [o.hint ? hintId : '', mine.length ? errorId : ''].filter(Boolean).join(' ');
  const attrs = raw(
    [
      o.required ? ' required aria-required="true"' : '',
      o.maxChars ? ` maxlength="${o.maxChars}"` : '',
      described ? ` aria-describedby="${described}"` : '',
      mine.length ? ' aria-invalid="true"' : '',
    ].join(''),
  );
  const input =
    o.type === 'textarea'
      ? html`<textarea id="${id}" name="${o.name}"${attrs}>${o.value ?? ''}</textarea>`
      : html`<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${attrs}>`;
  const limit = o.maxChars ? `（最多 ${o.maxChars} 字）` : '';
  return html`<div class="field"><label for="${id}"${raw(o.required ? ' class="required"' : '')}>${o.label}</label>${
    o.hint || limit ? html`<span class="hint" id="${hintId}">${o.hint ?? ''}${limit}</span>` : raw('')
  }${input}${mine.length ? html`<span class="field-error" id="${errorId}">${mine.map((e) => e.message).join('；')}</span>` : raw('')}</div>`;
}

/**
 * Every error of the round at the top of the form, each a link to its field, in Chinese labels (never the field's
 * code name). `labels` names the fields; an error of a field without a label shows its message alone.
 */
export function errorSummary(errors: readonly FieldError[], labels: Record<string, string>): Raw {
  if (!errors.length) return raw('');
  return html`<div class="errors" role="alert" id="error-summary" tabindex="-1"><p>有 ${errors.length} 处需要修改：</p><ul>${errors.map(
    (e) =>
      html`<li>${labels[e.field] ? html`<a href="#${fieldId(e.field)}">${labels[e.field]}</a>：` : raw('')}${e.message}</li>`,
  )}</ul></div>`;
}

/** One choice of a picker: what is sent, what a person reads, and (for long lists) the group it is read under. */
export type Choice = { value: string; label: string; group?: string };

const errorOf = (id: string, mine: readonly FieldError[]) =>
  mine.length
    ? html`<span class="field-error" id="${id}-error">${mine.map((e) => e.message).join('；')}</span>`
    : raw('');

/**
 * A labelled picker tied to its errors like `field`, so a person picks a report, department or person by name and
 * never types an id. Choices with a `group` are grouped (`optgroup`) when there is more than one group.
 */
export function choiceField(o: {
  name: string;
  label: string;
  choices: readonly Choice[];
  value?: string | null;
  /** The label of the empty first choice (none when undefined). */
  empty?: string;
  required?: boolean;
  hint?: string;
  errors?: readonly FieldError[];
  id?: string;
  /** The group label of choices without a group, when there are groups (default 其他). */
  ungrouped?: string;
}): Raw {
  const id = o.id ?? fieldId(o.name);
  const mine = (o.errors ?? []).filter((e) => e.field === o.name);
  const described = [o.hint ? `${id}-hint` : '', mine.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const opt = (x: Choice) =>
    html`<option value="${x.value}"${raw(x.value === (o.value ?? '') ? ' selected' : '')}>${x.label}</option>`;
  const groups = [...new Set(o.choices.map((x) => x.group ?? ''))];
  const body =
    groups.length > 1
      ? groups.map(
          (g) =>
            html`<optgroup label="${g || (o.ungrouped ?? '其他')}">${o.choices.filter((x) => (x.group ?? '') === g).map(opt)}</optgroup>`,
        )
      : o.choices.map(opt);
  const attrs = raw(
    [
      o.required ? ' required aria-required="true"' : '',
      described ? ` aria-describedby="${described}"` : '',
      mine.length ? ' aria-invalid="true"' : '',
      // A long list gets a search box from the page script (the select works without it).
      pickerAttr(o.choices.length, o.label.replace(/（.*$/, '')),
    ].join(''),
  );
  return html`<div class="field"><label for="${id}"${raw(o.required ? ' class="required"' : '')}>${o.label}</label>${
    o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : raw('')
  }<select id="${id}" name="${o.name}"${attrs}>${o.empty !== undefined ? html`<option value="">${o.empty}</option>` : raw('')}${body}</select>${errorOf(id, mine)}</div>`;
}

/**
 * Several choices as labelled checkboxes in a fieldset (never a multi-select needing Ctrl-click), tied to their
 * errors; choices with a `group` (people by department) are shown under the group's name.
 */
export function choiceBoxes(o: {
  name: string;
  legend: string;
  choices: readonly Choice[];
  checked: readonly string[];
  errors?: readonly FieldError[];
  required?: boolean;
  hint?: string;
  id?: string;
}): Raw {
  const id = o.id ?? fieldId(o.name);
  const mine = (o.errors ?? []).filter((e) => e.field === o.name);
  const described = [o.hint ? `${id}-hint` : '', mine.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const box = (x: Choice, i: number) =>
    html`<label for="${id}-${String(i)}"><input type="checkbox" id="${id}-${String(i)}" name="${o.name}" value="${x.value}"${raw(o.checked.includes(x.value) ? ' checked' : '')}>${x.label}</label>`;
  const indexed = o.choices.map((x, i) => ({ x, i }));
  const groups = [...new Set(o.choices.map((x) => x.group ?? ''))];
  const body =
    groups.length > 1
      ? groups.map(
          (g) =>
            html`<div class="choice-group"><span class="hint">${g || '其他'}</span>${indexed.filter(({ x }) => (x.group ?? '') === g).map(({ x, i }) => box(x, i))}</div>`,
        )
      : indexed.map(({ x, i }) => box(x, i));
  return html`<fieldset id="${id}" class="choices"${raw(described ? ` aria-describedby="${described}"` : '')}${raw(pickerAttr(o.choices.length, o.legend.replace(/（.*$/, '')))}><legend${raw(o.required ? ' class="required"' : '')}>${o.legend}</legend>${
    o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : raw('')
  }${body}${errorOf(id, mine)}</fieldset>`;
}
