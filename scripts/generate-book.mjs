#!/usr/bin/env node
// Deterministic test-book generator for benchmarks. Node built-ins only; every random choice comes
// from a seeded PRNG, so the same arguments always write the same bytes.
//
//   node scripts/generate-book.mjs OUT_DIR [--chapters N] [--scale K] [--seed S]
//       A folder book: SUMMARY.md (mdBook form: prefix chapter, two parts, nested list, suffix
//       chapter), book.yaml, preface.md, ch001.md … chNNN.md, appendix.md and images/fig1-4.png.
//       --chapters N  chapter files in all, preface and appendix included (default 110)
//       --scale K     multiplies the amount of text per chapter (default 1: about 11 KB a chapter,
//                     1.2 MB of Markdown for 110; K=2 and K=4 give about 2x and 4x the book);
//                     the chapter count stays
//
//   node scripts/generate-book.mjs --shelf N OUT_DIR [--size BYTES] [--seed S]
//       N one-file manuscripts shaped like the seed op-ed (# Title, By line, date line, prose),
//       about BYTES each (default 6000; the seed itself is 4137 bytes). `--one-file N` is a synonym.
//
// Also importable: `generateBook(dir, options)` and `generateShelf(dir, count, options)`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// PRNG: a string seed hashed (cyrb128) into sfc32. Independent streams per chapter keep a
// chapter's text stable when other chapters change.

function cyrb128(str) {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function makeRng(seed) {
  let [a, b, c, d] = cyrb128(String(seed));
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    between: (lo, hi) => lo + next() * (hi - lo),
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: regular nouns and verbs only, so plurals and third-person forms can be made by rule.

const w = (s) => s.trim().split(/\s+/);
const NOUNS = w(`
  system process editor reader writer author chapter draft page margin index archive record
  library budget schedule deadline method pattern signal network market policy decision report
  survey question answer theory model measure sample result problem solution account argument
  border budget campaign council country culture debate economy election engine factory habit
  harvest history journal language leader lesson letter machine manager message minister moment
  museum neighbor option paper partner pattern period picture planet platform pressure price
  program project quarter reason region river route season sector service shift signal
  source station strategy student subject surface teacher tension territory thread tool tower
  trade tradition treaty version village volume window worker address habit garden bridge
  kitchen harbor journey ledger lantern meadow orchard parcel pilot quarry railway scholar
  skeleton summit tunnel valley vessel workshop compiler parser renderer pipeline template
  manuscript typeface layout column footnote heading paragraph sentence stylesheet
`);
const ADJECTIVES = w(`
  quiet careful distant early late modern ancient simple complex narrow broad brief steady
  uneven familiar strange practical formal informal private public local global central
  gradual sudden ordinary rare common visible hidden useful costly cheap slow rapid precise
  rough gentle stubborn patient fragile durable obvious subtle honest reliable uncertain
  generous modest rigid flexible crowded empty remote urban rural northern southern
  political economic technical historical digital physical natural original final initial
  considerable reasonable significant particular separate similar various
`);
const VERBS = w(`
  shape measure reveal support test change guide follow replace limit improve explain describe
  protect extend record review balance connect inform reduce increase publish correct compare
  create define enable deliver frame gather outline predict resolve signal sustain transform
  trace weigh absorb allow assume challenge clarify combine deserve expose favor organize
  preserve question reflect reject require restore shorten simplify strengthen suggest
  translate undermine welcome affect alter anchor borrow collect consider contain
`);
const ADVERBS = w(`
  quietly carefully rarely often slowly quickly gradually suddenly usually barely largely
  partly mostly clearly plainly openly firmly gently steadily eventually finally simply
  increasingly occasionally deliberately
`);
const PREPOSITIONS = w('in across within beyond beneath around through against toward without after before under over');
const CONNECTORS = ['However', 'Still', 'In practice', 'Even so', 'For this reason', 'At the same time', 'In the end', 'By contrast', 'Meanwhile', 'As a result', 'Of course', 'In most cases', 'Later', 'Nevertheless'];
const FIRST = w('Anna Boris Clara David Elena Farid Grace Hugo Irina James Kira Leon Maya Nikolai Olga Pavel Quinn Rosa Samuel Tanya Victor Wendy Yusuf Zoe');
const LAST = w('Abbott Baranov Castillo Dvorak Ellison Fischer Garrido Hartmann Ivanova Jensen Kowalski Lindqvist Moreau Novak Okafor Petrova Quint Rahman Sato Tanaka Underwood Volkova Whitaker Young Zielinski');
const MONTHS = w('January February March April May June July August September October November December');

const plural = (n) => (/(s|x|z|ch|sh)$/.test(n) ? `${n}es` : /[^aeiou]y$/.test(n) ? `${n.slice(0, -1)}ies` : `${n}s`);
const third = plural; // regular verbs take the same endings
const past = (v) => (v.endsWith('e') ? `${v}d` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ied` : `${v}ed`);
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (word) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const titleCase = (s) => s.split(' ').map((x, i) => (i > 0 && /^(of|and|the|in|on|for|a|an|to)$/.test(x) ? x : cap(x))).join(' ');
const camel = (a, b) => `${a}${cap(b)}`;

/** GitHub-style heading slug, as rehype-slug (github-slugger) makes it, for ASCII headings. */
export function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

// ---------------------------------------------------------------------------------------------
// Prose.

function nounPhrase(r, { pluralForm = false } = {}) {
  const n = r.pick(NOUNS);
  const adj = r.chance(0.45) ? `${r.pick(ADJECTIVES)} ` : '';
  if (pluralForm) return `${r.pick(['the', 'these', 'many', 'most', 'some', 'such', 'other'])} ${adj}${plural(n)}`;
  const det = r.pick(['the', 'the', 'the', 'a', 'every', 'each', 'this', 'that', 'one']);
  const phrase = `${adj}${n}`;
  return det === 'a' ? `${article(phrase)} ${phrase}` : `${det} ${phrase}`;
}

function clause(r) {
  const pl = r.chance(0.3);
  const subject = nounPhrase(r, { pluralForm: pl });
  const verb = pl ? r.pick(VERBS) : third(r.pick(VERBS));
  const adv = r.chance(0.25) ? ` ${r.pick(ADVERBS)}` : '';
  let s = `${subject}${adv} ${verb} ${nounPhrase(r)}`;
  if (r.chance(0.55)) s += ` ${r.pick(PREPOSITIONS)} ${nounPhrase(r, { pluralForm: r.chance(0.3) })}`;
  return s;
}

function sentence(r) {
  const kind = r.int(0, 9);
  let s;
  switch (kind) {
    case 0: s = `${r.pick(CONNECTORS)}, ${clause(r)}`; break;
    case 1: s = `When ${clause(r)}, ${clause(r)}`; break;
    case 2: s = `${cap(clause(r))}, which ${third(r.pick(VERBS))} ${nounPhrase(r)}`; break;
    case 3: s = `${cap(clause(r))}, but ${clause(r)}`; break;
    case 4: s = `This is why ${nounPhrase(r)} should ${r.pick(VERBS)} ${nounPhrase(r)} before ${clause(r)}`; break;
    case 5: s = `${cap(nounPhrase(r))} ${past(r.pick(VERBS))} ${nounPhrase(r)} ${r.pick(PREPOSITIONS)} ${nounPhrase(r)} and ${past(r.pick(VERBS))} ${nounPhrase(r)}`; break;
    case 6: return `What would ${nounPhrase(r)} ${r.pick(VERBS)} if ${clause(r)}?`;
    case 7: s = `${cap(clause(r))}`; break;
    case 8: s = `Few ${plural(r.pick(NOUNS))} ${r.pick(VERBS)} ${nounPhrase(r)} so ${r.pick(ADVERBS)}`; break;
    default: s = `${cap(clause(r))}; ${clause(r)}`;
  }
  return `${cap(s)}.`;
}

/** Adds inline markup to one word of a sentence (emphasis, strong or code), sometimes. */
function decorate(r, s, { markup }) {
  if (!markup || !r.chance(0.12)) return s;
  const words = s.split(' ');
  const i = r.int(1, Math.max(1, words.length - 2));
  if (!/^[a-z]{5,}$/.test(words[i] ?? '')) return s;
  const style = r.int(0, 2);
  words[i] = style === 0 ? `*${words[i]}*` : style === 1 ? `**${words[i]}**` : `\`${words[i]}_${r.pick(NOUNS)}\``;
  return words.join(' ');
}

function paragraph(r, ctx = {}) {
  const n = r.chance(0.15) ? r.int(1, 2) : r.int(3, 8);
  const out = [];
  for (let i = 0; i < n; i++) {
    let s = decorate(r, sentence(r), { markup: ctx.markup !== false });
    if (ctx.extras && i > 0) {
      const extra = ctx.extras(r);
      if (extra) s = `${extra} ${s}`;
    }
    if (ctx.footnote && i === n - 1 && r.chance(ctx.footnote.p)) s += ctx.footnote.ref();
    out.push(s);
  }
  return out.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Block elements.

function codeBlock(r) {
  const a = r.pick(NOUNS), b = r.pick(NOUNS), c = r.pick(VERBS);
  const n = r.int(2, 64);
  const lang = r.pick(['js', 'python', 'rust', 'sh']);
  const variant = r.int(0, 1);
  const body = {
    js: [
      `export function ${camel(c, a)}(items, options = {}) {\n  const limit = options.limit ?? ${n};\n  return items\n    .filter((item) => item.${b} > ${n % 7})\n    .slice(0, limit)\n    .map((item) => ({ ...item, ${a}: item.${b} * 2 }));\n}`,
      `const ${a}s = new Map();\nfor (const [key, value] of Object.entries(${b}Index)) {\n  if (value.length < ${n}) continue;\n  ${a}s.set(key, value.map((x) => x.trim()).join(', '));\n}\nconsole.log(\`\${${a}s.size} ${a}s\`);`,
    ],
    python: [
      `def ${c}_${a}(records, threshold=${n}):\n    """Return the ${plural(a)} above the threshold, by ${b}."""\n    result = []\n    for record in records:\n        if record["${b}"] >= threshold:\n            result.append(record)\n    return sorted(result, key=lambda r: r["${b}"])`,
      `from collections import Counter\n\n${a}_counts = Counter(word.lower() for word in text.split())\nfor word, count in ${a}_counts.most_common(${n}):\n    print(f"{word:>20} {count:6d}")`,
    ],
    rust: [
      `pub fn ${c}_${a}(values: &[u32]) -> Option<u32> {\n    let total: u32 = values.iter().copied().filter(|v| *v > ${n}).sum();\n    if total == 0 { None } else { Some(total / values.len() as u32) }\n}`,
      `#[derive(Debug, Clone)]\nstruct ${cap(a)} {\n    ${b}: String,\n    weight: f64,\n}\n\nimpl ${cap(a)} {\n    fn ${c}(&mut self, factor: f64) {\n        self.weight *= factor.max(${n}.0);\n    }\n}`,
    ],
    sh: [
      `#!/bin/sh\nset -eu\nfor f in ${plural(a)}/*.md; do\n  wc -w "$f"\ndone | sort -n | tail -n ${n}`,
      `mkdir -p build/${plural(b)}\ncp -r ${plural(a)}/ build/\ngrep -rl "${c}" build/ | xargs -r sed -i 's/${a}/${b}/g'`,
    ],
  }[lang][variant];
  return { lang, text: `\`\`\`${lang}\n${body}\n\`\`\`` };
}

function table(r) {
  const cols = r.int(3, 4);
  const headers = [cap(r.pick(NOUNS)), 'Count', 'Share', cap(r.pick(ADJECTIVES))].slice(0, cols);
  const align = [':---', '---:', ':---:', ':---'].slice(0, cols);
  const rows = [];
  for (let i = r.int(3, 6); i > 0; i--) {
    const row = [cap(plural(r.pick(NOUNS))), String(r.int(3, 9999)), `${r.int(1, 99)}%`, r.pick(['yes', 'no', 'partly', 'unknown', r.pick(ADVERBS)])];
    rows.push(`| ${row.slice(0, cols).join(' | ')} |`);
  }
  return [`| ${headers.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows].join('\n');
}

function bulletList(r) {
  const items = [];
  for (let i = r.int(3, 6); i > 0; i--) {
    items.push(r.chance(0.4) ? `- **${cap(r.pick(NOUNS))}**: ${sentence(r)}` : `- ${sentence(r)}`);
  }
  return items.join('\n');
}

function numberedList(r) {
  const items = [];
  const n = r.int(3, 6);
  for (let i = 1; i <= n; i++) items.push(`${i}. ${sentence(r)}`);
  return items.join('\n');
}

function blockQuote(r) {
  const lines = [`> ${paragraph(r, { markup: false })}`];
  if (r.chance(0.6)) lines.push('>', `> — ${r.pick(FIRST)} ${r.pick(LAST)}`);
  return lines.join('\n');
}

const DISPLAY_MATH = [
  '\\sum_{i=1}^{n} w_i x_i = \\frac{1}{n} \\int_0^1 f(t)\\,dt',
  'E = mc^2',
  '\\bar{x} = \\frac{1}{n} \\sum_{i=1}^{n} x_i',
  'P(A \\mid B) = \\frac{P(B \\mid A)\\,P(A)}{P(B)}',
  '\\sigma^2 = \\frac{1}{n-1} \\sum_{i=1}^{n} (x_i - \\bar{x})^2',
  'f(x) = \\sqrt{a^2 + b^2} \\cdot e^{-\\lambda x}',
];
const INLINE_MATH = ['$x^2$', '$n \\log n$', '$a + b = c$', '$\\alpha_k$', '$p < 0.05$', '$\\frac{1}{2}$', '$O(n^2)$'];

// ---------------------------------------------------------------------------------------------
// Images: small, valid PNGs (truecolour, 8 bits) drawn as simple bar charts.

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

export function makePng(r, width, height) {
  const palette = [[0x2b, 0x5c, 0x8a], [0xc0, 0x5a, 0x3c], [0x5a, 0x8f, 0x4e], [0x8e, 0x6c, 0xa8], [0xd4, 0xa0, 0x2a]];
  const bars = r.int(4, 9);
  const heights = Array.from({ length: bars }, () => r.between(0.15, 0.95));
  const barWidth = Math.floor((width - 16) / bars);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      let rgb = [0xfb, 0xf9, 0xf4];
      const bar = Math.floor((x - 8) / barWidth);
      const inBar = x >= 8 && bar < bars && (x - 8) % barWidth < barWidth - 3;
      if (y === height - 8 || (x === 8 && y < height - 8)) rgb = [0x33, 0x33, 0x33];
      else if (inBar && y < height - 8 && y >= (height - 8) * (1 - heights[bar])) rgb = palette[bar % palette.length];
      else if (y % 20 === 0) rgb = [0xe4, 0xe0, 0xd8];
      raw.set(rgb, row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The folder book.

const CHAPTER_BYTES = 1_200_000 / 110; // Markdown per chapter on average at scale 1 (1.2 MB for 110)
const SECTION_BYTES = 1_400; // rough size of one ## or ### section at any scale

function chapterTitle(r, used) {
  for (;;) {
    const t = r.pick([
      () => `The ${cap(r.pick(ADJECTIVES))} ${cap(r.pick(NOUNS))}`,
      () => `${cap(plural(r.pick(NOUNS)))} and ${cap(plural(r.pick(NOUNS)))}`,
      () => `On ${cap(r.pick(ADJECTIVES))} ${cap(plural(r.pick(NOUNS)))}`,
      () => `Why ${cap(plural(r.pick(NOUNS)))} ${cap(r.pick(VERBS))}`,
      () => `The ${cap(r.pick(NOUNS))} of the ${cap(r.pick(NOUNS))}`,
    ])();
    if (!used.has(t)) {
      used.add(t);
      return t;
    }
  }
}

function sectionHeading(r, used) {
  for (;;) {
    const t = titleCase(r.pick([
      () => `${r.pick(ADJECTIVES)} ${plural(r.pick(NOUNS))}`,
      () => `the ${r.pick(NOUNS)} and the ${r.pick(NOUNS)}`,
      () => `how ${plural(r.pick(NOUNS))} ${r.pick(VERBS)} ${plural(r.pick(NOUNS))}`,
      () => `${r.pick(NOUNS)}: ${r.pick(ADJECTIVES)} ${plural(r.pick(NOUNS))}`,
      () => { const a = r.pick(ADJECTIVES); return `${article(a)} ${a} ${r.pick(NOUNS)}, revisited`; },
      () => `${r.pick(NOUNS)} ${r.pick(NOUNS)} in ${r.int(1970, 2024)}`,
    ])());
    const s = slug(t);
    if (!used.has(s)) {
      used.add(s);
      return { text: t, slug: s };
    }
  }
}

/**
 * Writes a folder book into `dir` and returns what it wrote. `chapters` counts every chapter file
 * (preface and appendix included); `scale` multiplies the text per chapter.
 */
export function generateBook(dir, { chapters = 110, scale = 1, seed = 'colophon' } = {}) {
  if (!Number.isInteger(chapters) || chapters < 3) throw new Error('--chapters must be an integer of at least 3');
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  mkdirSync(join(dir, 'images'), { recursive: true });
  const plan = makeRng(`${seed}:plan`);

  // Chapters, their titles, byte budgets, depth in the summary and headings (pass 1: everything a
  // link may point to exists before any text is written).
  const bodyCount = chapters - 2;
  const titles = new Set();
  const list = [{ file: 'preface.md', title: 'Preface', label: 'the preface', matter: 'front', weight: 0.5 }];
  for (let i = 1; i <= bodyCount; i++) {
    const num = String(i).padStart(3, '0');
    list.push({ file: `ch${num}.md`, title: chapterTitle(plan, titles), label: `chapter ${i}`, matter: 'body', weight: plan.between(0.55, 1.45) });
  }
  list.push({ file: 'appendix.md', title: 'Appendix', label: 'the appendix', matter: 'back', weight: 0.7 });
  const totalWeight = list.reduce((s, c) => s + c.weight, 0);
  for (const c of list) {
    c.budget = (CHAPTER_BYTES * list.length * scale * c.weight) / totalWeight;
    const used = new Set([slug(c.title)]);
    c.sections = [];
    const n = Math.max(2, Math.round(c.budget / SECTION_BYTES));
    for (let k = 0; k < n; k++) {
      const level = k > 0 && plan.chance(0.3) ? 3 : 2;
      c.sections.push({ level, ...sectionHeading(plan, used) });
    }
  }

  // Depth in SUMMARY.md: some body chapters are sub-chapters of the one before; two parts.
  const body = list.filter((c) => c.matter === 'body');
  const partBreak = Math.ceil(body.length / 2);
  body.forEach((c, i) => {
    c.part = i < partBreak ? 0 : 1;
    c.depth = i !== 0 && i !== partBreak && plan.chance(0.3) ? 1 : 0;
  });

  const images = [];
  const captions = [
    ['Bar chart of drafts revised per week', 'Drafts revised per week'],
    ['Bar chart of chapter lengths by part', 'Chapter lengths by part'],
    ['Bar chart of review comments by reviewer', 'Review comments by reviewer'],
    ['Bar chart of build times across releases', 'Build times across releases'],
  ];
  captions.forEach(([alt, caption], i) => {
    const file = `images/fig${i + 1}.png`;
    const png = makePng(makeRng(`${seed}:png:${i}`), 240 + 40 * i, 140 + 10 * i);
    writeFileSync(join(dir, file), png);
    images.push({ file, alt, caption: `Figure ${i + 1}: ${caption}`, bytes: png.length });
  });

  // Pass 2: the text.
  let mdBytes = 0;
  const write = (name, text) => {
    const buf = Buffer.from(text, 'utf8');
    writeFileSync(join(dir, name), buf);
    mdBytes += buf.length;
  };
  list.forEach((c, index) => {
    const r = makeRng(`${seed}:chapter:${index}`);
    const notes = [];
    const footnote = {
      p: 0.12,
      ref: () => {
        notes.push(`[^${notes.length + 1}]: ${sentence(r)}${r.chance(0.3) ? ` ${sentence(r)}` : ''}`);
        return `[^${notes.length}]`;
      },
    };
    // Extras are whole sentences put before one of a paragraph's sentences.
    const crossLink = (rr) => {
      const target = list[rr.int(0, list.length - 1)];
      if (target === c) {
        const s = rr.pick(c.sections);
        return `Compare the section [${s.text.toLowerCase()}](#${s.slug}) in this chapter.`;
      }
      if (rr.chance(0.2)) return `For more, [see ${target.label}](${target.file}).`;
      return `For more, [see ${target.label}](${target.file}#${rr.pick(target.sections).slug}).`;
    };
    const extras = (rr) => {
      if (rr.chance(0.025)) return crossLink(rr);
      if (rr.chance(0.02)) return `Writing ${rr.pick(INLINE_MATH)} for the ${rr.pick(NOUNS)} makes this explicit.`;
      if (rr.chance(0.006)) return `The [public ${rr.pick(NOUNS)} record](https://www.example.com/${rr.pick(NOUNS)}/${rr.int(1, 999)}) says as much.`;
      return undefined;
    };
    const para = () => paragraph(r, { extras, footnote });

    const parts = [];
    let size = 0; // bytes of this chapter so far
    const add = (text) => {
      parts.push(text);
      size += Buffer.byteLength(text) + 2;
    };
    add(`# ${c.title}`);
    if (c.matter === 'body' && r.chance(0.5)) add(`> ${sentence(r)}\n>\n> — ${r.pick(FIRST)} ${r.pick(LAST)}`);
    add(para());
    // Each section fills the chapter up to its share of the budget (footnotes count as ~3%).
    const start = size;
    const perSection = (c.budget * 0.97 - start) / c.sections.length;
    c.sections.forEach((s, k) => {
      add(`${'#'.repeat(s.level)} ${s.text}`);
      add(para());
      if (r.chance(0.16)) {
        const code = codeBlock(r);
        add(r.pick([`The ${code.lang === 'sh' ? 'shell' : code.lang} below shows the idea:`, 'Consider the following:', `Here is one way to ${r.pick(VERBS)} the ${r.pick(NOUNS)}:`]));
        add(code.text);
      }
      if (r.chance(0.1)) {
        add(`${cap(nounPhrase(r))} is summarised in the table below.`);
        add(table(r));
      }
      if (r.chance(0.12)) {
        add(`${r.pick(['Several points follow', 'The main points are these', 'Consider the following'])}:`);
        add(r.chance(0.6) ? bulletList(r) : numberedList(r));
      }
      if (r.chance(0.08)) add(blockQuote(r));
      if (r.chance(0.04)) {
        add(`In symbols, the ${r.pick(NOUNS)} can be written as follows.`);
        add(`$$\n${r.pick(DISPLAY_MATH)}\n$$`);
      }
      if (r.chance(0.03)) {
        const img = r.pick(images);
        add(`![${img.alt}](${img.file} "${img.caption}")`);
      }
      while (size < start + (k + 1) * perSection) add(para());
    });
    if (notes.length > 0) parts.push(notes.join('\n\n'));
    write(c.file, `${parts.join('\n\n')}\n`);
  });

  // SUMMARY.md and book.yaml.
  const summary = ['# Summary', '', '[Preface](preface.md)', ''];
  ['Part I: Foundations', 'Part II: Practice'].forEach((name, p) => {
    summary.push(`# ${name}`, '');
    for (const c of body.filter((x) => x.part === p)) summary.push(`${'    '.repeat(c.depth)}- [${c.title}](${c.file})`);
    summary.push('');
  });
  summary.push('[Appendix](appendix.md)', '');
  write('SUMMARY.md', summary.join('\n'));
  writeFileSync(join(dir, 'book.yaml'), `title: The Generated Handbook\nauthor: ${plan.pick(FIRST)} ${plan.pick(LAST)}\nlang: en\n`);

  return { dir, chapters: list.length, markdownBytes: mdBytes, images: images.length, imageBytes: images.reduce((s, i) => s + i.bytes, 0) };
}

// ---------------------------------------------------------------------------------------------
// A shelf of one-file manuscripts shaped like the seed op-ed.

export function generateShelf(dir, count, { size = 6000, seed = 'colophon' } = {}) {
  if (!Number.isInteger(count) || count < 1) throw new Error('--shelf must be a positive integer');
  mkdirSync(dir, { recursive: true });
  const files = [];
  let bytes = 0;
  const width = Math.max(3, String(count).length);
  for (let i = 1; i <= count; i++) {
    const r = makeRng(`${seed}:shelf:${i}`);
    const title = titleCase(r.pick([
      () => `rethinking the ${r.pick(NOUNS)}`,
      () => `the ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}`,
      () => `why ${plural(r.pick(NOUNS))} ${r.pick(VERBS)} ${plural(r.pick(NOUNS))}`,
      () => { const a = r.pick(ADJECTIVES); return `${article(a)} ${a} ${r.pick(NOUNS)} for the ${r.pick(NOUNS)}`; },
    ])());
    const head = `# ${title}\n\nBy ${r.pick(FIRST)} ${r.pick(LAST)}\n\n${r.pick(MONTHS)} ${r.int(1, 28)}, ${r.int(1995, 2024)}\n\n`;
    const paras = [];
    let len = Buffer.byteLength(head);
    while (len < size - 150) {
      const p = paragraph(r, { markup: r.chance(0.3) });
      paras.push(p);
      len += Buffer.byteLength(p) + 2;
    }
    const name = `essay-${String(i).padStart(width, '0')}.md`;
    const text = `${head}${paras.join('\n\n')}\n`;
    writeFileSync(join(dir, name), text);
    files.push(name);
    bytes += Buffer.byteLength(text);
  }
  return { dir, files, bytes };
}

// ---------------------------------------------------------------------------------------------
// Command line.

function main() {
  const usage = `usage: node scripts/generate-book.mjs OUT_DIR [--chapters N] [--scale K] [--seed S]
       node scripts/generate-book.mjs --shelf N OUT_DIR [--size BYTES] [--seed S]`;
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        chapters: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        shelf: { type: 'string' },
        'one-file': { type: 'string' },
        size: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${e.message}\n${usage}`);
    process.exit(2);
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(usage);
    return;
  }
  if (positionals.length !== 1) {
    console.error(usage);
    process.exit(2);
  }
  const out = resolve(positionals[0]);
  const num = (v, name) => {
    const n = Number(v);
    if (!Number.isFinite(n)) {
      console.error(`${name} must be a number, got "${v}"\n${usage}`);
      process.exit(2);
    }
    return n;
  };
  const seed = values.seed ?? 'colophon';
  try {
    const shelf = values.shelf ?? values['one-file'];
    if (shelf !== undefined) {
      const res = generateShelf(out, num(shelf, '--shelf'), { size: values.size === undefined ? 6000 : num(values.size, '--size'), seed });
      console.log(`${res.files.length} one-file manuscripts, ${res.bytes} bytes of Markdown, in ${out}`);
    } else {
      const res = generateBook(out, {
        chapters: values.chapters === undefined ? 110 : num(values.chapters, '--chapters'),
        scale: values.scale === undefined ? 1 : num(values.scale, '--scale'),
        seed,
      });
      console.log(`${res.chapters} chapters, ${res.markdownBytes} bytes of Markdown, ${res.images} images (${res.imageBytes} bytes), in ${out}`);
    }
  } catch (e) {
    console.error(`generate-book: ${e.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
