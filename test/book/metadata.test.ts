import { describe, expect, it } from 'vitest';
import { excerpt, mergeMetadata, resolveMetadata } from '../../src/book/metadata.js';

const base = { text: 'This is a long enough English sentence, written to let the detector decide which language it is in.', contentParts: ['x'], fallbackTitle: 'file', file: '/b/x.md', defaults: {} };

describe('metadata', () => {
  it('takes each key from the most specific source', () => {
    expect(mergeMetadata([{ title: 'A' }, { title: 'B', rights: 'R' }, { publisher: 'P', rights: 'S' }])).toEqual({ title: 'A', rights: 'R', publisher: 'P' });
  });

  it('ranks the inferred title block above config defaults, below explicit metadata', () => {
    const { meta } = resolveMetadata({ title: 'Explicit' }, { ...base, titleBlock: { title: 'Inferred', authors: ['Ann'], date: '2011-06-30' }, defaults: { author: 'House', lang: 'en' } });
    expect(meta).toMatchObject({ title: 'Explicit', authors: ['Ann'], date: '2011-06-30', lang: 'en' });
  });

  it('detects the language when set nowhere and says so', () => {
    const { meta, diagnostics } = resolveMetadata({}, { ...base, text: 'Dies ist ein deutscher Text, der lang genug ist, damit die Erkennung der Sprache sicher funktioniert und nicht rät.' });
    expect(meta.lang).toBe('de');
    expect(diagnostics.filter((d) => d.rule === 'lang-detected')).toMatchObject([{ rule: 'lang-detected', severity: 'warning' }]);
  });

  it('takes the title from a heading when nothing sets it, else names the book after its file and says so', () => {
    const named = resolveMetadata({ lang: 'en' }, { ...base, headingTitle: 'The Real Title' });
    expect(named.meta.title).toBe('The Real Title');
    expect(named.diagnostics).toEqual([]);
    const unnamed = resolveMetadata({ lang: 'en' }, { ...base, fallbackTitle: 'my-folder', fallbackKind: 'folder' });
    expect(unnamed.meta.title).toBe('my-folder');
    expect(unnamed.diagnostics).toMatchObject([{ rule: 'title-missing', severity: 'warning', message: expect.stringContaining('after its folder name') }]);
    expect(resolveMetadata({ lang: 'en', title: 'Set' }, { ...base, headingTitle: 'Heading' }).meta.title).toBe('Set');
  });

  it('falls back to en when the text is too short to tell', () => {
    const { meta, diagnostics } = resolveMetadata({}, { ...base, text: 'Hi.' });
    expect(meta.lang).toBe('en');
    expect(diagnostics[0]!.message).toContain('assuming "en"');
  });

  it('derives a stable identifier and a description', () => {
    const a = resolveMetadata({ lang: 'en' }, { ...base, firstParagraph: 'Opening words.' }).meta;
    const b = resolveMetadata({ lang: 'en' }, { ...base, firstParagraph: 'Opening words.' }).meta;
    expect(a.identifier).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.identifier).toBe(b.identifier);
    expect(a.description).toBe('Opening words.');
    expect(excerpt('word '.repeat(100), 40)).toMatch(/^(word ){5,}word…$/);
  });
});
