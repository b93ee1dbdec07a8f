import { franc } from 'franc-min';
import { iso6393 } from 'iso-639-3';

/** The result of language detection: a BCP 47 tag, and whether the detector was sure. */
export interface DetectedLanguage {
  lang: string;
  sure: boolean;
}

const to6391 = new Map(iso6393.filter((l) => l.iso6391).map((l) => [l.iso6393, l.iso6391!]));
// franc names individual languages where BCP 47 prefers the macrolanguage's two-letter code.
const MACRO: Record<string, string> = {
  arb: 'ar', cmn: 'zh', pes: 'fa', zlm: 'ms', azj: 'az', uzn: 'uz', swh: 'sw', ekk: 'et', lvs: 'lv', npi: 'ne',
  khk: 'mn', ydd: 'yi', ory: 'or', gaz: 'om', plt: 'mg', pbu: 'ps', quy: 'qu', qug: 'qu', als: 'sq', ckb: 'ku',
  kmr: 'ku', hnj: 'hmn', hms: 'hmn', fuv: 'ff', skr: 'pa', koi: 'kv', zyb: 'za', nya: 'ny',
};

/** Below this many letters, detection is a guess. */
const MIN_LETTERS = 60;

/** Detects the language of a text (franc-min); `en` and `sure: false` when it cannot tell. */
export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.slice(0, 20000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return { lang: 'en', sure: false };
  const code = franc(sample, { minLength: MIN_LETTERS });
  if (code === 'und') return { lang: 'en', sure: false };
  return { lang: MACRO[code] ?? to6391.get(code) ?? code, sure: true };
}
