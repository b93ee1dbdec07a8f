import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { z } from 'zod';
import { isInside } from '../paths.js';
import { fragmentRoot } from './template-html.js';
import { formatIssues } from '../config/issues.js';
import { ColophonError } from '../diagnostics/diagnostic.js';

const marginBox = z.enum(['top-left', 'top-center', 'top-right', 'bottom-left', 'bottom-center', 'bottom-right']);

const manifestSchema = z.strictObject({
  /** Template name. */
  name: z.string(),
  /** One line on what it looks like. */
  description: z.string().optional(),
  /** HTML skeletons, relative to the template folder. */
  html: z.strictObject({
    /** The page around every EPUB chapter and the print edition (`data-slot="content"`). */
    document: z.string(),
    /** The title block of a one-chapter book (`data-field` title, subtitle, authors, date). */
    titleBlock: z.string(),
    /** The closing line of a one-chapter book (`data-field` rights, publisher, edition). */
    colophon: z.string(),
    /** The print front matter of a book of several chapters: one page per `data-page` element. */
    frontMatter: z.string(),
  }),
  epub: z.strictObject({ stylesheets: z.array(z.string()).min(1) }),
  print: z.strictObject({
    stylesheets: z.array(z.string()).min(1),
    /** Font stylesheets from npm packages (e.g. Fontsource), resolved from the template or Colophon. */
    fonts: z.array(z.string()).default([]),
    /**
     * The page margin boxes that carry the running head and the folio of a one-chapter book, on
     * left and right pages (Colophon writes their text; the print CSS styles them in `@page` rules).
     */
    marginBoxes: z
      .strictObject({
        head: z.strictObject({ left: marginBox, right: marginBox }),
        folio: z.strictObject({ left: marginBox, right: marginBox }),
      })
      .default({ head: { left: 'top-center', right: 'top-center' }, folio: { left: 'bottom-center', right: 'bottom-center' } }),
  }),
});

/** A stylesheet the print page loads: the URL path it is served under and the file behind it. */
export interface ServedFile {
  /** Path under the print origin, e.g. `/template/print.css`. */
  path: string;
  /** Absolute file path. */
  file: string;
}

/** A loaded template folder. */
export interface Template {
  name: string;
  dir: string;
  /** Parsed HTML skeletons (filled per book by `template-html.ts`). */
  html: { document: Root; titleBlock: Element; colophon: Element; frontMatter: Element };
  /** Where a one-chapter book's running heads and folios go. */
  marginBoxes: { head: { left: string; right: string }; folio: { left: string; right: string } };
  /** The EPUB stylesheet, all files concatenated. */
  epubCss: string;
  /** Print stylesheets in cascade order (fonts first). */
  printStylesheets: ServedFile[];
  /** Folders the print page may load files from (fonts referenced by the font stylesheets). */
  servedRoots: ServedFile[];
}

const ownRequire = createRequire(import.meta.url);

function resolvePackageFile(spec: string, templateDir: string): string {
  for (const req of [createRequire(join(templateDir, 'template.json')), ownRequire]) {
    try {
      return req.resolve(spec);
    } catch {
      // try the next place
    }
  }
  throw new ColophonError(`${join(templateDir, 'template.json')}: font stylesheet "${spec}" not found; run npm install`, 2);
}

function insideTemplate(dir: string, rel: string): string {
  const file = resolve(dir, rel);
  if (!isInside(dir, file)) throw new ColophonError(`${join(dir, 'template.json')}: "${rel}" is outside the template folder`, 2);
  return file;
}

/** Loads a template folder: `template.json` plus the stylesheets it lists. */
export async function loadTemplate(dir: string): Promise<Template> {
  const manifestPath = join(dir, 'template.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (cause) {
    throw new ColophonError(`${manifestPath}: cannot read the template manifest (${(cause as Error).message})`, 2, { cause });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ColophonError(`${manifestPath}: invalid template manifest:\n  ${formatIssues(parsed.error, raw).join('\n  ')}`, 2);
  const m = parsed.data;
  const readHtml = (rel: string) => readFile(insideTemplate(dir, rel), 'utf8');
  const [documentHtml, titleBlockHtml, colophonHtml, frontMatterHtml] = await Promise.all([m.html.document, m.html.titleBlock, m.html.colophon, m.html.frontMatter].map(readHtml));
  const document = fromHtml(documentHtml!);
  if (!JSON.stringify(document).includes('"dataSlot":"content"')) {
    throw new ColophonError(`${join(dir, m.html.document)}: no element with data-slot="content" to hold the book`, 2);
  }
  const epubCss = (await Promise.all(m.epub.stylesheets.map((s) => readFile(insideTemplate(dir, s), 'utf8')))).join('\n');
  // Font stylesheets are served under /packages/<package>/…, so a template's own CSS can also
  // name a font file of a listed package by a stable URL.
  const fonts = m.print.fonts.map((spec) => {
    const file = resolvePackageFile(spec, dir);
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    const inner = spec.slice(pkg.length);
    return { file, path: `/packages/${pkg}${inner}`, root: { path: `/packages/${pkg}/`, file: file.slice(0, file.length - inner.length) + sep } };
  });
  return {
    name: m.name,
    dir,
    html: {
      document,
      titleBlock: fragmentRoot(fromHtml(titleBlockHtml!, { fragment: true })),
      colophon: fragmentRoot(fromHtml(colophonHtml!, { fragment: true })),
      frontMatter: fragmentRoot(fromHtml(frontMatterHtml!, { fragment: true })),
    },
    epubCss,
    marginBoxes: m.print.marginBoxes,
    printStylesheets: [
      ...fonts.map(({ path, file }) => ({ path, file })),
      ...m.print.stylesheets.map((s) => ({ path: `/template/${s}`, file: insideTemplate(dir, s) })),
    ],
    servedRoots: [...new Map(fonts.map((f) => [f.root.path, f.root])).values(), { path: '/template/', file: dir + sep }],
  };
}
