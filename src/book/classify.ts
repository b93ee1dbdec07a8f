import type { Matter } from './summary.js';

/** A chapter's structural role, as EPUB 3 structural semantics and DPUB-ARIA name it. */
export type ChapterKind =
  | 'chapter' | 'foreword' | 'preface' | 'introduction' | 'prologue' | 'acknowledgments' | 'dedication'
  | 'epilogue' | 'afterword' | 'appendix' | 'glossary' | 'bibliography' | 'index' | 'colophon' | 'conclusion';

// Titles (or file names) in the languages Colophon's users write most, by role.
const PATTERNS: Array<[ChapterKind, RegExp]> = [
  ['foreword', /^(foreword|vorwort|geleitwort|avant-propos|prefacio del editor|premessa)\b/i],
  ['preface', /^(preface|préface|prefacio|prefazione|prefácio|предисловие)\b/i],
  ['introduction', /^(introduction|einleitung|einführung|introducción|introduzione|introdução|введение)\b/i],
  ['prologue', /^(prologue|prolog|prólogo|prologo)\b/i],
  ['acknowledgments', /^(acknowledge?ments?|danksagung|dank|remerciements|agradecimientos|ringraziamenti)\b/i],
  ['dedication', /^(dedication|widmung|dédicace|dedicatoria)\b/i],
  ['epilogue', /^(epilogue|epilog|épilogue|epílogo)\b/i],
  ['afterword', /^(afterword|nachwort|postface|epílogo del autor|postfazione)\b/i],
  ['conclusion', /^(conclusion|schluss|fazit|conclusión|conclusione)\b/i],
  ['appendix', /^(appendix|appendices|anhang|annexe|apéndice|appendice|apêndice|приложение)\b/i],
  ['glossary', /^(glossary|glossar|glossaire|glosario|glossario)\b/i],
  ['bibliography', /^(bibliography|references|works cited|literatur(verzeichnis)?|bibliographie|bibliografía|bibliografia)\b/i],
  ['index', /^(index|register|índice alfabético)$/i],
  ['colophon', /^(colophon|kolophon|impressum)$/i],
];

const FRONT: ReadonlySet<ChapterKind> = new Set(['foreword', 'preface', 'acknowledgments', 'dedication', 'prologue']);
const BACK: ReadonlySet<ChapterKind> = new Set(['epilogue', 'afterword', 'appendix', 'glossary', 'bibliography', 'index', 'colophon']);

/** Tells a chapter's role from its title or file name (`01-preface.md`). */
export function chapterKind(title: string, fileName: string): ChapterKind {
  const base = fileName.replace(/\.[^.]+$/, '').replace(/^[\d\s._-]+/, '').replace(/[_-]+/g, ' ');
  for (const [kind, re] of PATTERNS) if (re.test(title.trim()) || re.test(base)) return kind;
  return 'chapter';
}

/** Where a kind of chapter goes in a book: 0 before the body (a foreword), 2 after it (an appendix), else 1. */
export function readingRank(kind: ChapterKind): 0 | 1 | 2 {
  return FRONT.has(kind) ? 0 : BACK.has(kind) ? 2 : 1;
}

/**
 * Places chapters in front, body or back matter: a SUMMARY's prefix and suffix chapters where it
 * says so; otherwise leading front-matter kinds are front matter and trailing back-matter kinds
 * back matter (an "Appendix" in the middle stays in the body).
 */
export function assignMatter(kinds: ReadonlyArray<ChapterKind>, given?: ReadonlyArray<Matter | undefined>): Matter[] {
  const matter: Matter[] = kinds.map(() => 'body');
  let i = 0;
  while (i < kinds.length - 1 && FRONT.has(kinds[i]!)) matter[i++] = 'front';
  let j = kinds.length - 1;
  while (j > i && BACK.has(kinds[j]!)) matter[j--] = 'back';
  return matter.map((m, k) => given?.[k] ?? m);
}
