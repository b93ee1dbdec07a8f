#!/usr/bin/env node
// Writes src/assets/svg-index.ts: for each SVG element Colophon keeps in an image, the attributes
// EPUBCheck's SVG 1.1 schema allows on it and the ones it requires, measured rather than
// transcribed. A small EPUB is built whose one image holds every (element, attribute) pair, one
// per line, each element in a context where it is valid; EPUBCheck is run once, and a line it
// reports with "attribute … not allowed here" marks its pair as refused (a value it finds
// invalid does not: the test values are placeholders). Required attributes come from the
// messages about a bare element of each kind.
// Needs Java and EPUBCheck (`apt-get install epubcheck`) and a built Colophon (`npm run build`).
// Run after upgrading EPUBCheck; the table is committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';

const root = new URL('..', import.meta.url).pathname;

/** Where each element is valid: its parent chain (innermost last), or none for the root `svg`. */
const CONTEXT = {
  stop: ['linearGradient'],
  feFuncA: ['filter', 'feComponentTransfer'],
  feFuncB: ['filter', 'feComponentTransfer'],
  feFuncG: ['filter', 'feComponentTransfer'],
  feFuncR: ['filter', 'feComponentTransfer'],
  feMergeNode: ['filter', 'feMerge'],
  feDistantLight: ['filter', 'feDiffuseLighting'],
  fePointLight: ['filter', 'feDiffuseLighting'],
  feSpotLight: ['filter', 'feDiffuseLighting'],
  tspan: ['text'],
  textPath: ['text'],
};
const ELEMENTS = (
  'a circle clipPath defs desc ellipse feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting ' +
  'feDisplacementMap feDistantLight feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology ' +
  'feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence filter g image line linearGradient marker mask metadata ' +
  'path pattern polygon polyline radialGradient rect stop style svg switch symbol text textPath title tspan use view'
).split(' ');
for (const fe of ELEMENTS.filter((e) => e.startsWith('fe') && !(e in CONTEXT))) CONTEXT[fe] = ['filter'];

/** Every attribute name EPUBCheck's SVG schema mentions, and those of SVG 2 and CSS that tools write. */
const schemaDir = mkdtempSync(join(tmpdir(), 'colophon-svg-schema-'));
execFileSync('unzip', ['-q', '-o', '/usr/share/java/epubcheck.jar', 'com/adobe/epubcheck/schema/30/mod/svg11/*', '-d', schemaDir]);
const rnc = execFileSync('sh', ['-c', `cat ${schemaDir}/com/adobe/epubcheck/schema/30/mod/svg11/*.rnc`], { encoding: 'utf8' });
const ATTRIBUTES = [
  ...new Set([
    ...[...rnc.matchAll(/attribute ([a-zA-Z][\w:-]*)/g)].map((m) => m[1]).filter((a) => !/^on/.test(a) && !a.endsWith('-') && !a.endsWith(':') && (!a.includes(':') || /^(xlink|xml):/.test(a))),
    ...'paint-order vector-effect transform-origin transform-box mix-blend-mode isolation crossorigin role aria-label aria-hidden data-name lang tabindex fr href'.split(' '),
  ]),
].sort();

const open = (tag, attrs = '') => `<${tag}${attrs}>`;
const line = (tag, attrs) => {
  const chain = CONTEXT[tag] ?? [];
  const inner = tag === 'svg' ? `<svg${attrs}/>` : tag === 'text' || tag === 'tspan' || tag === 'textPath' || tag === 'title' || tag === 'desc' || tag === 'style' ? `${open(tag, attrs)}t</${tag}>` : `<${tag}${attrs}/>`;
  return `${chain.map((c) => open(c)).join('')}${inner}${[...chain].reverse().map((c) => `</${c}>`).join('')}`;
};

async function check(lines) {
  const dir = mkdtempSync(join(tmpdir(), 'colophon-svg-'));
  writeFileSync(join(dir, 'img.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
  writeFileSync(join(dir, 'b.md'), '---\ntitle: SVG\nlang: en\n---\n\n# SVG\n\n![An image](img.svg)\n');
  execFileSync(process.execPath, [join(root, 'lib/colophon.mjs'), 'build', join(dir, 'b.md'), '--format', 'epub', '--out', join(dir, 'out'), '--quiet', '--jobs', '1']);
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/b.epub')));
  const image = Object.keys(zip.files).find((f) => f.endsWith('.svg') && f.includes('images/'));
  const head = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><defs><path id="p" d="M0 0"/></defs>';
  zip.file(image, `${head}\n${lines.join('\n')}\n</svg>\n`);
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  writeFileSync(join(dir, 'm.epub'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  const { stdout, stderr } = spawnSync('java', ['-jar', '/usr/bin/epubcheck', join(dir, 'm.epub')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const byLine = new Map();
  const name = image.split('/').pop().replace('.', '\\.');
  for (const l of `${stdout}\n${stderr}`.split('\n')) {
    const m = new RegExp(`${name}\\((\\d+),`).exec(l);
    if (m) (byLine.get(Number(m[1]) - 2) ?? byLine.set(Number(m[1]) - 2, []).get(Number(m[1]) - 2)).push(l);
  }
  return byLine;
}

// Required attributes: what a bare element of each kind is said to miss.
const bare = await check(ELEMENTS.map((tag) => line(tag, '')));
const required = {};
ELEMENTS.forEach((tag, i) => {
  for (const l of bare.get(i) ?? []) {
    const m = /missing required attributes? (.+)$/.exec(l);
    if (m) required[tag] = [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
  }
});
const requiredAttrs = (tag) => (required[tag] ?? []).map((a) => ` ${a}="${/href$/.test(a) ? '#p' : a === 'type' ? 'identity' : '1'}"`).join('');

// Allowed attributes: each (element, attribute) pair on a line of its own.
const pairs = [];
const lines = [];
for (const tag of ELEMENTS) {
  for (const attr of ATTRIBUTES) {
    if ((required[tag] ?? []).includes(attr)) continue;
    pairs.push([tag, attr]);
    lines.push(line(tag, `${requiredAttrs(tag)} ${attr}="${/href$/.test(attr) ? '#p' : '1'}"`));
  }
}
const found = await check(lines);
const allowed = {};
pairs.forEach(([tag, attr], i) => {
  const refused = (found.get(i) ?? []).some((l) => l.includes(`attribute "${attr}" not allowed here`) || (/not allowed here/.test(l) && !/attribute "/.test(l)));
  if (!refused) (allowed[tag] ??= []).push(attr);
});
for (const tag of ELEMENTS) allowed[tag] = [...(allowed[tag] ?? []), ...(required[tag] ?? [])].sort();

// Attributes whose every definition in the schema is a list of keywords (`fill-rule`: nonzero,
// evenodd, inherit), directly or through a datatype that is one; values outside it are refused.
const keywordLists = (body) => {
  const parts = body.split('|').map((p) => p.trim());
  const words = parts.map((p) => /^(?:string\s+)?"([^"]*)"$/.exec(p)?.[1]);
  return words.every((w) => w !== undefined) ? words : undefined;
};
// SVG fonts' modules are left out: Colophon drops font elements, and their free-form `font-weight` would hide the text's list.
const rncNoFonts = execFileSync('sh', ['-c', `ls ${schemaDir}/com/adobe/epubcheck/schema/30/mod/svg11/*.rnc | grep -v -e svg-font -e svg-basic-font | xargs cat`], { encoding: 'utf8' });
const datatypes = new Map();
for (const m of rncNoFonts.matchAll(/^\s*([\w.-]+\.datatype)\s*=\s*([^\n]+(?:\n\s*\|[^\n]+)*)/gm)) datatypes.set(m[1], keywordLists(m[2]));
const values = new Map();
for (const m of rncNoFonts.matchAll(/attribute ([a-zA-Z][\w:-]*) \{([^{}]*)\}/g)) {
  const body = m[2].trim();
  const words = /^[\w.-]+\.datatype$/.test(body) ? datatypes.get(body) : keywordLists(body);
  const seen = values.get(m[1]);
  // One free-form definition anywhere: values of this attribute are not checked.
  values.set(m[1], words === undefined || seen === null ? null : [...new Set([...(seen ?? []), ...words])]);
}
const keywordAttributes = [...values].filter(([, words]) => words && words.length > 0).sort(([a], [b]) => (a < b ? -1 : 1));

// Attributes every element allows are listed once.
const common = ATTRIBUTES.filter((a) => ELEMENTS.every((tag) => allowed[tag].includes(a)));
const quote = (s) => (/^[a-zA-Z]\w*$/.test(s) ? s : JSON.stringify(s));
const version = /EPUBCheck v?([\d.]+)/i.exec(spawnSync('java', ['-jar', '/usr/bin/epubcheck', '--version'], { encoding: 'utf8' }).stdout)?.[1] ?? 'unknown';
writeFileSync(
  join(root, 'src/assets/svg-index.ts'),
  `// Generated by scripts/index-svg.mjs with EPUBCheck ${version}; do not edit.\n` +
    `/** Attributes every SVG element Colophon keeps may carry. */\n` +
    `export const svgCommonAttributes = '${common.join(' ')}';\n\n` +
    `/** Element → the other attributes it may carry. */\n` +
    `export const svgAttributes: Readonly<Record<string, string>> = {\n${ELEMENTS.map((tag) => `  ${quote(tag)}: '${allowed[tag].filter((a) => !common.includes(a)).join(' ')}',`).join('\n')}\n};\n\n` +
    `/** Attributes whose value is one of a list of keywords, and the list. */\n` +
    `export const svgKeywords: Readonly<Record<string, string>> = {\n${keywordAttributes.map(([name, words]) => `  ${quote(name)}: '${words.join(' ')}',`).join('\n')}\n};\n\n` +
    `/** Element → the attributes it must have (an element without them is dropped). */\n` +
    `export const svgRequired: Readonly<Record<string, string>> = {\n${Object.entries(required).map(([tag, attrs]) => `  ${quote(tag)}: '${attrs.join(' ')}',`).join('\n')}\n};\n`,
);
console.log(`${ELEMENTS.length} elements × ${ATTRIBUTES.length} attributes: ${pairs.length} pairs tried; ${common.length} attributes common to all; required: ${JSON.stringify(required)}`);
