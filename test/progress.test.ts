import { describe, expect, it } from 'vitest';
import type { BookReport } from '../src/build.js';
import { Progress, wantsColor } from '../src/progress.js';

function target(isTTY: boolean) {
  const out: string[] = [];
  return { out, write: (t: string) => out.push(t), isTTY, columns: 100 };
}
const report = (name: string): BookReport => ({ name, inputs: [`${name}.md`], status: 'built', outputs: [], diagnostics: [], ms: 5 });

describe('progress display', () => {
  it('keeps a status line on a terminal: books done, stage, estimate, with lines printed above it', () => {
    const t = target(true);
    const p = new Progress(t, {});
    p.start(3);
    p.stage('alpha', 'markdown');
    expect(p.status()).toMatch(/^\[0\/3\] 0:00 · alpha: reading$/);
    p.stage('alpha', 'print');
    p.book(report('alpha'), '✓ alpha');
    p.stage('beta', 'epub');
    expect(p.status()).toMatch(/^\[1\/3\] 0:00 · about 0:00 left · beta: making the EPUB$/);
    p.print('beta.md:1:1: warning: something [rule]');
    p.stop();
    const text = t.out.join('');
    expect(text).toContain('\r\x1b[2K[0/3]');
    expect(text).toContain('\r\x1b[2K✓ alpha\n');
    expect(text).toContain('\r\x1b[2Kbeta.md:1:1: warning: something [rule]\n');
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints plain lines when not on a terminal, or in CI', () => {
    for (const [t, env] of [[target(false), {}], [target(true), { CI: 'true' }]] as const) {
      const p = new Progress(t, env);
      p.start(2);
      p.stage('alpha', 'markdown');
      p.book(report('alpha'), '✓ alpha');
      p.stop();
      expect(t.out.join('')).toBe('✓ alpha\n');
    }
  });

  it('colours only a terminal without NO_COLOR', () => {
    expect(wantsColor(target(true), {})).toBe(true);
    expect(wantsColor(target(true), { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(target(false), {})).toBe(false);
  });
});
