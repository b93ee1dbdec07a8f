import type { z } from 'zod';

/** Reads the value at `path` in `input`, for error messages. */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v == null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return 'a value that cannot be shown (it refers to itself)';
  }
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * Where the first issue is: its path, or for unknown keys, the first of them (for finding its line).
 */
export function firstIssuePath(error: z.ZodError): PropertyKey[] {
  const issue = error.issues[0];
  if (!issue) return [];
  return issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : [...issue.path];
}

/**
 * Turns schema issues into lines such as `pdf.trim: expected one of "6x9in", "a5", …, got "7x7"`.
 * `knownKeys` lists the allowed keys for objects, so an unknown key says what would have been valid.
 */
export function formatIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const where = path === '' ? '' : `${path}: `;
    if (issue.code === 'unrecognized_keys') {
      return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    const value = valueAt(input, issue.path);
    let message = issue.message.replace(/^Invalid (option|input): /, '');
    if (issue.code === 'invalid_value') {
      message = `expected one of ${issue.values.map((v) => show(v)).join(', ')}`;
    } else if (issue.code === 'invalid_union') {
      // Say what each alternative expects: `expected one of "6x9in", … or an object`.
      const options = issue.errors.map((branch) => {
        const first = branch[0];
        if (first?.code === 'invalid_value') return `one of ${first.values.map((v) => show(v)).join(', ')}`;
        if (first?.code === 'invalid_type') return `${/^[aeiou]/.test(first.expected) ? 'an' : 'a'} ${first.expected}`;
        return first?.message ?? 'another value';
      });
      message = `expected ${[...new Set(options)].join(' or ')}`;
    }
    return value === undefined && issue.code === 'invalid_type'
      ? `${where}${message}, but it is missing`
      : `${where}${message}, got ${show(value)}`;
  });
}
