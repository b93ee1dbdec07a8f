import type { MetadataInput } from '../config/metadata-schema.js';
import type { Asset } from '../assets/resolve.js';
import type { TimeBudget } from './time-budget.js';

/** Title, byline and date found at the top of a manuscript (and removed from its body). */
export interface TitleBlock {
  title?: string;
  authors?: string[];
  /** ISO date `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`). */
  date?: string;
}

/** Per-file settings and results shared between Colophon's plugins (on `file.data`). */
export interface ChapterData {
  /** Input: absolute path of the book's folder; assets must resolve inside it. */
  bookRoot?: string;
  /** Input: infer a title block (title, byline, date) at the top of this file. */
  inferTitleBlock?: boolean;
  /** Input: the metadata title already known, so a matching first heading is not repeated. */
  knownTitle?: string;
  /** Input: the book's time for the Markdown stage (the processor's own; not passed to plugins). */
  budget?: TimeBudget;
  /** Output: front matter, validated. */
  frontMatter?: MetadataInput;
  /** Output: the line of each front matter key in the file. */
  frontMatterLines?: Record<string, number>;
  /** Output: the inferred title block. */
  titleBlock?: TitleBlock;
  /** Output: how many images lack alt text. */
  imagesWithoutAlt?: number;
  /** Output: local files the chapter embeds, by their `src` in the output. */
  assets?: Asset[];
  /** Output: files the chapter's code takes in (mdBook's `{{#include}}`), as absolute paths. */
  includes?: string[];
}

declare module 'vfile' {
  interface DataMap {
    colophon: ChapterData;
  }
}

declare module 'hast' {
  interface Data {
    /** An element's id as the manuscript wrote it, when the Markdown stage had to change it (links to it follow). */
    writtenId?: string;
  }
}
