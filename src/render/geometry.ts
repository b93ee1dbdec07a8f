import type { ResolvedConfig } from '../config/load.js';

const POINTS_PER_UNIT: Record<string, number> = { in: 72, mm: 72 / 25.4, cm: 720 / 25.4, pt: 1, pc: 12, px: 0.75 };

/** A CSS length (`6in`, `148mm`) in PDF points. */
export function toPoints(length: string): number {
  const m = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(length);
  const factor = m ? POINTS_PER_UNIT[m[2]!] : undefined;
  if (!m || factor === undefined) throw new Error(`not a length: ${length}`);
  return Number(m[1]) * factor;
}

/** Room outside the bleed for crop marks: a gap, then the marks. */
const MARK_GAP = 6;
const MARK_LENGTH = 18;

/** The printed sheet, in points: the trim, the bleed around it, and room for crop marks. */
export interface PageGeometry {
  trimWidth: number;
  trimHeight: number;
  /** Bleed beyond each trim edge (0 when none). */
  bleed: number;
  /** Distance from each sheet edge to the trim edge. */
  offset: number;
  cropMarks: boolean;
  /** Crop mark length and its gap from the bleed edge. */
  mark: { gap: number; length: number };
}

/** Works out the sheet from the config's trim, bleed and crop marks. */
export function pageGeometry(config: Pick<ResolvedConfig, 'trim' | 'bleed' | 'cropMarks'>): PageGeometry {
  const bleed = config.bleed === undefined ? 0 : toPoints(config.bleed);
  return {
    trimWidth: toPoints(config.trim.width),
    trimHeight: toPoints(config.trim.height),
    bleed,
    offset: bleed + (config.cropMarks ? MARK_GAP + MARK_LENGTH : 0),
    cropMarks: config.cropMarks,
    mark: { gap: MARK_GAP, length: MARK_LENGTH },
  };
}

/** Where the text sits on the sheet, in points (top-left origin), as Chromium prints every page. */
export interface TextBlock {
  sheetWidth: number;
  sheetHeight: number;
  /** Top and bottom margins, from the sheet's edges. */
  top: number;
  bottom: number;
  /** The margin on either side as printed: the mean of inside and outside. */
  side: number;
  /** How far a page is moved sideways to put the wider margin on the inside. */
  shift: number;
  width: number;
  height: number;
}

/**
 * The text block: margins are proportions of the trim (inside 14% of its width, outside 10%, top
 * 8.5% and bottom 10% of its height), and the sheet adds bleed and crop-mark room on every side.
 */
export function textBlock(g: PageGeometry): TextBlock {
  const inside = g.trimWidth * 0.14;
  const outside = g.trimWidth * 0.1;
  const sheetWidth = g.trimWidth + 2 * g.offset;
  const sheetHeight = g.trimHeight + 2 * g.offset;
  const top = g.trimHeight * 0.085 + g.offset;
  const bottom = g.trimHeight * 0.1 + g.offset;
  const side = (inside + outside) / 2 + g.offset;
  return { sheetWidth, sheetHeight, top, bottom, side, shift: (inside - outside) / 2, width: sheetWidth - 2 * side, height: sheetHeight - top - bottom };
}
