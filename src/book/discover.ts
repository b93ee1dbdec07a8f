import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { BookError } from '../diagnostics/diagnostic.js';

/** Where a book comes from: its folder, its chapter files in order, and its output name. */
export interface BookSource {
  /** Output name: the file name without extension, or the folder's name (`src` takes its parent's). */
  name: string;
  /** The book's folder: assets resolve inside it. */
  root: string;
  /** What the user named: a Markdown file or a folder. */
  input: string;
  kind: 'file' | 'folder';
  /** Chapter files in reading order (absolute paths). */
  chapters: string[];
  /** `book.yaml` of a folder book, if present. */
  bookYaml?: string;
  /** `SUMMARY.md` (mdBook, GitBook) that orders the chapters, if present. */
  summary?: string;
  /** `book.toml` of an mdBook project given as its root folder, if present. */
  bookToml?: string;
  /**
   * The folder's README.md, which is not a chapter unless SUMMARY.md or book.yaml lists it, or it
   * is the folder's only Markdown file.
   */
  readme?: string;
}

const MARKDOWN = new Set(['.md', '.markdown', '.mdown', '.mkd']);
const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Makes an output name safe as a file name: no separators, no leading dot, no control characters. */
export function safeName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-')
    .replace(/^[.\s-]+/, '')
    .trim()
    .slice(0, 120);
  return cleaned === '' ? 'book' : cleaned;
}

/** True when `name` looks like a Markdown manuscript. */
export function isMarkdownFile(name: string): boolean {
  return MARKDOWN.has(extname(name).toLowerCase());
}

/**
 * Markdown files directly in `dir`, in natural order (`2-x.md` before `10-y.md`). Hidden files are
 * not chapters: an editor's or a draft's (`.notes.md`), or the `._x.md` macOS leaves beside each file
 * on shared drives and in zips.
 */
async function markdownFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || !isMarkdownFile(e.name) || /^(summary|readme)\.md$/i.test(e.name)) continue;
    // A symbolic link to a file is a chapter too (one that leads out of the book is refused when the book is read).
    if (e.isFile() || (e.isSymbolicLink() && (await isFile(join(dir, e.name))))) names.push(e.name);
  }
  return names.sort(natural.compare).map((n) => join(dir, n));
}

/** Up to `limit` Markdown files in the subfolders of `dir` (three levels down), relative to it: what a book.yaml could list. */
async function markdownFilesBelow(dir: string, limit = 3, depth = 0, found: string[] = []): Promise<string[]> {
  if (depth > 3 || found.length >= limit) return found;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.filter((x) => !x.name.startsWith('.')).sort((a, b) => natural.compare(a.name, b.name))) {
    if (found.length >= limit) break;
    if (depth > 0 && e.isFile() && isMarkdownFile(e.name)) found.push(join(dir, e.name));
    else if (e.isDirectory() && e.name !== 'node_modules') await markdownFilesBelow(join(dir, e.name), limit, depth + 1, found);
  }
  return found;
}

/** Describes the book an input names (a Markdown file or a folder). */
export async function discoverBook(input: string, name?: string): Promise<BookSource> {
  let info;
  try {
    info = await stat(input);
  } catch (cause) {
    throw new BookError({ file: input, severity: 'error', rule: 'unreadable', message: 'no such file or folder' }, { cause });
  }
  if (info.isFile()) {
    return { name: safeName(name ?? basename(input, extname(input))), root: dirname(input), input, kind: 'file', chapters: [input] };
  }
  if (!info.isDirectory()) {
    throw new BookError({ file: input, severity: 'error', rule: 'unreadable', message: 'not a regular file or folder' });
  }
  const folderName = basename(input) === 'src' ? basename(dirname(input)) : basename(input);
  const source: BookSource = { name: safeName(name ?? folderName), root: input, input, kind: 'folder', chapters: [] };
  const entries = await readdir(input);
  const yamlName = entries.find((e) => /^book\.ya?ml$/i.test(e));
  if (yamlName !== undefined) source.bookYaml = join(input, yamlName);
  // An mdBook project's root: book.toml beside src/SUMMARY.md; the chapters live in src/.
  let chapterDir = input;
  if (entries.includes('book.toml') && (await isFile(join(input, 'src', 'SUMMARY.md')))) {
    source.bookToml = join(input, 'book.toml');
    chapterDir = join(input, 'src');
  }
  const names = await readdir(chapterDir);
  const summaryName = names.find((e) => /^summary\.md$/i.test(e));
  if (summaryName !== undefined) source.summary = join(chapterDir, summaryName);
  const readmeName = names.find((e) => /^readme\.md$/i.test(e));
  if (readmeName !== undefined && (await isFile(join(chapterDir, readmeName)))) source.readme = join(chapterDir, readmeName);
  source.chapters = await markdownFilesIn(chapterDir);
  // A folder holding only its README: the README is the book.
  if (source.chapters.length === 0 && source.readme !== undefined) source.chapters = [source.readme];
  if (source.chapters.length === 0 && source.bookYaml === undefined && source.summary === undefined) {
    const below = await markdownFilesBelow(chapterDir);
    const hint = below.length === 0 ? '' : `; its subfolders hold some (${below.map((f) => relative(chapterDir, f)).join(', ')}${below.length === 3 ? ', …' : ''}): list the chapters in order in a book.yaml (chapters: [...]) or a SUMMARY.md`;
    throw new BookError({ file: input, severity: 'error', rule: 'empty-book', message: `the folder holds no Markdown chapters (.md files)${hint}` });
  }
  return source;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Every `.md` file and every folder directly under `dir`, each its own book. */
export async function discoverShelf(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.name.startsWith('.') && ((e.isFile() && isMarkdownFile(e.name)) || e.isDirectory()))
    .map((e) => e.name)
    .sort(natural.compare)
    .map((n) => join(dir, n));
}
