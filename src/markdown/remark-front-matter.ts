import type { Root, Yaml } from 'mdast';
import type { Processor } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { parse as parseToml } from 'smol-toml';
import { isMap, parseDocument } from 'yaml';
import { parseYamlMapping } from '../config/yaml-data.js';
import { metadataKeys, metadataSchema, numbersAsText, type MetadataInput } from '../config/metadata-schema.js';
import { firstIssuePath, formatIssues } from '../config/issues.js';

/**
 * Reads front matter into `file.data.colophon.frontMatter`: YAML (core schema, no custom tags, few
 * aliases), or TOML between `+++` lines; unknown keys are warnings; syntax errors and wrong types
 * fail the file.
 */
export function remarkFrontMatter(this: Processor) {
  const processor = this;
  return (tree: Root, file: VFile) => {
    const node = tree.children[0];
    if ((node?.type as string) === 'toml') {
      (file.data.colophon ??= {}).frontMatter = parseTomlFrontMatter(node as unknown as Yaml, file);
      tree.children.shift();
      return;
    }
    if (node?.type !== 'yaml') return;
    if (!looksLikeMapping(node.value)) {
      // `---\nFoo\n---` is a rule and a heading, not metadata (as in pandoc): parse it as Markdown.
      // A leading newline keeps the parser from reading it as front matter again; positions shift back.
      const source = String(file.value).slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
      const parsed = processor.parse(`\n${source}`) as Root;
      visit(parsed, (n) => {
        for (const point of [n.position?.start, n.position?.end]) {
          if (!point) continue;
          point.line -= 1;
          if (point.offset !== undefined) point.offset -= 1;
        }
      });
      tree.children.splice(0, 1, ...parsed.children);
      return;
    }
    const data = (file.data.colophon ??= {});
    data.frontMatter = parseFrontMatter(node, file);
    tree.children.shift();
  };
}

/**
 * Front matter is a YAML mapping (or empty); a block holding a lone scalar or a list is Markdown.
 * Broken YAML that has a `key:` line was meant as front matter, and fails loudly later.
 */
function looksLikeMapping(value: string): boolean {
  const doc = parseDocument(value, { schema: 'core' });
  if (doc.errors.length > 0) return /^\s*[\w"'-][^\n]*:(\s|$)/m.test(value);
  return doc.contents === null || isMap(doc.contents);
}

/** Stops the file with a front matter error at `line`. */
function failer(file: VFile, firstLine: number) {
  return (reason: string, line = firstLine - 1, rule = 'front-matter'): never => {
    const message = file.message(reason, { place: { line, column: 1 }, ruleId: rule, source: 'colophon' });
    message.fatal = true;
    throw message;
  };
}

function parseTomlFrontMatter(node: Yaml, file: VFile): MetadataInput {
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const fail = failer(file, firstLine);
  let record: Record<string, unknown>;
  try {
    record = parseToml(node.value) as Record<string, unknown>;
  } catch (cause) {
    const line = (cause as { line?: number }).line;
    return fail(`front matter is not valid TOML: ${(cause as Error).message.split('\n')[0]}`, line === undefined ? firstLine - 1 : firstLine + line - 1);
  }
  // TOML's dates are dates; metadata dates are text (`2024-05-01`).
  const dated = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v]));
  return checkFrontMatter(dated, file, firstLine);
}

function parseFrontMatter(node: Yaml, file: VFile): MetadataInput {
  // The yaml node starts at the opening `---`; its content starts one line below.
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const fail = failer(file, firstLine);
  const yaml = parseYamlMapping(node.value);
  if ('problem' in yaml) {
    const { kind, detail, line } = yaml.problem;
    if (kind === 'tag') fail(`front matter may not use YAML tags (${detail})`, firstLine + line - 1);
    if (kind === 'syntax') fail(`front matter is not valid YAML: ${detail}`, firstLine + line - 1);
    if (kind === 'alias') fail(`front matter is not usable YAML: ${detail}`);
    if (kind === 'key') fail(`front matter key "${detail}" is not allowed`, firstLine + line - 1);
    fail('front matter must be a mapping of keys to values (key: value)');
  }
  const { value, lineOf } = yaml as Exclude<typeof yaml, { problem: unknown }>;
  const line = (path: ReadonlyArray<PropertyKey>) => firstLine + lineOf(path) - 1;
  (file.data.colophon ??= {}).frontMatterLines = Object.fromEntries(Object.keys(value).map((key) => [key, line([key])]));
  return checkFrontMatter(value, file, firstLine, line);
}

/** Front matter's known keys checked as metadata; unknown keys reported. */
function checkFrontMatter(record: Record<string, unknown>, file: VFile, firstLine: number, lineOf: (path: ReadonlyArray<PropertyKey>) => number = () => firstLine): MetadataInput {
  const fail = failer(file, firstLine);
  const known: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if ((metadataKeys as readonly string[]).includes(key)) known[key] = record[key];
    else {
      file.message(`unknown front matter key "${key}" is ignored (known keys: ${metadataKeys.join(', ')})`, {
        place: { line: lineOf([key]), column: 1 },
        ruleId: 'front-matter-key',
        source: 'colophon',
      });
    }
  }
  const parsed = metadataSchema.safeParse(numbersAsText(known));
  if (!parsed.success) fail(`invalid front matter: ${formatIssues(parsed.error, known).join('; ')}`, lineOf(firstIssuePath(parsed.error)));
  return parsed.data as MetadataInput;
}
