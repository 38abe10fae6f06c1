import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../shared/app/routes.ts';

/** Every .ts file under the folders the functions are built from. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const rel = (f: string) => path.relative(ROOT, f);
const files = ['shared', 'functions'].flatMap((d) => sources(path.join(ROOT, d)));

describe('no function but the outbox consumer sends (ARCHITECTURE decision 9)', () => {
  it('only the SES adapter names the SES client or SendEmail', () => {
    const using = files.filter((f) => /SESv2Client|SendEmailCommand|client-sesv2/.test(readFileSync(f, 'utf8')));
    expect(using.map(rel)).toEqual(['shared/platform/mail/ses-mailer.ts']);
  });

  it('only the production wiring builds the SES adapter, and only deliver asks it for one', () => {
    const building = files.filter((f) => /new SesMailer\(/.test(readFileSync(f, 'utf8')));
    expect(building.map(rel)).toEqual(['shared/app/production.ts']);
    const asking = files.filter((f) => /\bsesMailer\b/.test(readFileSync(f, 'utf8'))).map(rel);
    expect(asking.sort()).toEqual(['functions/queue/deliver.ts', 'shared/app/production.ts']);
  });

  it('only deliver is granted mail (ses:SendEmail in the stack); every other mailing function gets the outbox', () => {
    const mail = Object.entries(FUNCTIONS).filter(([, d]) => (d.access as { mail?: boolean }).mail);
    expect(mail.map(([n]) => n)).toEqual(['deliver']);
  });
});
