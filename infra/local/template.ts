/**
 * Reads a synthesized CloudFormation template: the resources the local runtime plays, and a resolver for the
 * intrinsic functions that appear in function environments (Ref, Fn::GetAtt, Fn::Join, Fn::Select).
 */
export type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> };
export type Output = { Value: unknown; Export?: { Name: unknown } };
export type Template = { Resources: Record<string, Resource>; Outputs?: Record<string, Output> };

/**
 * The stacks of one app as the single template the local runtime plays: every stack's resources under their
 * logical ids, and each `Fn::ImportValue` replaced by the value its exporting stack's output gives (a Ref or
 * GetAtt into that stack), so a function of the stateless stack refers to the stateful stack's table directly.
 */
export function mergeTemplates(stacks: { name: string; template: Template }[]): Template {
  const exported = new Map<string, unknown>();
  for (const { name, template } of stacks) {
    for (const [id, out] of Object.entries(template.Outputs ?? {})) {
      if (out.Export === undefined) continue;
      if (typeof out.Export.Name !== 'string') throw new Error(`${name} output ${id}: export name is not a string`);
      exported.set(out.Export.Name, out.Value);
    }
  }
  const substitute = (value: unknown, where: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => substitute(v, where));
    const obj = value as Record<string, unknown>;
    if ('Fn::ImportValue' in obj) {
      const name = obj['Fn::ImportValue'];
      if (typeof name !== 'string' || !exported.has(name)) {
        throw new Error(`${where}: Fn::ImportValue ${JSON.stringify(name)} is exported by no stack of the app`);
      }
      return exported.get(name);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, substitute(v, where)]));
  };
  const merged: Template = { Resources: {}, Outputs: {} };
  for (const { name, template } of stacks) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (id in merged.Resources) throw new Error(`Logical id ${id} is in two stacks (${name} and another)`);
      merged.Resources[id] = substitute(resource, `${name}/${id}`) as Resource;
    }
    for (const [id, out] of Object.entries(template.Outputs ?? {})) {
      merged.Outputs![`${name}.${id}`] = substitute(out, `${name} output ${id}`) as Output;
    }
  }
  return merged;
}

export type Physical = { ref: string; attrs: Record<string, string> };

export class Resolver {
  constructor(private readonly physical: Map<string, Physical>) {}

  resolve(value: unknown): any {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    const obj = value as Record<string, unknown>;
    if ('Ref' in obj) {
      const p = this.physical.get(obj.Ref as string);
      if (obj.Ref === 'AWS::Region') return process.env.AWS_REGION ?? 'us-east-1';
      if (obj.Ref === 'AWS::AccountId') return '000000000000';
      if (obj.Ref === 'AWS::Partition') return 'aws';
      if (obj.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
      if (!p) throw new Error(`Local runtime cannot resolve Ref ${String(obj.Ref)}`);
      return p.ref;
    }
    if ('Fn::GetAtt' in obj) {
      const [id, attr] = obj['Fn::GetAtt'] as [string, string];
      const v = this.physical.get(id)?.attrs[attr];
      if (v === undefined) throw new Error(`Local runtime cannot resolve Fn::GetAtt ${id}.${attr}`);
      return v;
    }
    if ('Fn::Join' in obj) {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => this.resolve(p)).join(sep);
    }
    if ('Fn::Select' in obj) {
      const [i, list] = obj['Fn::Select'] as [number, unknown];
      return (this.resolve(list) as unknown[])[i];
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, this.resolve(v)]));
  }
}

export function resourcesOfType(t: Template, type: string): [string, Resource][] {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

/** The logical id a `{Ref}` or `{Fn::GetAtt}` points at. */
export function targetOf(value: unknown): string {
  const v = value as Record<string, any>;
  if (v?.Ref) return v.Ref;
  if (v?.['Fn::GetAtt']) return v['Fn::GetAtt'][0];
  if (v?.['Fn::Join']) {
    for (const part of v['Fn::Join'][1]) if (typeof part === 'object') return targetOf(part);
  }
  throw new Error(`not a reference: ${JSON.stringify(value)}`);
}

/** `rate(5 minutes)` or `cron(0 1 1 * ? *)` as a croner pattern (seconds first). */
export function scheduleToCron(expression: string): string {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.replace(/s$/, '');
    if (unit === 'minute') return n === 1 ? '0 * * * * *' : `0 */${n} * * * *`;
    if (unit === 'hour') return n === 1 ? '0 0 * * * *' : `0 0 */${n} * * *`;
    return `0 0 0 */${n} * *`;
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron) {
    const [min, hour, dom, mon, dow] = cron[1]!.trim().split(/\s+/);
    // EventBridge numbers weekdays 1–7 from Sunday, cron 0–6; the occurrence after '#' stays as it is.
    const weekday = (dow ?? '*').replace(/(^|[,-])(\d)/g, (_, sep: string, d: string) => sep + String(Number(d) - 1));
    // EventBridge writes "0/15"; croner wants "0-59/15".
    const step = (field: string | undefined, max: number) => (field ?? '*').replace(/^(\d+)\/(\d+)$/, `$1-${max}/$2`);
    return `0 ${step(min, 59)} ${step(hour, 23)} ${dom === '?' ? '*' : step(dom, 31)} ${step(mon, 12)} ${weekday === '?' ? '*' : weekday}`;
  }
  throw new Error(`Unsupported schedule expression: ${expression}`);
}
