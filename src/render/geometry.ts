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
