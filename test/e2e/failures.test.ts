import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, poppler, tempDir } from '../helpers/cli.js';
import { solidPng } from '../helpers/png.js';

let cleanup = () => {};
afterEach(() => cleanup());

function project(files: Record<string, string | Buffer>): string {
  const t = tempDir();
  cleanup = t.cleanup;
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(t.dir, name, '..'), { recursive: true });
    writeFileSync(join(t.dir, name), content);
  }
  return t.dir;
}

/** A decompression bomb: a PNG of a few bytes whose header claims 100,000 × 100,000 pixels. */
function bombPng(): Buffer {
  const png = solidPng(1, 1);
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  return png;
}

const GOOD = '---\ntitle: Good Book\nauthor: Ann Writer\nlang: en\n---\n\nA short and perfectly fine paragraph.\n';

describe('a shelf with one bad book', () => {
  it('builds the others, fails the bad one alone with exit 1, and names it with its line', async () => {
    const dir = project({
      'manuscripts/good.md': GOOD,
      'manuscripts/bad-utf8.md': Buffer.concat([Buffer.from('# Title\n\nfine\nbroken \xff here'.replace('\xff', ''), 'utf8'), Buffer.from([0xff, 0x0a])]),
      'manuscripts/bad-yaml.md': '---\ntitle: [oops\n---\nText.\n',
    });
    const r = await colophon(['build', '--format', 'epub', '--report', 'r.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^manuscripts\/bad-utf8\.md:4:\d+: error: the file is not valid UTF-8 \(byte 0xff at offset \d+\); save it as UTF-8 \[invalid-utf8\]$/m);
    expect(r.stderr).toMatch(/^manuscripts\/bad-yaml\.md:2:1: error: front matter is not valid YAML/m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(join(dir, 'dist'))).toEqual(['good.epub']);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report.books.map((b: { name: string; status: string }) => [b.name, b.status])).toEqual([
      ['bad-utf8', 'failed'],
      ['bad-yaml', 'failed'],
      ['good', 'built'],
    ]);
  });

  it('with --strict, warnings fail the book', async () => {
    const dir = project({ 'book.md': 'No language given, so it is detected from this text.\n' });
    const r = await colophon(['build', 'book.md', '--format', 'epub', '--strict'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: no "lang" set.*\(--strict\) \[lang-detected\]/);
    expect(existsSync(join(dir, 'dist', 'book.epub'))).toBe(false);
  });
});

describe('usage and environment errors (exit 2, nothing built)', () => {
  it('stops before any work when no browser is usable for a PDF, in one line', async () => {
    const dir = project({ 'book.md': GOOD });
    const r = await colophon(['build', 'book.md'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/apt-get install chromium/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('stops with exit 2 and writes nothing when the browser fails to start', async () => {
    const dir = project({ 'a.md': GOOD, 'b.md': GOOD, 'c.md': GOOD, 'fake-chrome': '#!/bin/sh\necho broken >&2\nexit 1\n' });
    chmodSync(join(dir, 'fake-chrome'), 0o755);
    const r = await colophon(['build', 'a.md', 'b.md', 'c.md'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: join(dir, 'fake-chrome') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the browser at .*fake-chrome failed to start/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('builds an EPUB without any browser', async () => {
    const dir = project({ 'book.md': GOOD });
    const r = await colophon(['build', 'book.md', '--format', 'epub'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' } });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['book.epub']);
  });

  it('rejects a bad config with its path and expected values', async () => {
    const dir = project({ 'book.md': GOOD, 'build.config.ts': "export default { pdf: { trim: '7x7' } };\n" });
    const r = await colophon(['build', 'book.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pdf.trim: expected one of "6x9in"');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    // A page no book can have; a config that exports nothing usable.
    for (const [config, message] of [
      ["export default { pdf: { trim: { width: '0in', height: '9in' } } };\n", 'pdf.trim.width: expected a page side from 3.5in (89mm) to 40in, got "0in"'],
      // Too small for a running head, the text and a folio to stay apart (they printed over each other).
      ["export default { pdf: { trim: { width: '5in', height: '3in' } } };\n", 'pdf.trim.height: expected a page side from 3.5in (89mm) to 40in, got "3in"'],
      ['export default null;\n', 'it must export an object: export default { … }'],
    ] as const) {
      writeFileSync(join(dir, 'build.config.ts'), config);
      const bad = await colophon(['build', 'book.md'], { cwd: dir });
      expect(bad.code, config).toBe(2);
      expect(bad.stderr, config).toContain(message);
    }
  });

  it('builds a book named twice in one build once', async () => {
    const dir = project({ 'book.md': GOOD });
    const r = await colophon(['build', 'book.md', './book.md', 'book.md', '--format', 'epub'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 book built/);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['book.epub']);
  });

  it('stops with exit 2 and writes nothing when the config throws', async () => {
    const dir = project({ 'book.md': GOOD, 'build.config.ts': "throw new Error('config exploded');\n" });
    const r = await colophon(['build', 'book.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/build\.config\.ts.*config exploded/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('names a configured Markdown plugin that fails: while being set up (exit 2), or on a chapter (that book fails, exit 1)', async () => {
    const setUp = project({ 'book.md': GOOD, 'build.config.ts': "export default { markdown: { remarkPlugins: [function remarkBroken() { throw new Error('cannot start'); }] } };\n" });
    const r = await colophon(['build', 'book.md', '--format', 'epub'], { cwd: setUp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/build\.config\.ts: markdown\.remarkPlugins\[0\] \(remarkBroken\) could not be set up: cannot start/);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(existsSync(join(setUp, 'dist'))).toBe(false);
    for (const plugin of ["() => () => { throw new Error('bad tree'); }", "() => async () => { throw new Error('bad tree'); }", "() => (tree, file, next) => next(new Error('bad tree'))"]) {
      const dir = project({ 'book.md': GOOD, 'build.config.ts': `export default { markdown: { rehypePlugins: [[${plugin}, { x: 1 }]] } };\n` });
      const run = await colophon(['build', 'book.md', '--format', 'epub'], { cwd: dir });
      expect(run.code, plugin).toBe(1);
      expect(run.stderr, plugin).toMatch(/book\.md:1:1: error: markdown\.rehypePlugins\[0\] failed on this chapter: bad tree \[plugin\]/);
      expect(run.stderr, plugin).not.toMatch(/internal|\n\s+at /);
      expect(existsSync(join(dir, 'dist', 'book.epub')), plugin).toBe(false);
    }
    // A plugin that leaves a malformed tree: an element without properties is mended (the book builds);
    // children that are not a list fail the chapter, blamed on the plugins (it was an [internal] error).
    const mended = project({ 'book.md': GOOD, 'build.config.ts': "export default { markdown: { rehypePlugins: [() => (tree) => { tree.children.push({ type: 'element', tagName: 'p', children: [{ type: 'text', value: 'Added by a plugin.' }] }); }] } };\n" });
    const built = await colophon(['build', 'book.md', '--format', 'epub'], { cwd: mended });
    expect(built.code, built.stderr).toBe(0);
    expect((await epubcheck(join(mended, 'dist', 'book.epub'))).messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
    const broken = project({ 'book.md': GOOD, 'build.config.ts': "export default { markdown: { remarkPlugins: [() => (tree) => { tree.children = 'nothing'; }] } };\n" });
    const failed = await colophon(['build', 'book.md', '--format', 'epub'], { cwd: broken });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/book\.md:1:1: error: markdown\.remarkPlugins left a malformed tree on this chapter \(the children of a root node are not a list\) \[plugin\]/);
    expect(failed.stderr).not.toMatch(/internal|\n\s+at /);
  });

  it('never writes through a symbolic link in the output folder, and keeps what it points to', async () => {
    const dir = project({ 'book.md': GOOD, 'elsewhere.epub': 'KEEP ME' });
    mkdirSync(join(dir, 'dist'));
    symlinkSync(join(dir, 'elsewhere.epub'), join(dir, 'dist', 'book.epub'));
    const r = await colophon(['build', 'book.md', '--format', 'epub'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dist\/book\.epub is a symbolic link; Colophon does not write through links/);
    expect(readFileSync(join(dir, 'elsewhere.epub'), 'utf8')).toBe('KEEP ME');
    expect(readdirSync(join(dir, 'dist'))).toEqual(['book.epub']);
  });

  it('rejects unknown flags and formats, and answers --help and --version', async () => {
    expect((await colophon(['build', '--frobnicate'])).code).toBe(2);
    const bad = await colophon(['build', '--format', 'mobi']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format: expected "epub", "pdf" or "epub,pdf", got "mobi"');
    for (const jobs of ['abc', '0', '1.5', '-1']) {
      const r = await colophon(['build', '--jobs', jobs]);
      expect(r.code, jobs).toBe(2);
      expect(r.stderr, jobs).toMatch(/^colophon: --jobs: expected a whole number of books, 1 or more/);
    }
    // An option given twice: the last counts (it was an internal error, or --jobs NaN built nothing with exit 0).
    const dir = project({ 'book.md': GOOD });
    const twice = await colophon(['build', 'book.md', '--format', 'pdf', '--format', 'epub', '--out', 'a', '--out', 'b', '--jobs', '2', '--jobs', '1'], { cwd: dir });
    expect(twice.code, twice.stderr).toBe(0);
    expect(readdirSync(join(dir, 'b'))).toEqual(['book.epub']);
    expect(existsSync(join(dir, 'a'))).toBe(false);
    const help = await colophon(['build', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--report/);
    expect((await colophon(['--version'])).stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('hostile content', () => {
  let server: Server;
  let requests: string[] = [];
  let origin = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches nothing, reads nothing outside the book, and stays valid', async () => {
    requests = [];
    const dir = project({
      'secret.txt': 'CANARY-SECRET-TEXT',
      'book/book.md': [
        '---\nlang: en\ntitle: Hostile\n---',
        `![remote](${origin}/md.png)`,
        `<img src="${origin}/raw.png" alt="raw">`,
        `<link rel="stylesheet" href="${origin}/style.css">`,
        `<iframe src="file://${join('/', 'etc', 'hostname')}"></iframe>`,
        `<object data="${origin}/obj"></object>`,
        '![outside](../secret.txt)',
        `<p style="background: url(${origin}/bg.png)">Styled paragraph.</p>`,
        `<svg><image href="${origin}/svg.png"/></svg>`,
        '<script>document.write("SCRIPT-RAN")</script>',
        '![a bomb](bomb.png) ![cut short](cut.jpg)',
        'The end.',
      ].join('\n\n'),
      'book/bomb.png': bombPng(),
      'book/cut.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
    });
    const r = await colophon(['build', 'book/book.md'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(requests).toEqual([]);
    expect(r.stderr).toMatch(/book\/book\.md:6:1: warning: image ".*md\.png" is not a local file; Colophon never fetches/);
    expect(r.stderr).toMatch(/book\/book\.md:16:1: warning: image "\.\.\/secret\.txt" is outside the book's folder/);
    expect(r.stderr).toMatch(/book\/book\.md:22:1: warning: <script> removed/);
    expect(r.stderr).toMatch(/book\/book\.md:24:1: warning: image "bomb\.png" is 100000 × 100000 pixels; the limit is 100 megapixels — scale it down \[image-too-large\]/);
    expect(r.stderr).toMatch(/book\/book\.md:24:\d+: warning: "cut\.jpg" starts like a JPEG image but its header is cut short or damaged; export it again \[image-type\]/);
    expect(r.stderr).not.toMatch(/broken-paragraph/);
    const text = await poppler('pdftotext', [join(dir, 'dist', 'book.pdf'), '-']);
    expect(text).toContain('The end.');
    expect(text).not.toMatch(/CANARY|SCRIPT-RAN/);
    const check = await epubcheck(join(dir, 'dist', 'book.epub'));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
    expect(readFileSync(join(dir, 'dist', 'book.epub')).includes('CANARY')).toBe(false);
  }, 120_000);
  it('refuses every form of path traversal and remote reference, in Markdown, HTML, CSS and SVG', async () => {
    requests = [];
    const dir = project({
      'secret.txt': 'CANARY-SECRET-TEXT',
      'secret.png': 'CANARY-SECRET-PNG',
      'book/book.md': [
        '---\nlang: en\ntitle: Traversal\n---',
        '![a](../secret.png)',
        '![b](%2e%2e/secret.png)',
        '![c](..%2fsecret.png)',
        '![d](/etc/hostname)',
        '![e](file:///etc/hostname)',
        '![f](images/../../secret.png)',
        '![g](link.png)',
        `<img srcset="${origin}/srcset.png 2x" src="ok.png" alt="srcset">`,
        `<video poster="${origin}/poster.png" src="${origin}/video.mp4"></video>`,
        `<audio src="${origin}/audio.mp3"></audio>`,
        `<embed src="${origin}/embed">`,
        `<style>@import url(${origin}/import.css); p { background: url(${origin}/style-bg.png); }</style>`,
        `<meta http-equiv="refresh" content="0;url=${origin}/refresh">`,
        `<base href="${origin}/base/">`,
        `<form action="${origin}/form"><input name="q"></form>`,
        `<svg xmlns="http://www.w3.org/2000/svg"><use href="${origin}/use.svg#x"/><image href="file:///etc/hostname"/></svg>`,
        `<a href="file:///etc/hostname">a file link</a> and <a href="${origin}/page">a web link</a>.`,
        `<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='${origin}/data-svg.png'/%3E%3C/svg%3E" alt="data svg">`,
        'The last line.',
      ].join('\n\n'),
    });
    symlinkSync(join(dir, 'secret.png'), join(dir, 'book', 'link.png'));
    const r = await colophon(['build', 'book/book.md'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // Nothing reached the server; only the one web link stays, as a link (never fetched).
    expect(requests).toEqual([]);
    for (const line of [6, 8, 10, 12, 14, 16, 18]) expect(r.stderr, `line ${line}`).toMatch(new RegExp(`book/book\\.md:${line}:1: warning: image`));
    const pdf = join(dir, 'dist', 'book.pdf');
    const text = await poppler('pdftotext', [pdf, '-']);
    expect(text).toContain('The last line.');
    expect(text).not.toMatch(/CANARY|localhost|\/etc\/hostname/);
    for (const file of ['book.epub', 'book.pdf']) expect(readFileSync(join(dir, 'dist', file)).includes('CANARY')).toBe(false);
    const epub = readFileSync(join(dir, 'dist', 'book.epub'));
    const check = await epubcheck(join(dir, 'dist', 'book.epub'));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
    expect(epub.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('determinism', () => {
  it('gives a byte-identical EPUB for the same inputs and SOURCE_DATE_EPOCH', async () => {
    const dir = project({ 'book.md': GOOD });
    const env = { SOURCE_DATE_EPOCH: '1300000000' };
    await colophon(['build', 'book.md', '--format', 'epub', '--out', 'a'], { cwd: dir, env });
    await new Promise((r) => setTimeout(r, 1100));
    await colophon(['build', 'book.md', '--format', 'epub', '--out', 'b'], { cwd: dir, env });
    const a = readFileSync(join(dir, 'a', 'book.epub'));
    expect(a.length).toBeGreaterThan(1000);
    expect(a.equals(readFileSync(join(dir, 'b', 'book.epub')))).toBe(true);
  });
});

describe('colophon check', () => {
  it('prints the same diagnostics as build, writes nothing, and fails on errors', async () => {
    const dir = project({ 'good.md': GOOD, 'seed-like.md': '# Title\n\nBy [Someone](#)\n\nText.\n', 'bad.md': '---\ntitle: [oops\n---\n' });
    const ok = await colophon(['check', 'good.md', 'seed-like.md'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent' } });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^seed-like\.md:3:4: warning: link "Someone" has an empty target/m);
    expect(ok.stderr).toContain('2 books checked: 0 with errors');
    const bad = await colophon(['check', 'good.md', 'bad.md'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^bad\.md:2:1: error: front matter is not valid YAML/m);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('with --validate, runs EPUBCheck on the built EPUBs and fails on what it finds', async () => {
    const dir = project({ 'good.md': GOOD, 'other.md': GOOD, 'later.md': GOOD });
    const built = await colophon(['build', 'good.md', 'other.md', '--format', 'epub'], { cwd: dir });
    expect(built.code, built.stderr).toBe(0);
    const pending = await colophon(['check', 'good.md', 'missing-later.md', '--validate'], { cwd: dir });
    expect(pending.stderr).toContain('missing-later.md');
    // A book not built yet is not validated: the check does not pass.
    const unbuilt = await colophon(['check', 'good.md', 'later.md', '--validate'], { cwd: dir });
    expect(unbuilt.code, unbuilt.stderr).toBe(1);
    expect(unbuilt.stderr).toContain('dist/later.epub: error: not built yet, so not validated; run colophon build first\n');
    expect(unbuilt.stderr).toContain('2 books checked: 0 with errors, 0 warnings, 0 EPUBs failing EPUBCheck, 1 not built');
    const valid = await colophon(['check', 'good.md', 'other.md', '--validate'], { cwd: dir });
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stderr).toContain('dist/good.epub: EPUBCheck found no errors or warnings');
    expect(valid.stderr).toContain('2 books checked: 0 with errors, 0 warnings, 0 EPUBs failing EPUBCheck');
    // Break one EPUB: its package document loses its language.
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'dist', 'other.epub')));
    const opf = Object.keys(zip.files).find((n) => n.endsWith('.opf'))!;
    zip.file(opf, (await zip.file(opf)!.async('string')).replace(/<dc:language>[^<]*<\/dc:language>/, ''));
    writeFileSync(join(dir, 'dist', 'other.epub'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const broken = await colophon(['check', 'good.md', 'other.md', '--validate'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^dist\/other\.epub \([^)]*\.opf[^)]*\): error: .*language.* \[RSC-\d+\]$/m);
    expect(broken.stderr).toContain('1 EPUB failing EPUBCheck');
    // EPUBCheck runs four times here (a Java start each): slow on a busy machine.
  }, 300_000);

  it('with --validate and no Java or EPUBCheck, says what to install', async () => {
    const dir = project({ 'good.md': GOOD });
    const r = await colophon(['check', 'good.md', '--validate'], { cwd: dir, env: { PATH: '/nonexistent', EPUBCHECK_JAR: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--validate needs Java and EPUBCheck (Debian/Ubuntu: apt-get install epubcheck)');
  });
});

describe('chapters outside the book', () => {
  it('refuses a listed chapter that is a symbolic link out of the book folder', async () => {
    const dir = project({ 'secret.md': 'CANARY-SECRET-CHAPTER', 'book/01.md': '# One\n\nText.\n', 'book/book.yaml': 'lang: en\nchapters:\n  - 01.md\n  - 02.md\n' });
    symlinkSync(join(dir, 'secret.md'), join(dir, 'book', '02.md'));
    const r = await colophon(['build', 'book', '--format', 'epub'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^book\/book\.yaml:1:1: error: chapter "02\.md" leads outside the book's folder/m);
    expect(existsSync(join(dir, 'dist', 'book.epub'))).toBe(false);
  });

  it('refuses a SUMMARY.md or book.yaml that is a pipe or a device instead of waiting or reading without end', async () => {
    const dir = project({ 'piped/a.md': '# A\n\nText.\n', 'zero/a.md': '# A\n\nText.\n', 'fine/a.md': '# A\n\nText.\n' });
    execFileSync('mkfifo', [join(dir, 'piped', 'book.yaml')]);
    symlinkSync('/dev/zero', join(dir, 'zero', 'SUMMARY.md'));
    const r = await colophon(['build', 'piped', 'zero', 'fine', '--format', 'epub'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^piped\/book\.yaml:1:1: error: not a regular file/m);
    expect(r.stderr).toMatch(/^zero\/SUMMARY\.md:1:1: error: not a regular file/m);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['fine.epub']);
  });

  it('fails a book whose editions would overwrite another book of the same name, and keeps the first', async () => {
    const dir = project({ 'a/x.md': '# From A\n\nText.\n', 'b/x.md': '# From B\n\nText.\n', 'b/X/one.md': '# Folder\n\nText.\n' });
    const r = await colophon(['build', 'a/x.md', 'b/x.md', 'b/X', '--format', 'epub'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^b\/x\.md:1:1: error: a\/x\.md is also a book named "x" in this build/m);
    expect(r.stderr).toMatch(/^b\/X:1:1: error: a\/x\.md is also a book named "X" in this build/m);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['x.epub']);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'dist', 'x.epub')));
    expect(await zip.file('OEBPS/ch01.xhtml')!.async('string')).toContain('From A');
  });

  it('stops with exit 2 before any work when the output folder or report cannot be written, and on a malformed SOURCE_DATE_EPOCH', async () => {
    const dir = project({ 'x.md': '# A\n\nText.\n', 'afile': 'not a folder' });
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
    for (const [args, message] of [
      [['--out', 'afile'], /cannot make the folder .*afile: .*afile is a file/],
      [['--out', 'x.md/sub'], /cannot make the folder .*x\.md\/sub: part of its path is a file/],
      [['--out', 'dangling'], /dangling is a symbolic link to nothing/],
      [['--out', '/proc/colophon-test'], /cannot (make the folder|write) \/proc\/colophon-test/],
      [['--report', 'x.md/r.json'], /x\.md is a file/],
    ] as const) {
      const r = await colophon(['build', 'x.md', '--format', 'epub', ...args], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\[internal\]|unexpected error|\n\s+at /);
    }
    for (const epoch of ['253402300800', 'yesterday', '1.5']) {
      const r = await colophon(['build', 'x.md', '--format', 'epub'], { cwd: dir, env: { SOURCE_DATE_EPOCH: epoch } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/SOURCE_DATE_EPOCH must be a whole number of seconds since 1970/);
    }
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  }, 60_000);
});
