import { describe, expect, it } from 'vitest';
import { parseSummary } from '../../src/book/summary.js';

describe('SUMMARY.md', () => {
  it('leaves out entries that name no chapter file (a web address, a place in SUMMARY.md itself), each with a warning, and keeps the rest', () => {
    const { entries, diagnostics } = parseSummary('# Summary\n\n- [C](c.md)\n- [Section](#intro)\n- [Web](https://example.com)\n- [D](d.md#part)\n', '/book/SUMMARY.md');
    expect(entries.map((e) => e.file)).toEqual(['c.md', 'd.md']);
    expect(diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [4, 'summary-link', '"Section" links to #intro, not to a chapter file; left out'],
      [5, 'summary-link', '"Web" links to https://example.com, not to a chapter file; left out'],
    ]);
  });
});
