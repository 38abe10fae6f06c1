/**
 * The values of a closed list that has a Chinese label for each (kinds, states, levels, roles): the labels are
 * written once, in the list's order, and the values are their keys, so no value goes without a label and no label
 * without a value. `z.enum` takes the result as it takes a literal `[…] as const`.
 *
 * The order is the labels' order (forms offer the choices and sheets list the rows in it) because the keys are words:
 * a key that reads as a whole number would be put first by `Object.keys`, so such a list is refused.
 */
export function valuesOf<const V extends string>(labels: Readonly<Record<V, string>>): readonly [V, ...V[]] {
  const values = Object.keys(labels) as V[];
  const numeric = values.find((v) => /^\d+$/.test(v));
  if (numeric !== undefined) throw new Error(`valuesOf: the key ${numeric} would be listed out of order`);
  if (!values.length) throw new Error('valuesOf: a list needs at least one value');
  return values as [V, ...V[]];
}
