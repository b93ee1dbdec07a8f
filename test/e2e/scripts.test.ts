import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, poppler, tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

// Text in scripts the template's fonts (Source Serif 4: Latin, Greek, Cyrillic) do not cover must
// still print as text, not as empty boxes: Chromium falls back to the system's fonts for them
// (scripts/setup.sh installs Noto's), and every font it uses is embedded.
const samples = {
  Korean: '한국어 문장은 이렇게 보입니다',
  Japanese: '日本語の文章はこのように見えます',
  Chinese: '中文句子看起来像这样',
  Hindi: 'हिन्दी वाक्य ऐसा दिखता है',
  Thai: 'ภาษาไทยมีลักษณะแบบนี้',
  Arabic: 'النص العربي يبدو هكذا',
  Hebrew: 'טקסט עברי נראה כך',
  Bengali: 'বাংলা লেখা',
  Tamil: 'தமிழ் எழுத்து',
  Ethiopic: 'አማርኛ',
  Georgian: 'ქართული ენა',
};

describe('scripts beyond the template fonts', () => {
  it('prints Korean, Japanese, Chinese, Indic, Thai, Arabic, Hebrew and Ethiopic text in embedded fonts, and the EPUB stays valid', async () => {
    const body = Object.entries(samples)
      .map(([name, text]) => `${name}: ${text}.`)
      .join('\n\n');
    writeFileSync(join(t.dir, 'world.md'), `---\ntitle: Scripts of the World\nauthor: A. Tester\nlang: en\n---\n\n# Scripts of the World\n\n${body}\n\nEmoji: 📚 ✨\n`);
    const r = await colophon(['build', 'world.md', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    // The machine has fonts for all of them (scripts/setup.sh): nothing to warn of.
    expect(r.stderr).not.toContain('missing-glyph');
    expect((await epubcheck(join(t.dir, 'out', 'world.epub'))).messages).toEqual([]);
    const pdf = join(t.dir, 'out', 'world.pdf');
    // Every sample comes back out of the PDF as the text it was (not dropped, not boxes).
    const text = (await poppler('pdftotext', [pdf, '-'])).replace(/\s+/g, ' ');
    for (const [name, sample] of Object.entries(samples)) {
      // Right-to-left runs come out in visual order from pdftotext: compare their words as a set.
      const words = /Arabic|Hebrew/.test(name) ? sample.split(' ') : [sample];
      for (const w of words) expect(text, name).toContain(/Arabic|Hebrew/.test(name) ? w : w.split(' ')[0]);
    }
    const fonts = await poppler('pdffonts', [pdf]);
    const rows = fonts.split('\n').slice(2).filter((l) => l.trim() !== '');
    // Every font embedded (the "emb" column), whatever its type.
    for (const row of rows) expect(row, row).toMatch(/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
    // Scripts the template lacks are drawn with fonts made for them, not with a box from its own.
    for (const script of ['Devanagari', 'Thai', 'Bengali', 'Tamil', 'Ethiopic']) expect(fonts, script).toMatch(new RegExp(`Noto\\w*${script}`));
  }, 120_000);

  it('warns, at the first one, of characters no font on the machine has, for the print edition only', async () => {
    // Khitan Small Script (Unicode 13): no Debian font has it.
    writeFileSync(join(t.dir, 'khitan.md'), '---\ntitle: Rare\nlang: en\n---\n\n# Rare\n\nPlain text first.\n\nKhitan small script: \u{18B00}\u{18B01} and again \u{18B00}.\n');
    const epub = await colophon(['build', 'khitan.md', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(epub.code, epub.stderr).toBe(0);
    expect(epub.stderr).not.toContain('missing-glyph');
    const pdf = await colophon(['build', 'khitan.md', '--format', 'pdf', '--out', 'out'], { cwd: t.dir });
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.stderr).toMatch(/khitan\.md:10:22: warning: 2 characters that no font on this machine has \("\u{18B00}" U\+18B00, "\u{18B01}" U\+18B01; the first is here\): the PDF shows them as empty boxes — install a font that has them .*\[missing-glyph\]/u);
    const strict = await colophon(['build', 'khitan.md', '--format', 'pdf', '--out', 'strict', '--strict'], { cwd: t.dir });
    expect(strict.code).toBe(1);
    // A private-use character and an unassigned one print as boxes too (they were not looked at).
    writeFileSync(join(t.dir, 'private.md'), '---\ntitle: Private\nlang: en\n---\n\nA private \uE000 and an unassigned \u0EFF character.\n');
    const odd = await colophon(['build', 'private.md', '--format', 'pdf', '--out', 'out'], { cwd: t.dir });
    expect(odd.code, odd.stderr).toBe(0);
    expect(odd.stderr).toMatch(/private\.md:6:11: warning: 2 characters that no font on this machine has \("\uE000" U\+E000, "\u0EFF" U\+0EFF; the first is here\).*\[missing-glyph\]/u);
  }, 120_000);
});
