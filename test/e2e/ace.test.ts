import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ace, type AceViolation } from '../helpers/ace.js';
import { colophon, tempDir, type CliResult } from '../helpers/cli.js';
import { solidPng } from '../helpers/png.js';

// A small book with every common block, checked with Ace by DAISY (axe-core in Chromium).
const t = tempDir();
const epub = join(t.dir, 'out', 'rich.epub');
let result: CliResult;

beforeAll(async () => {
  writeFileSync(join(t.dir, 'figure.png'), solidPng(64, 48));
  writeFileSync(
    join(t.dir, 'rich.md'),
    `---
title: A Small Rich Book
author: Ada Example
lang: en
---

# The First Chapter

A paragraph with *emphasis*, **strong words** and [a link to the W3C](https://www.w3.org/).

## A Section

- apples
- pears
- plums

### A Subsection

| Fruit | Colour |
| ----- | ------ |
| apple | red    |
| pear  | green  |

> A quotation, set apart from the text.

\`\`\`js
const answer = 42;
console.log(answer);
\`\`\`

![A dark red rectangle](figure.png)

## Another Section

The end.
`,
  );
  result = await colophon(['build', 'rich.md', '--format', 'epub,pdf', '--out', join(t.dir, 'out')], { cwd: t.dir });
}, 120_000);
afterAll(() => t.cleanup());

const severe = (violations: AceViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

describe('Ace by DAISY', () => {
  it('builds the book', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(epub)).toBe(true);
  });

  it('finds no serious or critical violation', async () => {
    const { violations } = await ace(epub);
    expect(severe(violations)).toEqual([]);
  }, 180_000);

  it('does catch an image without alt text (the check is live)', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    let removed = 0;
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) {
      const text = await zip.file(name)!.async('string');
      const stripped = text.replace(/ alt="A dark red rectangle"/g, () => (removed++, ''));
      zip.file(name, stripped);
    }
    expect(removed).toBe(1);
    const broken = join(t.dir, 'broken.epub');
    writeFileSync(broken, await zip.generateAsync({ type: 'nodebuffer' }));
    const { violations } = await ace(broken);
    expect(severe(violations)).toContainEqual(expect.objectContaining({ rule: 'image-alt', impact: 'critical' }));
  }, 180_000);
});
