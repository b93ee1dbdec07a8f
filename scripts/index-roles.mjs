#!/usr/bin/env node
// Writes src/markdown/role-index.ts: which ARIA and DPUB-ARIA roles EPUBCheck accepts on which
// HTML element, measured rather than transcribed. Every (element, role) pair Colophon's EPUB
// schema lets through is written into one chapter of a small EPUB, one pair per line, in a context
// where the element itself is valid; EPUBCheck is run once and each line it reports marks its pair
// as refused. Roles that need ARIA states the schema never keeps (role="checkbox" needs
// aria-checked) come out refused everywhere, as they should.
// Needs Java and EPUBCheck (`apt-get install epubcheck`) and a built Colophon (`npm run build`).
// Run after upgrading EPUBCheck; the table is committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';

const ROLES = (
  'alert alertdialog application article banner button cell checkbox columnheader combobox complementary contentinfo definition dialog ' +
  'directory document feed figure form graphics-document graphics-object graphics-symbol grid gridcell group heading img link list ' +
  'listbox listitem log main marquee math menu menubar menuitem menuitemcheckbox menuitemradio navigation none note option presentation ' +
  'progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status switch tab ' +
  'table tablist tabpanel term textbox timer toolbar tooltip tree treegrid treeitem ' +
  'doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography doc-biblioref doc-chapter ' +
  'doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication doc-endnote doc-endnotes doc-epigraph doc-epilogue doc-errata ' +
  'doc-example doc-footnote doc-foreword doc-glossary doc-glossref doc-index doc-introduction doc-noteref doc-notice doc-pagebreak ' +
  'doc-pagelist doc-part doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc ' +
  // Tokens of newer ARIA versions, to learn whether this EPUBCheck knows them.
  'generic paragraph strong emphasis blockquote caption code deletion insertion meter subscript superscript time'
).split(' ');

const cell = '<td>c</td>';
/** How each element is written with a role `R`, inside a context where it is valid. */
const CASES = {
  a: '<p><a href="#x" role="R">a</a></p>',
  abbr: '<p><abbr role="R">a</abbr></p>',
  address: '<address role="R">a</address>',
  article: '<article role="R"><p>a</p></article>',
  aside: '<aside role="R"><p>a</p></aside>',
  b: '<p><b role="R">a</b></p>',
  bdi: '<p><bdi role="R">a</bdi></p>',
  bdo: '<p><bdo dir="ltr" role="R">a</bdo></p>',
  blockquote: '<blockquote role="R"><p>a</p></blockquote>',
  br: '<p>a<br role="R"/>b</p>',
  caption: `<table><caption role="R">a</caption><tbody><tr>${cell}</tr></tbody></table>`,
  cite: '<p><cite role="R">a</cite></p>',
  code: '<p><code role="R">a</code></p>',
  col: `<table><colgroup><col role="R"/></colgroup><tbody><tr>${cell}</tr></tbody></table>`,
  colgroup: `<table><colgroup role="R"><col/></colgroup><tbody><tr>${cell}</tr></tbody></table>`,
  dd: '<dl><dt>t</dt><dd role="R">a</dd></dl>',
  del: '<p><del role="R">a</del></p>',
  details: '<details role="R"><summary>s</summary><p>a</p></details>',
  dfn: '<p><dfn role="R">a</dfn></p>',
  div: '<div role="R">a</div>',
  dl: '<dl role="R"><dt>t</dt><dd>d</dd></dl>',
  dt: '<dl><dt role="R">t</dt><dd>d</dd></dl>',
  em: '<p><em role="R">a</em></p>',
  figcaption: '<figure><figcaption role="R">a</figcaption><p>f</p></figure>',
  figure: '<figure role="R"><p>f</p></figure>',
  footer: '<footer role="R"><p>a</p></footer>',
  h1: '<h1 role="R">a</h1>',
  h2: '<h2 role="R">a</h2>',
  h3: '<h3 role="R">a</h3>',
  h4: '<h4 role="R">a</h4>',
  h5: '<h5 role="R">a</h5>',
  h6: '<h6 role="R">a</h6>',
  header: '<header role="R"><p>a</p></header>',
  hr: '<hr role="R"/>',
  i: '<p><i role="R">a</i></p>',
  img: '<p><img src="IMG" alt="an image" role="R"/></p>',
  ins: '<p><ins role="R">a</ins></p>',
  kbd: '<p><kbd role="R">a</kbd></p>',
  li: '<ul><li role="R">a</li></ul>',
  mark: '<p><mark role="R">a</mark></p>',
  nav: '<nav role="R"><p>a</p></nav>',
  ol: '<ol role="R"><li>a</li></ol>',
  p: '<p role="R">a</p>',
  pre: '<pre role="R">a</pre>',
  q: '<p><q role="R">a</q></p>',
  rp: '<p><ruby>漢<rp role="R">(</rp><rt>k</rt><rp>)</rp></ruby></p>',
  rt: '<p><ruby>漢<rp>(</rp><rt role="R">k</rt><rp>)</rp></ruby></p>',
  ruby: '<p><ruby role="R">漢<rp>(</rp><rt>k</rt><rp>)</rp></ruby></p>',
  s: '<p><s role="R">a</s></p>',
  samp: '<p><samp role="R">a</samp></p>',
  section: '<section role="R"><p>a</p></section>',
  small: '<p><small role="R">a</small></p>',
  span: '<p><span role="R">a</span></p>',
  strong: '<p><strong role="R">a</strong></p>',
  sub: '<p><sub role="R">a</sub></p>',
  summary: '<details><summary role="R">s</summary><p>a</p></details>',
  sup: '<p><sup role="R">a</sup></p>',
  table: `<table role="R"><tbody><tr>${cell}</tr></tbody></table>`,
  tbody: `<table><tbody role="R"><tr>${cell}</tr></tbody></table>`,
  td: '<table><tbody><tr><td role="R">c</td></tr></tbody></table>',
  tfoot: `<table><tbody><tr>${cell}</tr></tbody><tfoot role="R"><tr>${cell}</tr></tfoot></table>`,
  th: `<table><tbody><tr><th role="R">h</th></tr></tbody></table>`,
  thead: `<table><thead role="R"><tr>${cell}</tr></thead><tbody><tr>${cell}</tr></tbody></table>`,
  time: '<p><time datetime="2020-01-01" role="R">a</time></p>',
  tr: `<table><tbody><tr role="R">${cell}</tr></tbody></table>`,
  u: '<p><u role="R">a</u></p>',
  ul: '<ul role="R"><li>a</li></ul>',
  var: '<p><var role="R">a</var></p>',
  wbr: '<p>a<wbr role="R"/>b</p>',
};

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'colophon-roles-'));
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
writeFileSync(join(dir, 'img.png'), png);
writeFileSync(join(dir, 'roles.md'), '---\ntitle: Roles\nlang: en\n---\n\n# Roles\n\n![An image](img.png)\n\nText.\n');
execFileSync(process.execPath, [join(root, 'lib/colophon.mjs'), 'build', join(dir, 'roles.md'), '--format', 'epub', '--out', join(dir, 'out'), '--quiet', '--jobs', '1'], { stdio: 'inherit' });
const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/roles.epub')));
const chapterPath = Object.keys(zip.files).find((f) => /ch\d+\.xhtml$/.test(f));
const chapter = await zip.file(chapterPath).async('string');
const imageHref = /<img[^>]*src="([^"]+)"/.exec(chapter)[1];

// One pair per line; the first line of the body is line `offset + 1`.
const pairs = [];
const lines = [];
for (const [tag, template] of Object.entries(CASES)) {
  for (const role of ROLES) {
    pairs.push([tag, role]);
    lines.push(template.replace('role="R"', `role="${role}"`).replace('IMG', imageHref));
  }
}
const head = chapter.slice(0, chapter.indexOf('<body'));
const prefix = `${head}<body>\n<div id="x">`;
const offset = prefix.split('\n').length;
zip.file(chapterPath, `${prefix}\n${lines.join('\n')}\n</div></body></html>\n`);
zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
const epub = join(dir, 'matrix.epub');
writeFileSync(epub, await zip.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip', compression: 'DEFLATE' }));

// The text report lists every location (the JSON one gives a few per message and a count).
const { stdout, stderr } = spawnSync('java', ['-jar', '/usr/bin/epubcheck', epub], { encoding: 'utf8', maxBuffer: 1 << 28 });
const refused = new Set();
const unexpected = [];
const chapterName = chapterPath.split('/').pop();
for (const line of `${stdout}\n${stderr}`.split('\n').filter((l) => /^(FATAL|ERROR|WARNING)/.test(l))) {
  const at = new RegExp(`${chapterName.replace('.', '\\.')}\\((\\d+),`).exec(line);
  const index = at ? Number(at[1]) - offset - 1 : -1;
  if (index >= 0 && index < pairs.length) refused.add(index);
  else unexpected.push(line);
}
if (unexpected.length > 0) throw new Error(`EPUBCheck reported outside the matrix:\n${unexpected.join('\n')}`);

const allowed = {};
pairs.forEach(([tag, role], i) => {
  if (!refused.has(i)) (allowed[tag] ??= []).push(role);
});
// The set most elements accept is listed once, under "*"; elements accepting another set, by name.
const sets = Object.keys(CASES).map((tag) => (allowed[tag] ?? []).join(" "));
const common = sets.sort((a, b) => sets.filter((s) => s === b).length - sets.filter((s) => s === a).length)[0];
const table = { '*': common };
for (const tag of Object.keys(CASES)) if ((allowed[tag] ?? []).join(' ') !== common) table[tag] = (allowed[tag] ?? []).join(' ');
const version = /EPUBCheck v?([\d.]+)/i.exec(spawnSync('java', ['-jar', '/usr/bin/epubcheck', '--version'], { encoding: 'utf8' }).stdout)?.[1] ?? 'unknown';
writeFileSync(
  join(root, 'src/markdown/role-index.ts'),
  `// Generated by scripts/index-roles.mjs with EPUBCheck ${version}; do not edit.\n` +
    `/** Element → the role tokens EPUBCheck accepts on it (\`*\`: on every other element Colophon keeps). */\n` +
    `export const roleIndex: Readonly<Record<string, string>> = {\n${Object.entries(table)
      .map(([tag, roles]) => `  ${/^[a-z0-9]+$/.test(tag) ? tag : JSON.stringify(tag)}: '${roles}',`)
      .join('\n')}\n};\n`,
);
console.log(`${pairs.length} pairs tried, ${refused.size} refused; ${Object.keys(table).length - 1} elements with roles of their own`);
