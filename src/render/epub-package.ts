import type { Element } from 'xast';
import { x } from 'xastscript';
import type { Book } from '../book/model.js';
import { toXmlDocument } from './xhtml.js';
import { directionOf, tocEntries, type TocEntry } from './epub-documents.js';

/** A file listed in the manifest. */
export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

/** What the package document needs besides the book. */
export interface PackageParts {
  /** Every file but the OPF itself, in manifest order. */
  manifest: ManifestItem[];
  /** Manifest ids in reading order; `linear: false` for auxiliary items. */
  spine: Array<{ idref: string; linear?: boolean }>;
  /** Id of the cover image item, if any. */
  coverImageId?: string;
}

/** `2011-06-30T12:00:00Z` without milliseconds, as `dcterms:modified` requires. */
export function epubTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function meta(property: string, value: string, extra: Record<string, string> = {}): Element {
  return x('meta', { property, ...extra }, value);
}

/** Accessibility metadata computed from what the book really contains. */
function accessibilityMetadata(book: Book): Element[] {
  const hasImages = book.assets.length > 0;
  const missingAlt = book.chapters.reduce((n, c) => n + c.imagesWithoutAlt, 0);
  const hasMath = book.chapters.some((c) => c.hasMath);
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder'];
  if (hasImages && missingAlt === 0) features.push('alternativeText');
  if (hasMath) features.push('MathML');
  if (book.pageList) features.push('pageBreakMarkers', 'pageNavigation');
  const summary = [
    'Text with structured headings, a navigable table of contents and a logical reading order.',
    !hasImages ? 'No images other than the cover.' : missingAlt === 0 ? 'Every image has a text alternative.' : `${missingAlt} image${missingAlt === 1 ? ' lacks' : 's lack'} a text alternative.`,
    hasMath ? 'Mathematics is in MathML, with the TeX source as an annotation.' : '',
    book.pageList ? 'Page numbers and a page list follow the print edition.' : '',
    'No known hazards.',
  ].filter(Boolean).join(' ');
  return [
    meta('schema:accessMode', 'textual'),
    ...(hasImages ? [meta('schema:accessMode', 'visual')] : []),
    // Textual access alone suffices only when no image lacks its text alternative.
    ...(missingAlt === 0 ? [meta('schema:accessModeSufficient', 'textual')] : [meta('schema:accessModeSufficient', 'textual,visual')]),
    ...features.map((f) => meta('schema:accessibilityFeature', f)),
    meta('schema:accessibilityHazard', 'none'),
    meta('schema:accessibilitySummary', summary),
    // Claimed only when Colophon's checks pass: every image described, language set on every
    // document, navigation and landmarks present (always, by construction).
    ...(missingAlt === 0 ? [meta('dcterms:conformsTo', 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA')] : []),
  ];
}

/** The package document (`content.opf`): metadata, manifest, spine. */
export function packageDocument(book: Book, parts: PackageParts): string {
  const m = book.meta;
  const metadata: Element[] = [
    x('dc:identifier', { id: 'pub-id' }, m.identifier),
    x('dc:title', { id: 'title' }, m.title),
    meta('title-type', 'main', { refines: '#title' }),
    ...(m.subtitle ? [x('dc:title', { id: 'subtitle' }, m.subtitle), meta('title-type', 'subtitle', { refines: '#subtitle' })] : []),
    ...m.authors.flatMap((name, i) => [
      x('dc:creator', { id: `creator-${i + 1}` }, name),
      meta('role', 'aut', { refines: `#creator-${i + 1}`, scheme: 'marc:relators' }),
    ]),
    x('dc:language', m.lang),
    // The page list comes from the print edition, which carries the same identifier.
    ...(book.pageList ? [x('dc:source', { id: 'print-source' }, m.identifier), meta('source-of', 'pagination', { refines: '#print-source' })] : []),
    ...(m.date ? [x('dc:date', m.date)] : []),
    ...(m.publisher ? [x('dc:publisher', m.publisher)] : []),
    ...(m.rights ? [x('dc:rights', m.rights)] : []),
    x('dc:description', m.description),
    ...[...m.subjects, ...m.keywords].map((s) => x('dc:subject', s)),
    meta('dcterms:modified', epubTimestamp(book.modified)),
    ...(m.series
      ? [
          meta('belongs-to-collection', m.series, { id: 'series' }),
          meta('collection-type', 'series', { refines: '#series' }),
          ...(m.seriesIndex !== undefined ? [meta('group-position', String(m.seriesIndex), { refines: '#series' })] : []),
        ]
      : []),
    ...accessibilityMetadata(book),
    ...(parts.coverImageId ? [x('meta', { name: 'cover', content: parts.coverImageId })] : []),
  ];
  const tree = {
    type: 'root' as const,
    children: [
      x(
        'package',
        { xmlns: 'http://www.idpf.org/2007/opf', version: '3.0', 'unique-identifier': 'pub-id', 'xml:lang': m.lang },
        [
          x('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, metadata),
          x(
            'manifest',
            parts.manifest.map((item) =>
              x('item', { id: item.id, href: item.href, 'media-type': item.mediaType, ...(item.properties ? { properties: item.properties } : {}) }),
            ),
          ),
          x('spine', { toc: 'ncx', ...(directionOf(m.lang) === 'rtl' ? { 'page-progression-direction': 'rtl' } : {}) },
            parts.spine.map((s) => x('itemref', { idref: s.idref, ...(s.linear === false ? { linear: 'no' } : {}) })),
          ),
        ],
      ),
    ],
  };
  return toXmlDocument(tree);
}

/** The EPUB 2 NCX, for older reading systems: the same nested contents as the nav document. */
export function ncxDocument(book: Book, tocDepth: number): string {
  let count = 0;
  let maxDepth = 0;
  // NCX requires one playOrder per target: a part (no page of its own) shares its first chapter's.
  const playOrder = new Map<string, number>();
  const firstHref = (e: TocEntry): string => e.href ?? firstHref(e.children[0]!);
  const points = (entries: ReadonlyArray<TocEntry>, depth: number): Element[] =>
    entries.map((e) => {
      maxDepth = Math.max(maxDepth, depth);
      const src = firstHref(e);
      if (!playOrder.has(src)) playOrder.set(src, playOrder.size + 1);
      return x('navPoint', { id: `nav-${++count}`, playOrder: String(playOrder.get(src)) }, [x('navLabel', [x('text', e.text)]), x('content', { src }), ...points(e.children, depth + 1)]);
    });
  const navMap = points(tocEntries(book, tocDepth), 1);
  return toXmlDocument({
    type: 'root',
    children: [
      x('ncx', { xmlns: 'http://www.daisy.org/z3986/2005/ncx/', version: '2005-1', 'xml:lang': book.meta.lang }, [
        x('head', [
          x('meta', { name: 'dtb:uid', content: book.meta.identifier }),
          x('meta', { name: 'dtb:depth', content: String(maxDepth) }),
          x('meta', { name: 'dtb:totalPageCount', content: '0' }),
          x('meta', { name: 'dtb:maxPageNumber', content: '0' }),
        ]),
        x('docTitle', [x('text', book.meta.title)]),
        x('navMap', navMap),
      ]),
    ],
  });
}
