import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { stat } from 'node:fs/promises';
import { basename, extname, relative, resolve, sep } from 'node:path';
import { visit } from 'unist-util-visit';
import { VFileMessage } from 'vfile-message';
import { createAssetResolver, isAsset, type Asset } from '../assets/resolve.js';
import type { MetadataInput } from '../config/metadata-schema.js';
import { BookError, diagnosticsFromFile, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ChapterProcessor } from '../markdown/processor.js';
import { readBookYaml } from './book-yaml.js';
import type { BookSource } from './discover.js';
import { mergeMetadata, resolveMetadata } from './metadata.js';
import type { Book, Chapter, Heading } from './model.js';
import { readManuscript } from './read-text.js';

/** What the config says about the book being loaded. */
export interface BookSettings {
  /** The config's entry for this book. */
  entry?: MetadataInput;
  /** The config's metadata defaults. */
  defaults: MetadataInput;
}

function headingsOf(tree: Root): Heading[] {
  const headings: Heading[] = [];
  visit(tree, 'element', (node: Element) => {
    const m = /^h([1-6])$/.exec(node.tagName);
    if (m && typeof node.properties.id === 'string') {
      headings.push({ depth: Number(m[1]) as Heading['depth'], id: node.properties.id, text: toString(node).trim() });
    }
  });
  return headings;
}

function firstParagraphText(tree: Root): string | undefined {
  let text: string | undefined;
  visit(tree, 'element', (node: Element) => {
    if (text !== undefined) return false;
    if (node.tagName === 'p') {
      const t = toString(node).trim();
      if (t !== '') text = t;
    }
    return undefined;
  });
  return text;
}

async function chapterFiles(source: BookSource): Promise<{ files: string[]; yamlMeta?: MetadataInput }> {
  if (source.bookYaml === undefined) return { files: source.chapters };
  const yaml = await readBookYaml(source.bookYaml);
  if (yaml.chapters === undefined) return { files: source.chapters, yamlMeta: yaml.metadata };
  const files = yaml.chapters.map((c) => {
    const path = resolve(source.root, c);
    const rel = relative(source.root, path);
    if (rel.startsWith('..' + sep) || rel === '..') {
      throw new BookError({ file: source.bookYaml!, severity: 'error', rule: 'book-yaml', message: `chapter "${c}" is outside the book's folder` });
    }
    return path;
  });
  return { files, yamlMeta: yaml.metadata };
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
  const { files, yamlMeta } = await chapterFiles(source);
  if (files.length === 0) {
    throw new BookError({ file: source.input, severity: 'error', rule: 'empty-book', message: 'the book has no chapters' });
  }
  const texts = await Promise.all(files.map((f) => readManuscript(f)));
  const knownTitle = yamlMeta?.title ?? settings.entry?.title;
  const diagnostics: Diagnostic[] = [];
  const chapters: Chapter[] = [];
  const assets = new Map<string, Asset>();
  let frontMatter: MetadataInput | undefined;
  let titleBlock;
  for (const [i, path] of files.entries()) {
    let processed;
    try {
      const data = { bookRoot: source.root, inferTitleBlock: i === 0, ...(knownTitle === undefined ? {} : { knownTitle }) };
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
      titleBlock = data.titleBlock;
    }
    for (const a of data.assets ?? []) assets.set(a.href, a);
    const headings = headingsOf(tree);
    chapters.push({
      id: `ch${String(i + 1).padStart(2, '0')}`,
      path,
      title: headings[0]?.text ?? (i === 0 ? titleBlock?.title : undefined) ?? basename(path, extname(path)),
      tree,
      headings,
    });
  }
  const specific = mergeMetadata([source.kind === 'folder' ? yamlMeta : undefined, frontMatter, settings.entry]);
  const { meta, diagnostics: metaDiagnostics } = resolveMetadata(specific, {
    ...(titleBlock === undefined ? {} : { titleBlock }),
    text: chapters.map((c) => toString(c.tree)).join('\n'),
    ...(chapters[0] && firstParagraphText(chapters[0].tree) !== undefined ? { firstParagraph: firstParagraphText(chapters[0].tree)! } : {}),
    contentParts: texts,
    fallbackTitle: source.name,
    file: files[0]!,
    defaults: settings.defaults,
  });
  diagnostics.push(...metaDiagnostics);
  const coverRef = mergeMetadata([specific, settings.defaults])['cover-image'];
  if (coverRef !== undefined) {
    const found = await createAssetResolver(source.root).resolve(coverRef, source.root);
    if (isAsset(found)) meta.cover = found;
    else diagnostics.push({ file: source.bookYaml ?? files[0]!, line: 1, column: 1, severity: 'warning', rule: found.rule, message: `cover-image: ${found.reason}; a cover is generated instead` });
  }
  if (chapters.length === 1) chapters[0]!.title = meta.title;
  const inputs = [...files, ...(source.bookYaml ? [source.bookYaml] : []), ...[...assets.values()].map((a) => a.source), ...(meta.cover ? [meta.cover.source] : [])];
  return {
    name: source.name,
    root: source.root,
    inputs,
    meta,
    chapters,
    assets: [...assets.values()],
    singleChapter: chapters.length === 1,
    modified: await newestMtime(inputs),
    diagnostics,
  };
}
