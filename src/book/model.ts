import type { Root } from 'hast';
import type { Asset } from '../assets/resolve.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ChapterKind } from './classify.js';
import type { Matter } from './summary.js';

/** A heading in a chapter, for tables of contents and bookmarks. */
export interface Heading {
  depth: 1 | 2 | 3 | 4 | 5 | 6;
  id: string;
  text: string;
  /**
   * The text with its note numbers, as printed, when the heading cites a note: the PDF outline
   * Chromium builds from the printed text shows this, and Colophon puts `text` in its place.
   */
  noted?: string;
}

/** One chapter after the Markdown stage (edition-neutral). */
export interface Chapter {
  /** Stable id, unique in the book (`ch01`): names its XHTML file and prefixes its ids in print. */
  id: string;
  /** Absolute path of the source file. */
  path: string;
  title: string;
  /** Nesting in the table of contents (0: top level), from SUMMARY.md. */
  depth: number;
  /** The part this chapter opens or belongs to, from SUMMARY.md headings. */
  part?: string;
  /** Front, body or back matter. */
  matter: Matter;
  /** Structural role: chapter, foreword, appendix, … */
  kind: ChapterKind;
  /** The chapter's HTML tree, cleaned and with assets resolved. */
  tree: Root;
  headings: Heading[];
  /** The chapter contains MathML. */
  hasMath: boolean;
  /** Images without alt text in the chapter. */
  imagesWithoutAlt: number;
}

/** Book metadata after merging every source and inferring what was missing. */
export interface BookMeta {
  title: string;
  subtitle?: string;
  authors: string[];
  /** BCP 47 tag. */
  lang: string;
  /** ISO 8601 date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`). */
  date?: string;
  publisher?: string;
  rights?: string;
  description: string;
  subjects: string[];
  keywords: string[];
  identifier: string;
  series?: string;
  seriesIndex?: number;
  edition?: string;
  dedication?: string;
  /** The cover image, when `cover-image` names one. */
  cover?: Asset;
}

/** A whole book, ready for the renderers. */
export interface Book {
  name: string;
  /** The book's folder. */
  root: string;
  /** Every file read to make the book (chapters, `book.yaml`, assets). */
  inputs: string[];
  meta: BookMeta;
  chapters: Chapter[];
  /** Every embedded file, once each. */
  assets: Asset[];
  /** Characters of Markdown in all chapters (scales time budgets). */
  sourceBytes: number;
  /** A one-chapter book opens with its title block instead of a title page. */
  singleChapter: boolean;
  /** Last modification: `SOURCE_DATE_EPOCH`, else the newest input's mtime (keeps rebuilds identical). */
  modified: Date;
  diagnostics: Diagnostic[];
  /** The print edition's page numbers, once it is printed: each page's number and where it begins in the EPUB. */
  pageList?: Array<{ label: string; href: string }>;
}
