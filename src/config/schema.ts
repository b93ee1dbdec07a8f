import { z } from 'zod';
import { metadataSchema } from './metadata-schema.js';

/** Trim sizes known by name: width × height. */
export const trimPresets = {
  '6x9in': { width: '6in', height: '9in' },
  '5x8in': { width: '5in', height: '8in' },
  '5.5x8.5in': { width: '5.5in', height: '8.5in' },
  a5: { width: '148mm', height: '210mm' },
  a4: { width: '210mm', height: '297mm' },
  letter: { width: '8.5in', height: '11in' },
} as const;

/** A CSS length in absolute units. */
const length = z
  .string()
  .regex(/^\d+(\.\d+)?(in|mm|cm|pt|pc|px)$/, 'expected a length such as "6in", "148mm" or "432pt"');

/** Inches in a CSS length of `length`'s form. */
const inches = (value: string) => Number.parseFloat(value) / ({ in: 1, mm: 25.4, cm: 2.54, pt: 72, pc: 6, px: 96 } as Record<string, number>)[value.replace(/^[\d.]+/, '')]!;
/**
 * A page side a book can have: from 3.5 in (below that the margins cannot hold a running head, the
 * text and a folio apart; printers' smallest trims are about 4 × 6 in) to 40 in.
 */
const pageSide = (value: string) => inches(value) >= 3.5 && inches(value) <= 40;
const PAGE_SIDE = 'expected a page side from 3.5in (89mm) to 40in';

const plugin = z.union([
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a unified plugin'),
  z.tuple([z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a unified plugin')], z.unknown()),
]);

const formats = z.array(z.enum(['epub', 'pdf'])).min(1);

/** One book listed in the config. */
const bookSchema = z.strictObject({
  /** A Markdown file or a book folder, relative to the config file. */
  input: z.string().min(1),
  /** Output name (default: the file name without extension, or the folder's name). */
  name: z.string().regex(/^[^/\\]+$/, 'expected a plain file name without slashes').optional(),
  /** Metadata for this book; the manuscript's own front matter wins over it. */
  metadata: metadataSchema.optional(),
});

/** The whole `build.config.ts`, as a user writes it. */
export const configSchema = z.strictObject({
  /** Output folder, relative to the config file. Default `dist`. */
  out: z.string().min(1).default('dist'),
  /** Editions to build. Default both. */
  formats: formats.default(['epub', 'pdf']),
  /** Metadata defaults for every book. */
  metadata: metadataSchema.default({}),
  /** Template: a name under `templates/` or a path to a template folder. Default `default`. */
  template: z.string().min(1).default('default'),
  /** The print edition. */
  pdf: z
    .strictObject({
      /** Trim size: a preset name or `{ width, height }`. Default `6x9in`. */
      trim: z
        .union([
          z.enum(Object.keys(trimPresets) as [keyof typeof trimPresets, ...(keyof typeof trimPresets)[]]),
          z.strictObject({ width: length.refine(pageSide, PAGE_SIDE), height: length.refine(pageSide, PAGE_SIDE) }),
        ])
        .default('6x9in'),
      /** Bleed around the trim for printers: `true` for 0.125in, or a length. Default none. */
      bleed: z.union([z.boolean(), length]).default(false),
      /** Crop marks outside the bleed, at the trim corners. Default false. */
      cropMarks: z.boolean().default(false),
      /** Where the print edition sets notes: at the foot of the page they are cited on (default), after each chapter, or together at the end of the book. */
      notes: z.enum(['page', 'chapter', 'book']).default('page'),
      /** A gray interior: text, drawings and images converted to gray (through Ghostscript; drops the PDF's tags). Default false. */
      grayscale: z.boolean().default(false),
      /**
       * PDF/X-3:2002 for the printer, through Ghostscript: CMYK (or gray) with an output intent.
       * Ghostscript drops the tag structure, so this edition is not an accessible PDF. Default false.
       */
      pdfx: z.boolean().default(false),
    })
    .prefault({}),
  /** The Markdown stage. */
  markdown: z
    .strictObject({
      /** remark plugins (or `[plugin, options]`), run after Colophon's own remark plugins. */
      remarkPlugins: z.array(plugin).default([]),
      /** rehype plugins (or `[plugin, options]`), run before EPUB cleaning. */
      rehypePlugins: z.array(plugin).default([]),
      /** Join a paragraph that ends mid-sentence with the next one, which starts in lowercase. Default true. */
      joinBrokenParagraphs: z.boolean().default(true),
      /** Seconds one book's Markdown stage may take before the book fails. Default 10, plus 1 per 50 KB of Markdown, at most 120. */
      timeLimit: z.number().positive().max(86_400).optional(),
    })
    .prefault({}),
  /** Books to build when `colophon build` has no inputs; else everything under `manuscripts/`. */
  books: z.array(z.union([z.string().min(1), bookSchema])).default([]),
});

/** What a user writes in `build.config.ts`. */
export type UserConfig = z.input<typeof configSchema>;
/** The config after validation and defaults. */
export type ParsedConfig = z.output<typeof configSchema>;
/** One entry of `books`. */
export type BookEntry = z.output<typeof bookSchema>;
