const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return -1;
  return MONTHS.findIndex((m) => m.startsWith(w) && (w.length >= 3));
}

function iso(year: number, month?: number, day?: number): string | undefined {
  if (year < 1000 || year > 9999) return undefined;
  if (month === undefined) return String(year);
  if (month < 1 || month > 12) return undefined;
  const mm = String(month).padStart(2, '0');
  if (day === undefined) return `${year}-${mm}`;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return undefined;
  return `${year}-${mm}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads a date written the way manuscripts write them: `2011-06-30`, `June 30, 2011`,
 * `30 June 2011`, `Thursday, June 30, 2011`, `June 2011`. Returns ISO 8601 (`YYYY-MM-DD`,
 * `YYYY-MM` or `YYYY`), or undefined when the text is not just a date.
 */
export function parseDate(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ').replace(/^(mon|tues|wednes|thurs|fri|satur|sun)day,? /i, '');
  let m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  m = /^([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(t);
  if (m && monthIndex(m[1]!) >= 0) return iso(Number(m[3]), monthIndex(m[1]!) + 1, Number(m[2]));
  m = /^(\d{1,2})(?:st|nd|rd|th)?\.? ([A-Za-z]+\.?),? (\d{4})$/.exec(t);
  if (m && monthIndex(m[2]!) >= 0) return iso(Number(m[3]), monthIndex(m[2]!) + 1, Number(m[1]));
  m = /^([A-Za-z]+\.?),? (\d{4})$/.exec(t);
  if (m && monthIndex(m[1]!) >= 0) return iso(Number(m[2]), monthIndex(m[1]!) + 1);
  return undefined;
}

/** Normalises a metadata date (ISO or written) to ISO 8601; undefined when unreadable. */
export function normaliseDate(value: string | Date): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : parseDate(value.toISOString().slice(0, 10));
  const v = value.trim();
  // A date-time keeps its date, if that is a real one (Date.parse rolls 30 February over).
  if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))) return parseDate(v.slice(0, 10));
  if (/^\d{4}$/.test(v)) return Number(v) >= 1000 ? v : undefined;
  return parseDate(v);
}
