import { parseDocument } from 'yaml';

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

/**
 * Reads YAML as plain data only, for front matter and book files alike: core schema, no tags
 * (they ask YAML to build objects), few aliases (no "billion laughs"), a mapping at the top, and
 * no prototype keys. Empty YAML is an empty mapping.
 */
export function parseYamlMapping(text: string): { value: Record<string, unknown> } | { problem: YamlProblem } {
  const doc = parseDocument(text, { schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: false });
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
  const forbidden = Object.keys(value).find((k) => FORBIDDEN_KEYS.has(k));
  if (forbidden !== undefined) return { problem: { kind: 'key', detail: forbidden, line: 1 } };
  return { value: value as Record<string, unknown> };
}
