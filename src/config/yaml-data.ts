import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';

/** Why a YAML block is not plain data, and where (1-based line within the block). */
export interface YamlProblem {
  kind: 'tag' | 'syntax' | 'alias' | 'shape' | 'key';
  detail: string;
  line: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a value holds itself (`title: &x [*x]`): data that cannot be written out. */
function refersToItself(value: unknown, within: Set<object> = new Set()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (within.has(value)) return true;
  within.add(value);
  const found = Object.values(value).some((v) => refersToItself(v, within));
  within.delete(value);
  return found;
}

/** Finds the line (1-based, within the YAML) of a value, for messages about it. */
export type LineOf = (path: ReadonlyArray<PropertyKey>) => number;

/**
 * The line of the deepest entry of `path` the document has: a mapping entry's key, a list item.
 * (A value that is missing is reported at the entry that should hold it.)
 */
function lineOfPath(doc: Document, text: string, path: ReadonlyArray<PropertyKey>): number {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const key of path) {
    let next: { at: number | undefined; node: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair) next = { at: (pair.key as { range?: [number, number, number] }).range?.[0], node: pair.value };
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as { range?: [number, number, number] } | undefined;
      if (item) next = { at: item.range?.[0], node: item };
    }
    if (next === undefined) break;
    offset = next.at ?? offset;
    node = next.node;
  }
  if (offset === undefined) return 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Reads YAML as plain data only, for front matter and book files alike: core schema, no tags
 * (they ask YAML to build objects), few aliases (no "billion laughs"), a mapping at the top, and
 * no prototype keys. Empty YAML is an empty mapping.
 */
export function parseYamlMapping(text: string): { value: Record<string, unknown>; lineOf: LineOf } | { problem: YamlProblem } {
  // (Merge keys, `<<: *defaults`, as YAML 1.1 has them and people write them; no warnings of the
  // YAML library's own on the terminal: a key that is a list or a mapping becomes its text.)
  const doc = parseDocument(text, { schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: false, merge: true, logLevel: 'error' });
  const tagged = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tagged) return { problem: { kind: 'tag', detail: tagged.message.split('\n')[0]!, line: tagged.linePos?.[0].line ?? 1 } };
  const err = doc.errors[0];
  if (err) return { problem: { kind: 'syntax', detail: err.message.split('\n')[0]!, line: err.linePos?.[0].line ?? 1 } };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 20 }) ?? {};
  } catch (cause) {
    return { problem: { kind: 'alias', detail: (cause as Error).message, line: 1 } };
  }
  if (refersToItself(value)) return { problem: { kind: 'alias', detail: 'an alias refers to the value it is part of', line: 1 } };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: { kind: 'shape', detail: '', line: 1 } };
  const lineOf: LineOf = (path) => lineOfPath(doc, text, path);
  const forbidden = Object.keys(value).find((k) => FORBIDDEN_KEYS.has(k));
  if (forbidden !== undefined) return { problem: { kind: 'key', detail: forbidden, line: lineOf([forbidden]) } };
  return { value: value as Record<string, unknown>, lineOf };
}
