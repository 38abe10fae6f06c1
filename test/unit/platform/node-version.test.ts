import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Lambda runs `nodejs24.x` (infra); the tests must run the same major, which the pinned devDependency `node` puts
 * first on every npm script's PATH (issue 12 item 7). A machine whose own Node is 20 still runs the tests on 24.
 */
describe('the Node the tests run on', () => {
  it('is the major Lambda runs and the pinned devDependency gives', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const pinned = String(pkg.devDependencies.node);
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(process.versions.node).toBe(pinned);
  });
});
