import { franc } from 'franc-min';
import { languageCodes } from './language-codes.js';

/** The result of language detection: a BCP 47 tag, and whether the detector was sure. */
export interface DetectedLanguage {
  lang: string;
  sure: boolean;
}

/** Below this many letters, detection is a guess. */
const MIN_LETTERS = 60;

/** Detects the language of a text (franc-min); `en` and `sure: false` when it cannot tell. */
export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.slice(0, 20000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return { lang: 'en', sure: false };
  const code = franc(sample, { minLength: MIN_LETTERS });
  if (code === 'und') return { lang: 'en', sure: false };
  return { lang: languageCodes[code] ?? code, sure: true };
}
