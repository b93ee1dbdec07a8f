import type { Book } from '../book/model.js';
import { chapterDocument, chapterHref, coverDocument, navDocument } from './epub-documents.js';
import { ncxDocument, packageDocument, type ManifestItem, type PackageParts } from './epub-package.js';
import { typographicCover } from './cover.js';
import type { Template } from './template.js';
import { imageTypes } from '../assets/sniff.js';
import { writeZip, type ZipEntry } from '../output/zip.js';

/** Options of the EPUB edition. */
export interface EpubOptions {
  /** Heading depth in the table of contents. Default 2. */
  tocDepth?: number;
}

interface FileEntry {
  dir: boolean;
}
interface Zip {
  file(name: string, data: string | Uint8Array, options?: object): Zip;
  folder(name: string): Zip;
  forEach(cb: (path: string, file: FileEntry) => void): void;
}

/** A finished document, ready for the zip. */
interface Part {
  href: string;
  data: string | Uint8Array;
}

/**
 * Writes the EPUB with epub-gen-memory, which does the zip and the template plumbing. Colophon
 * makes every document itself (the library's normalisation drops attributes, escapes CJK and
 * fetches URLs), so the subclass below only supplies ready files, fixed names and fixed dates, which
 * makes the EPUB byte-identical across builds.
 */
export async function renderEpub(book: Book, template: Template, options: EpubOptions = {}): Promise<Uint8Array> {
  const tocDepth = options.tocDepth ?? 2;
  const { EPub } = (await import('epub-gen-memory')) as unknown as { EPub: new (o: object, c: object[]) => { genEpub(): Promise<Buffer> } };

  const cover: Part = book.meta.cover
    ? { href: `cover.${imageTypes[book.meta.cover.mediaType]}`, data: book.meta.cover.bytes }
    : { href: 'cover.svg', data: typographicCover(book.meta) };
  const coverMedia = book.meta.cover?.mediaType ?? 'image/svg+xml';
  const chapters: Part[] = book.chapters.map((c) => ({ href: chapterHref(c), data: chapterDocument(book, c, template) }));
  const parts: Part[] = [
    { href: 'cover.xhtml', data: coverDocument(book, template, cover.href) },
    { href: 'toc.xhtml', data: navDocument(book, template, { tocDepth, coverHref: 'cover.xhtml' }) },
    { href: 'toc.ncx', data: ncxDocument(book, tocDepth) },
    cover,
    ...chapters,
    ...book.assets.map((a) => ({ href: a.href, data: a.bytes })),
  ];
  const manifest: ManifestItem[] = [
    { id: 'nav', href: 'toc.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: 'style.css', mediaType: 'text/css' },
    { id: 'cover', href: 'cover.xhtml', mediaType: 'application/xhtml+xml' },
    { id: 'cover-image', href: cover.href, mediaType: coverMedia, properties: 'cover-image' },
    ...book.chapters.map((c) => ({ id: c.id, href: chapterHref(c), mediaType: 'application/xhtml+xml', ...(c.hasMath ? { properties: 'mathml' } : {}) })),
    ...book.assets.map((a, i) => ({ id: `img-${i + 1}`, href: a.href, mediaType: a.mediaType })),
  ];
  const pkg: PackageParts = {
    manifest,
    spine: [
      { idref: 'cover', linear: true },
      // A one-chapter book needs no contents page in its reading order, but the nav stays reachable.
      { idref: 'nav', linear: !book.singleChapter },
      ...book.chapters.map((c) => ({ idref: c.id })),
    ],
    coverImageId: 'cover-image',
  };
  const opf = packageDocument(book, pkg);
  const modified = book.modified;

  const container = '<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>\n';
  // The archive's files in order: `mimetype` first and stored, as OCF requires.
  const entries: ZipEntry[] = [
    { name: 'mimetype', data: 'application/epub+zip', store: true },
    { name: 'OEBPS/style.css', data: template.epubCss },
    ...parts.map((part) => ({ name: `OEBPS/${part.href}`, data: part.data })),
    { name: 'OEBPS/content.opf', data: opf },
    { name: 'META-INF/container.xml', data: container },
  ];

  class ColophonEPub extends EPub {
    // The library's own steps fetch URLs (images, fonts, cover); every file is already in memory.
    async downloadAllFonts(): Promise<void> {}
    async downloadAllImages(): Promise<void> {}
    async makeCover(): Promise<void> {}
    async generateTemplateFiles(): Promise<void> {
      const self = this as unknown as { zip: Zip };
      for (const entry of entries.slice(1)) self.zip.file(entry.name, entry.data);
    }
    async generateAsync(): Promise<Buffer> {
      // The library's archive must hold exactly these files (a newer version adding one would
      // otherwise lose it silently).
      const self = this as unknown as { zip: Zip };
      const expected = new Set(entries.map((e) => e.name));
      self.zip.forEach((path, file) => {
        if (!file.dir && !expected.delete(path)) throw new Error(`epub-gen-memory added an unexpected file: ${path}`);
      });
      if (expected.size > 0) throw new Error(`epub-gen-memory's archive lacks ${[...expected].join(', ')}`);
      // Zipped natively, with the book's last modification as every file's date: identical
      // bytes for identical input, and the JavaScript deflate and CRC stream is skipped.
      return writeZip(entries, modified);
    }
  }

  // The library's option checks (ow) make and drop errors as they go, each with a stack trace:
  // half of its cost on a short book. Those errors never leave the constructor.
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let epub: InstanceType<typeof ColophonEPub>;
  try {
    epub = new ColophonEPub(
      {
        title: book.meta.title,
        author: book.meta.authors,
        description: book.meta.description,
        lang: book.meta.lang,
        prependChapterTitles: false,
        version: 3,
        verbose: false,
      },
      // The library validates a chapter list; the real documents are written above.
      [{ title: book.meta.title, content: '' }],
    );
  } finally {
    Error.stackTraceLimit = traces;
  }
  return new Uint8Array(await epub.genEpub());
}
