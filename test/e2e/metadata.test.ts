import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, poppler, tempDir, type CliResult } from '../helpers/cli.js';

// A book with every metadata key, built with a config that sets defaults and an A5 trim.
const t = tempDir();
let result: CliResult;

beforeAll(async () => {
  writeFileSync(
    join(t.dir, 'novelle.md'),
    `---
title: Die Verwandlung
subtitle: Eine Erzählung
author: [Franz Kafka, Max Brod]
lang: de
date: 1915-10-01
rights: Gemeinfrei
description: Gregor Samsa erwacht als Ungeziefer.
subject: Literatur
keywords: [Erzählung, Prag]
identifier: urn:isbn:9783150000090
series: Kleine Bücher
series-index: 3
---

# Erstes Kapitel

Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er sich in seinem Bett zu einem ungeheueren Ungeziefer verwandelt.
`,
  );
  writeFileSync(join(t.dir, 'build.config.ts'), "export default { pdf: { trim: 'a5' }, metadata: { publisher: 'Hauspresse', rights: 'Default rights' } };\n");
  result = await colophon(['build', 'novelle.md'], { cwd: t.dir });
}, 120_000);
afterAll(() => t.cleanup());

describe('explicit metadata', () => {
  it('builds without language detection', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('lang-detected');
  });

  it('reaches the EPUB package, which stays valid', async () => {
    const epub = join(t.dir, 'dist', 'novelle.epub');
    const opf = await (await JSZip.loadAsync(readFileSync(epub))).file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:identifier id="pub-id">urn:isbn:9783150000090</dc:identifier>');
    expect(opf).toContain('<dc:title id="subtitle">Eine Erzählung</dc:title>');
    expect(opf).toContain('<dc:creator id="creator-2">Max Brod</dc:creator>');
    expect(opf).toContain('<dc:language>de</dc:language>');
    expect(opf).toContain('<dc:date>1915-10-01</dc:date>');
    expect(opf).toContain('<dc:publisher>Hauspresse</dc:publisher>');
    expect(opf).toContain('<dc:rights>Gemeinfrei</dc:rights>');
    expect(opf).toContain('<dc:subject>Prag</dc:subject>');
    expect(opf).toContain('<meta property="belongs-to-collection" id="series">Kleine Bücher</meta>');
    expect(opf).toContain('<meta property="group-position" refines="#series">3</meta>');
    const check = await epubcheck(epub);
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
  }, 120_000);

  it('reaches the PDF, on A5, with the date written in the book\'s language', async () => {
    const pdf = join(t.dir, 'dist', 'novelle.pdf');
    const info = await poppler('pdfinfo', [pdf]);
    expect(info).toMatch(/Page size:\s+419\.528 x 595\.276 pts/);
    expect(info).toMatch(/^Title:\s+Die Verwandlung: Eine Erzählung$/m);
    expect(info).toMatch(/^Author:\s+Franz Kafka, Max Brod$/m);
    expect(info).toMatch(/^Subject:\s+Literatur$/m);
    expect(info).toMatch(/^Keywords:\s+Erzählung Prag Literatur$/m);
    const text = await poppler('pdftotext', [pdf, '-']);
    expect(text).toContain('Franz Kafka und Max Brod');
    expect(text).toContain('1. Oktober 1915');
    expect(text).toContain('Gemeinfrei · Hauspresse · Typeset with Colophon');
    // The XMP packet says the same, and what the information dictionary cannot.
    const xmp = await poppler('pdfinfo', ['-meta', pdf]);
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Die Verwandlung: Eine Erzählung</rdf:li>');
    expect(xmp).toContain('<dc:creator><rdf:Seq><rdf:li>Franz Kafka</rdf:li><rdf:li>Max Brod</rdf:li></rdf:Seq></dc:creator>');
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>de</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<dc:publisher><rdf:Bag><rdf:li>Hauspresse</rdf:li></rdf:Bag></dc:publisher>');
    expect(xmp).toContain('<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Gemeinfrei</rdf:li></rdf:Alt></dc:rights>');
    expect(xmp).toContain('<dc:identifier>urn:isbn:9783150000090</dc:identifier>');
    expect(xmp).toContain('<dc:date><rdf:Seq><rdf:li>1915-10-01</rdf:li></rdf:Seq></dc:date>');
    expect(xmp).toContain('<pdf:Keywords>Erzählung; Prag; Literatur</pdf:Keywords>');
  });
});
