import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { SKIP, visit } from 'unist-util-visit';
import { VFileMessage } from 'vfile-message';
import { createAssetResolver, isAsset, type Asset } from '../assets/resolve.js';
import type { MetadataInput } from '../config/metadata-schema.js';
import { BookError, diagnosticsFromFile, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ChapterProcessor } from '../markdown/processor.js';
import { readBookToml } from './book-toml.js';
import { readBookYaml } from './book-yaml.js';
import { assignMatter, chapterKind, readingRank } from './classify.js';
import { resolveChapterLinks } from './links.js';
import { labelsFor } from './labels.js';
import { labelAlerts, labelNotes, localiseQuotes } from './localise.js';
import { parseSummary, type Matter } from './summary.js';
import { splitAtChapterHeadings } from './split.js';
import { isMarkdownFile, type BookSource } from './discover.js';
import { mergeMetadata, resolveMetadata } from './metadata.js';
import type { Book, Chapter, Heading } from './model.js';
import { isInside } from '../paths.js';
import { checkBookLimits, checkLimits } from './limits.js';
import { TimeBudget } from '../markdown/time-budget.js';
import { visibleText } from '../markdown/xml-chars.js';
import { readManuscript } from './read-text.js';

/** What the config says about the book being loaded. */
export interface BookSettings {
  /** The config's entry for this book. */
  entry?: MetadataInput;
  /** The config's metadata defaults. */
  defaults: MetadataInput;
  /** Seconds the Markdown stage may take for the whole book (default: {@link defaultTimeLimit}). */
  timeLimit?: number;
  /** Factor on the default time limit (worker threads, which slow each other, get 2). */
  defaultTimeLimitScale?: number;
}

/**
 * The Markdown stage's default time limit for a book: 10 s, plus a second per 50 KB of Markdown,
 * at most two minutes — several times what an ordinary book of that size takes.
 */
export function defaultTimeLimit(characters: number): number {
  return Math.min(120, 10 + Math.ceil(characters / 50_000));
}

/**
 * The text of an element as a reader would say it, for contents entries: a formula's TeX source
 * (its annotation) left out, a line break read as a space.
 */
function readableText(node: Element, notes = false): string {
  return node.children
    .map((c) => (c.type === 'text' ? c.value : c.type !== 'element' || /^annotation(-xml)?$/.test(c.tagName) || (!notes && isNoteReference(c)) ? '' : c.tagName === 'br' ? ' ' : readableText(c, notes)))
    .join('');
}

/** A note's reference (`<sup><a role="doc-noteref">2</a></sup>`): its number is not part of the text it follows. */
function isNoteReference(el: Element): boolean {
  const only = el.children.length === 1 ? el.children[0] : undefined;
  return el.properties.role === 'doc-noteref' || (el.tagName === 'sup' && only?.type === 'element' && only.properties.role === 'doc-noteref');
}

function headingsOf(tree: Root): Heading[] {
  const headings: Heading[] = [];
  visit(tree, 'element', (node: Element) => {
    const m = /^h([1-6])$/.exec(node.tagName);
    const text = m ? visibleText(readableText(node)) : '';
    // An empty heading (`## `) has nothing to show in a table of contents.
    if (m && typeof node.properties.id === 'string' && node.properties.id !== '' && text !== '') {
      const noted = visibleText(readableText(node, true));
      headings.push({ depth: Number(m[1]) as Heading['depth'], id: node.properties.id, text, ...(noted === text ? {} : { noted }) });
    }
  });
  return headings;
}

/** A chapter's title: SUMMARY.md's, else its first heading's, else the title block's (given for the first chapter), else its file's name. */
function chapterTitle(entry: ChapterFile, headings: Heading[], path: string, index: number, titleBlockTitle?: string): string {
  return entry.title || headings[0]?.text || titleBlockTitle || visibleText(basename(path, extname(path))) || `${index + 1}`;
}

/**
 * The level-1 heading every chapter of a book of several opens with, when they all open with the
 * same one and at least one chapter has another heading of its own (a book title repeated at the
 * top of each file, as some books on GitHub have it).
 */
function repeatedTitle(chapters: Chapter[]): { text: string; line: number } | undefined {
  if (chapters.length < 2) return undefined;
  let text: string | undefined;
  let line = 1;
  for (const c of chapters) {
    const first = c.tree.children.find((n) => n.type === 'element');
    if (first?.type !== 'element' || first.tagName !== 'h1') return undefined;
    const t = visibleText(readableText(first));
    if (t === '' || (text !== undefined && t !== text)) return undefined;
    if (text === undefined) line = first.position?.start.line ?? 1;
    text = t;
  }
  return chapters.some((c) => c.headings.length > 1) ? { text: text!, line } : undefined;
}

/** Whether a chapter's tree has nothing to show: no element, no text but white space. */
function isEmptyTree(tree: Root): boolean {
  return tree.children.every((c) => (c.type === 'text' && c.value.trim() === '') || c.type === 'comment' || c.type === 'doctype');
}

/** Whether a tree holds MathML (from TeX or pasted as raw HTML). */
function containsMath(tree: Root): boolean {
  let found = false;
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'math') found = true;
    return found ? false : undefined;
  });
  return found;
}

function firstParagraphText(tree: Root): string | undefined {
  let text: string | undefined;
  visit(tree, 'element', (node: Element) => {
    if (text !== undefined) return false;
    // Hidden text describes nothing a reader sees.
    if (node.properties.hidden != null && node.properties.hidden !== false) return SKIP;
    if (node.tagName === 'p') {
      const t = readableText(node).trim();
      if (t !== '') text = t;
    }
    return undefined;
  });
  return text;
}

/** A chapter file in reading order, with what SUMMARY.md says of it. */
interface ChapterFile {
  path: string;
  title?: string;
  depth: number;
  part?: string;
  matter?: Matter;
}

function insideRoot(source: BookSource, rel: string, listedIn: string, line?: number): string {
  const path = resolve(dirname(listedIn), rel);
  if (!isInside(source.root, path)) {
    throw new BookError({ file: listedIn, ...(line ? { line } : {}), severity: 'error', rule: 'chapter-outside', message: `chapter "${rel}" is outside the book's folder` });
  }
  return path;
}

/** Chapter order: `book.yaml`'s `chapters:`, else SUMMARY.md, else natural file-name order. */
async function chapterFiles(source: BookSource): Promise<{ files: ChapterFile[]; yamlMeta?: MetadataInput; yamlLines?: Record<string, number>; diagnostics: Diagnostic[]; listedIn?: string }> {
  const diagnostics: Diagnostic[] = [];
  let yamlMeta: MetadataInput | undefined;
  let yamlLines: Record<string, number> | undefined;
  if (source.bookYaml !== undefined) {
    const yaml = await readBookYaml(source.bookYaml);
    yamlMeta = yaml.metadata;
    yamlLines = yaml.keyLines;
    if (yaml.chapters !== undefined) {
      const files: ChapterFile[] = [];
      const listed = new Set<string>();
      for (const [k, c] of yaml.chapters.entries()) {
        const line = yaml.chapterLines?.[k] ?? 1;
        const path = insideRoot(source, c, source.bookYaml, line);
        if (listed.has(path)) diagnostics.push({ file: source.bookYaml, line, column: 1, severity: 'warning', rule: 'chapter-duplicate', message: `chapter "${c}" is listed twice in chapters; only its first place is used` });
        else {
          listed.add(path);
          files.push({ path, depth: 0 });
        }
      }
      return { files, yamlMeta, yamlLines: yaml.keyLines, diagnostics, listedIn: source.bookYaml };
    }
  }
  if (source.bookToml !== undefined) yamlMeta = mergeMetadata([yamlMeta, await readBookToml(source.bookToml)]);
  const withMeta = (files: ChapterFile[]) => ({ files, diagnostics, ...(yamlMeta === undefined ? {} : { yamlMeta }), ...(yamlLines === undefined ? {} : { yamlLines }) });
  if (source.summary === undefined) {
    if (source.readme !== undefined && !source.chapters.includes(source.readme)) {
      diagnostics.push({ file: source.readme, line: 1, column: 1, severity: 'warning', rule: 'readme-skipped', message: `${basename(source.readme)} is not a chapter of this book (a folder's README is taken as notes about it); list it in a SUMMARY.md or in book.yaml's chapters to make it one` });
    }
    return withMeta(source.chapters.map((path) => ({ path, depth: 0 })));
  }
  const summary = parseSummary(await readManuscript(source.summary), source.summary);
  diagnostics.push(...summary.diagnostics);
  const files: ChapterFile[] = [];
  const seen = new Set<string>();
  for (const entry of summary.entries) {
    const path = insideRoot(source, entry.file, source.summary, entry.line);
    // SUMMARY.md itself, or a file that is not Markdown (notes.txt, an HTML page): no chapter.
    if (path === resolve(source.summary) || !isMarkdownFile(path)) {
      diagnostics.push({ file: source.summary, line: entry.line, column: 1, severity: 'warning', rule: 'summary-link', message: `"${entry.file}" is ${path === resolve(source.summary) ? 'this SUMMARY.md' : 'not a Markdown file (.md)'}; "${entry.title}" is left out` });
      continue;
    }
    if (seen.has(path)) {
      diagnostics.push({ file: source.summary, line: entry.line, column: 1, severity: 'warning', rule: 'summary-duplicate', message: `"${entry.file}" is listed twice; only its first place is used` });
      continue;
    }
    if (!(await isReadableFile(path))) {
      diagnostics.push({ file: source.summary, line: entry.line, column: 1, severity: 'warning', rule: 'summary-missing', message: `chapter file "${entry.file}" does not exist; "${entry.title}" is left out` });
      continue;
    }
    seen.add(path);
    files.push({ path, title: entry.title, depth: entry.depth, matter: entry.matter, ...(entry.part === undefined ? {} : { part: entry.part }) });
  }
  return { ...withMeta(files), listedIn: source.summary };
}

async function isReadableFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Listed chapters must really live in the book's folder: a symlink out of it is refused, so a
 * manuscript cannot make Colophon read (and publish) files elsewhere on the machine.
 */
async function refuseEscapes(source: BookSource, files: ReadonlyArray<ChapterFile>, listedIn: string | undefined): Promise<void> {
  if (source.kind === 'file') return;
  const root = await realpath(source.root);
  for (const f of files) {
    const real = await realpath(f.path).catch(() => f.path);
    if (!isInside(root, real)) {
      throw new BookError({ file: listedIn ?? f.path, severity: 'error', rule: 'chapter-outside', message: `chapter "${relative(source.root, f.path)}" leads outside the book's folder (a symbolic link?); move the file into the book` });
    }
  }
}

async function newestMtime(paths: ReadonlyArray<string>): Promise<Date> {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const times = await Promise.all(paths.map(async (p) => (await stat(p)).mtimeMs));
  return new Date(Math.floor(Math.max(...times) / 1000) * 1000);
}

/**
 * Reads, processes and assembles one book: chapters through the shared processor, metadata merged
 * (book file > first chapter > config entry > inferred > config defaults), assets collected once.
 * Fatal problems (unreadable files, invalid UTF-8, bad front matter) throw a {@link BookError}.
 */
export async function loadBook(source: BookSource, settings: BookSettings, processChapter: ChapterProcessor): Promise<Book> {
  const { files: listed, yamlMeta, yamlLines, diagnostics: orderDiagnostics, listedIn } = await chapterFiles(source);
  // A chapter is refused at the file that listed it; one found in the folder, at itself.
  await refuseEscapes(source, listed, listedIn);
  const files = listed.map((f) => f.path);
  if (files.length === 0) {
    // Why: the entries SUMMARY.md or book.yaml listed and that were left out.
    const related = [...orderDiagnostics].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new BookError({ file: source.summary ?? source.input, severity: 'error', rule: 'empty-book', message: 'the book has no chapters' }, { related });
  }
  const texts = await Promise.all(files.map((f) => readManuscript(f)));
  texts.forEach((text, i) => checkLimits(text, files[i]!));
  const sourceBytes = texts.reduce((n, t) => n + t.length, 0);
  const budget = new TimeBudget(settings.timeLimit ?? (settings.defaultTimeLimitScale ?? 1) * defaultTimeLimit(sourceBytes));
  const knownTitle = yamlMeta?.title ?? settings.entry?.title;
  const diagnostics: Diagnostic[] = [...orderDiagnostics];
  const chapters: Chapter[] = [];
  const assets = new Map<string, Asset>();
  let frontMatter: MetadataInput | undefined;
  let frontMatterLines: Record<string, number> | undefined;
  let titleBlock;
  // The files whose chapters are in the book (an empty one is left out).
  const kept: ChapterFile[] = [];
  // Files the chapters' code takes in (mdBook's {{#include}}): inputs of the book.
  const included = new Set<string>();
  const chapterId = (k: number, count: number) => `ch${String(k + 1).padStart(count > 99 ? 3 : 2, '0')}`;
  const makeChapter = (entry: ChapterFile, tree: Root, k: number, titleBlockTitle: string | undefined, imagesWithoutAlt: number): Chapter => {
    const headings = headingsOf(tree);
    const title = chapterTitle(entry, headings, entry.path, k, titleBlockTitle);
    return {
      id: chapterId(chapters.length, files.length),
      path: entry.path,
      title,
      depth: entry.depth,
      ...(entry.part === undefined ? {} : { part: entry.part }),
      matter: 'body',
      kind: chapterKind(title, basename(entry.path)),
      tree,
      headings,
      hasMath: containsMath(tree),
      imagesWithoutAlt,
    };
  };
  for (const [i, path] of files.entries()) {
    let processed;
    try {
      // A title block (title, byline, date at the top) only makes sense for a one-chapter book.
      const data = { bookRoot: source.root, inferTitleBlock: files.length === 1, budget, ...(knownTitle === undefined ? {} : { knownTitle }) };
      processed = await processChapter(texts[i]!, path, data);
    } catch (cause) {
      if (cause instanceof VFileMessage) {
        const d: Diagnostic = { file: path, severity: 'error', rule: cause.ruleId ?? 'markdown', message: cause.reason };
        if (cause.line != null) d.line = cause.line;
        if (cause.column != null) d.column = cause.column;
        throw new BookError(d, { cause });
      }
      throw cause;
    }
    const { tree, file } = processed;
    diagnostics.push(...diagnosticsFromFile(file));
    const data = file.data.colophon ?? {};
    if (i === 0) {
      frontMatter = data.frontMatter;
      frontMatterLines = data.frontMatterLines;
      titleBlock = data.titleBlock;
    }
    for (const a of data.assets ?? []) assets.set(a.href, a);
    for (const p of data.includes ?? []) included.add(p);
    const entry = listed[i]!;
    // A placeholder file (empty, or front matter alone) would print as a blank chapter with a
    // contents entry: in a book of several chapters it is left out, and said so.
    if (isEmptyTree(tree)) {
      const what = texts[i]!.trim() === '' ? 'is empty' : 'has only front matter, no text';
      if (files.length > 1) {
        diagnostics.push({ file: path, line: 1, column: 1, severity: 'warning', rule: 'empty-chapter', message: `this chapter ${what}: it is left out of the book until it has text` });
        continue;
      }
      diagnostics.push({ file: path, line: 1, column: 1, severity: 'warning', rule: 'empty-chapter', message: `this manuscript ${what}: the book has nothing but its title` });
    }
    chapters.push(makeChapter(entry, tree, i, i === 0 ? titleBlock?.title : undefined, data.imagesWithoutAlt ?? 0));
    kept.push(entry);
  }
  // A one-file book written as a whole book: its level-1 headings are its chapters.
  const split = files.length === 1 && chapters.length === 1 ? splitAtChapterHeadings(chapters[0]!.tree) : undefined;
  if (split) {
    const [whole] = chapters.splice(0, 1, ...split.chapters.map((tree, k) => makeChapter(kept[0]!, tree, k, undefined, k === 0 ? chapters[0]!.imagesWithoutAlt : 0)));
    kept.splice(0, 1, ...split.chapters.map(() => kept[0]!));
    chapters.forEach((c, k) => (c.id = chapterId(k, chapters.length)));
    if (titleBlock?.title !== undefined && titleBlock.authors === undefined && titleBlock.date === undefined && knownTitle === undefined && frontMatter?.title === undefined) {
      diagnostics.push({ file: whole!.path, line: 1, column: 1, severity: 'warning', rule: 'title-inferred', message: `the book's title "${titleBlock.title}" is taken from its first heading, and its ${chapters.length - (split.opening ? 1 : 0)} other level-1 headings open its chapters; if that heading opens a chapter too, set the title in front matter (or book.yaml)` });
    }
  }
  if (chapters.length === 0) {
    throw new BookError({ file: source.summary ?? source.bookYaml ?? source.input, severity: 'error', rule: 'empty-book', message: 'every chapter of the book is empty' });
  }
  // Chapters in file-name order only (no book.yaml list, no SUMMARY.md) whose kinds say otherwise:
  // a foreword or a preface goes first, appendices and the like last, as a reader expects them
  // (YDKJS's apA.md sorted before ch1.md, and foreword.md after it).
  if (source.kind === 'folder' && listedIn === undefined && chapters.length > 1) {
    const order = chapters.map((_, k) => k).sort((a, b) => readingRank(chapters[a]!.kind) - readingRank(chapters[b]!.kind) || a - b);
    if (order.some((k, i) => k !== i)) {
      const moved = order.filter((k, i) => k !== i && readingRank(chapters[k]!.kind) !== 1).map((k) => `"${chapters[k]!.title}" ${readingRank(chapters[k]!.kind) === 0 ? 'first' : 'last'}`);
      chapters.splice(0, chapters.length, ...order.map((k) => chapters[k]!));
      kept.splice(0, kept.length, ...order.map((k) => kept[k]!));
      chapters.forEach((c, k) => (c.id = chapterId(k, chapters.length)));
      diagnostics.push({ file: source.input, severity: 'warning', rule: 'chapter-order', message: `chapters put in reading order, not file-name order: ${moved.join(', ')}; list them in a book.yaml (chapters: [...]) to choose the order` });
    }
  }
  // (Not when the book's title is given and is another: the heading is then the author's own.)
  const given = knownTitle ?? frontMatter?.title;
  const candidate = repeatedTitle(chapters);
  const repeated = candidate !== undefined && (given === undefined || visibleText(given) === candidate.text) ? candidate : undefined;
  if (repeated !== undefined) {
    // Every chapter opens with the book's title as a level-1 heading (then its own): that is the
    // book's title, not each chapter's; the chapters are named by their own headings.
    for (const [k, c] of chapters.entries()) {
      const at = c.tree.children.findIndex((n) => n.type === 'element');
      c.tree.children.splice(at, 1);
      c.headings = headingsOf(c.tree);
      c.title = chapterTitle(kept[k]!, c.headings, c.path, k);
      c.kind = chapterKind(c.title, basename(c.path));
    }
    diagnostics.push({ file: chapters[0]!.path, line: repeated.line, column: 1, severity: 'warning', rule: 'repeated-title', message: `every chapter opens with the same level-1 heading "${repeated.text}": it is taken as the book's title and left out of the chapters, which are named by their own headings` });
  }
  checkBookLimits(chapters.reduce((n, c) => n + c.headings.length, 0), assets.size, source.bookYaml ?? source.summary ?? files[0]!);
  const matters = assignMatter(
    chapters.map((c) => c.kind),
    kept.map((f) => (f.matter === 'body' ? undefined : f.matter)),
  );
  chapters.forEach((c, k) => (c.matter = matters[k]!));
  diagnostics.push(...resolveChapterLinks(chapters));
  // Ids renamed there (a repeat, a note's, the edition's own) must be the ones the contents link to.
  for (const c of chapters) c.headings = headingsOf(c.tree);
  const specific = mergeMetadata([source.kind === 'folder' ? yamlMeta : undefined, frontMatter, settings.entry]);
  // Where a key of `specific` was written, in the same order: book.yaml, then the front matter.
  const placeOf = (key: string) => {
    const inYaml = source.kind === 'folder' && source.bookYaml !== undefined ? yamlLines?.[key] : undefined;
    if (inYaml !== undefined) return { file: source.bookYaml!, line: inYaml };
    const inFront = frontMatterLines?.[key];
    return inFront === undefined ? undefined : { file: files[0]!, line: inFront };
  };
  // A one-file book whose first level-1 heading does not open it (a line of links above it, say).
  const headingTitle = repeated?.text ?? (files.length === 1 && !split && titleBlock?.title === undefined ? chapters[0]?.headings.find((h) => h.depth === 1)?.text : undefined);
  // That heading, when the book is titled by it: the title block shows it, the body not again,
  // and the book is described by what follows it, not by what came above (a line of links).
  const titleHeadingId = repeated === undefined && headingTitle !== undefined ? chapters[0]!.headings.find((h) => h.depth === 1)!.id : undefined;
  const titleHeading = titleHeadingId === undefined ? -1 : chapters[0]!.tree.children.findIndex((n) => n.type === 'element' && n.tagName === 'h1' && n.properties.id === titleHeadingId);
  const firstParagraph = chapters[0] ? firstParagraphText(titleHeading >= 0 ? { type: 'root', children: chapters[0].tree.children.slice(titleHeading + 1) } : chapters[0].tree) : undefined;
  const { meta, diagnostics: metaDiagnostics } = resolveMetadata(specific, {
    ...(titleBlock === undefined ? {} : { titleBlock }),
    text: () => chapters.map((c) => toString(c.tree)).join('\n'),
    ...(firstParagraph === undefined ? {} : { firstParagraph }),
    ...(headingTitle === undefined ? {} : { headingTitle }),
    contentParts: texts,
    fallbackTitle: source.name,
    fallbackKind: source.kind === 'folder' ? 'folder' : 'file',
    file: files[0]!,
    placeOf,
    // An mdBook project without `language` in book.toml is English, as mdBook has it (below the config's defaults).
    defaults: source.bookToml === undefined ? settings.defaults : { lang: 'en', ...settings.defaults },
  });
  diagnostics.push(...metaDiagnostics);
  if (titleHeading >= 0 && meta.title === headingTitle) {
    // Its id stays, on an empty block, for the links to it.
    chapters[0]!.tree.children.splice(titleHeading, 1, { type: 'element', tagName: 'div', properties: { id: titleHeadingId }, children: [] });
    chapters[0]!.headings = headingsOf(chapters[0]!.tree);
  }
  for (const c of chapters) {
    localiseQuotes(c.tree, meta.lang);
    labelNotes(c.tree, labelsFor(meta.lang).notes);
    labelAlerts(c.tree, labelsFor(meta.lang));
  }
  const coverRef = mergeMetadata([specific, settings.defaults])['cover-image'];
  if (coverRef !== undefined) {
    const found = await createAssetResolver(source.root).resolve(coverRef, source.root);
    if (isAsset(found)) meta.cover = found;
    else diagnostics.push({ ...(placeOf('cover-image') ?? { file: source.bookYaml ?? files[0]!, line: 1 }), column: 1, severity: 'warning', rule: found.rule, message: `cover-image: ${found.reason}; a cover is generated instead` });
  }
  // A one-chapter book's chapter bears the book's title; so does the opening of a split one (what
  // came before its first heading), with a heading of it, so that it opens like every chapter.
  if (chapters.length === 1 || split?.opening) chapters[0]!.title = meta.title;
  if (split?.opening) {
    const opening = chapters[0]!;
    const taken = new Set(opening.headings.map((h) => h.id));
    let id = 'opening';
    for (let n = 2; taken.has(id); n++) id = `opening-${n}`;
    opening.tree.children.unshift({ type: 'element', tagName: 'h1', properties: { id }, children: [{ type: 'text', value: meta.title }] });
    opening.headings = headingsOf(opening.tree);
  }
  const inputs = [...files, ...[source.bookYaml, source.summary, source.bookToml].filter((p): p is string => p !== undefined), ...[...assets.values(), ...(meta.cover ? [meta.cover] : [])].flatMap((a) => (a.source === undefined ? [] : [a.source])), ...included];
  return {
    name: source.name,
    root: source.root,
    inputs,
    meta,
    chapters,
    assets: [...assets.values()],
    sourceBytes,
    singleChapter: chapters.length === 1,
    modified: await newestMtime(inputs),
    diagnostics,
  };
}
