import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../shared/app/routes.ts';
import type { Production } from '../../../shared/app/production.ts';
import { BUNDLE_ALIASES } from '../../../infra/constructs/baosong-function.ts';

/** What `productionDeps` can give a function besides `orgs`, and the FUNCTIONS access a client needs. */
const REPOSITORIES = [
  'reports',
  'items',
  'findings',
  'scores',
  'accounts',
  'zeroReports',
  'verifications',
  'attachments',
  'outbox',
];
/** The mailer and texter are SES and SMS for the outbox's consumer (`mail`, `sms`), the outbox for every other function. */
const CLIENTS = {
  queue: 'queue',
  scoring: 'scoring',
  mailer: ['mail', 'outbox'],
  texter: ['sms', 'outbox'],
  files: 'files',
} as const;

/**
 * What a function's code reaches for, read from its bundle as esbuild leaves it (unminified, after tree shaking):
 * every `deps.<name>` and the two helpers that read a repository for it. Use cases take their dependencies as `deps`.
 */
async function usedBy(entry: string): Promise<string[]> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile: 'out.mjs',
    logLevel: 'silent',
    alias: BUNDLE_ALIASES,
  });
  const code = r.outputFiles.map((f) => f.text).join('');
  const used = new Set([...code.matchAll(/\bdeps\d*\??\.(\w+)\b/g)].map((m) => m[1] ?? ''));
  if (/\bfindingsOf\d*\(/.test(code)) used.add('findings');
  if (/\bscoresOf\d*\(/.test(code)) used.add('scores');
  return [...REPOSITORIES, ...Object.keys(CLIENTS)].filter((n) => used.has(n)).sort();
}

describe('each function is wired with exactly what its code uses, and its clients with what FUNCTIONS grants', () => {
  for (const [name, def] of Object.entries(FUNCTIONS)) {
    it(name, async () => {
      const url = pathToFileURL(path.resolve(def.entry)).href;
      const { production } = (await import(/* @vite-ignore */ url)) as { production: Production };
      const wired = production.wired.filter((n) => n !== 'orgs').sort();
      expect({ name, wired }).toEqual({ name, wired: await usedBy(def.entry) });
      const access = def.access as Record<string, unknown>;
      for (const [client, grant] of Object.entries(CLIENTS)) {
        const granted = (typeof grant === 'string' ? [grant] : grant).some((g) => !!access[g]);
        // Writing to the outbox does not oblige a function to text: only a texter wired must be granted.
        if (client === 'texter' && !wired.includes(client)) continue;
        expect({ name, client, wired: wired.includes(client) }).toEqual({ name, client, wired: granted });
      }
    }, 30_000);
  }
});
