import type { Element, Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGemoji from 'remark-gemoji';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { defListHastHandlers, remarkDefinitionList } from 'remark-definition-list';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList, type Processor, type Transformer } from 'unified';
import GithubSlugger, { slug } from 'github-slugger';
import { toString } from 'hast-util-to-string';
import { EXIT, SKIP, visit } from 'unist-util-visit';
import type { Node } from 'unist';
import { VFile } from 'vfile';
import type { ResolvedConfig } from '../config/load.js';
import { BookError, ColophonError } from '../diagnostics/diagnostic.js';
import type { ChapterData } from './data.js';
import { depthLimit } from './depth-limit.js';
import { listItem } from './list-item-handler.js';
import { rehypeAssets } from './rehype-assets.js';
import { rehypeContentModel, rehypeUnnestLinks } from './rehype-content-model.js';
import { rehypeEpubSafe } from './rehype-epub-safe.js';
import { rehypeFigure } from './rehype-figure.js';
import { isNoteReference, rehypeFootnotes } from './rehype-footnotes.js';
import { rehypeGfmMarkup } from './rehype-gfm-markup.js';
import { rehypeHighlight } from './rehype-highlight.js';
import { rehypeMath } from './rehype-math.js';
import { remarkHeadingAttributes } from './remark-heading-attributes.js';
import { remarkPandoc } from './remark-pandoc.js';
import { remarkIncludeDirectives } from './remark-include-directives.js';
import { remarkMathGuard } from './remark-math-guard.js';
import { remarkBrokenParagraphs } from './remark-broken-paragraphs.js';
import { remarkEmptyLinks } from './remark-empty-links.js';
import { remarkFrontMatter } from './remark-front-matter.js';
import { remarkSmartTypography } from './remark-smart-typography.js';
import { remarkTitleBlock } from './remark-title-block.js';
import './data.js';

/** A chapter after the Markdown stage: its tree (edition-neutral) and the file with its messages. */
export interface ProcessedChapter {
  tree: HastRoot;
  file: VFile;
}

/**
 * rehype-raw, only for a chapter that has raw HTML in it: re-parsing the whole tree through parse5
 * costs about a tenth of the Markdown stage, and a tree made from Markdown alone is already sound.
 */
function rawWhenPresent(this: Processor): Transformer<HastRoot> {
  const transform = (rehypeRaw as unknown as (this: Processor) => Transformer<HastRoot>).call(this);
  // Two parameters, not three: unified would wait for a callback otherwise.
  return (tree, file) => {
    let found = false;
    visit(tree, 'raw', () => {
      found = true;
      return EXIT;
    });
    if (!found) return tree;
    return (transform as (tree: HastRoot, file: VFile) => HastRoot)(tree, file);
  };
}

const reason = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!;

/**
 * The user's plugins, each wrapped so that a failure names it: while being set up, a config
 * error (exit 2); on a chapter, an error of that chapter's book, at its file. Transformers keep
 * their arity (unified passes a callback to one of three parameters).
 */
function namedPlugins(list: PluggableList, where: string): PluggableList {
  return list.map((entry, i) => {
    const [plugin, ...options] = Array.isArray(entry) ? entry : [entry];
    if (typeof plugin !== 'function') return entry;
    const name = `markdown.${where}[${i}]${plugin.name ? ` (${plugin.name})` : ''}`;
    const failed = (cause: unknown, file: VFile) => new BookError({ file: file.path, severity: 'error', rule: 'plugin', message: `${name} failed on this chapter: ${reason(cause)}` }, { cause });
    function attacher(this: Processor, ...args: unknown[]) {
      let transformer: unknown;
      try {
        transformer = (plugin as (...a: unknown[]) => unknown).apply(this, args);
      } catch (cause) {
        throw new ColophonError(`${name} could not be set up: ${reason(cause)}`, 2, { cause });
      }
      if (typeof transformer !== 'function') return transformer;
      const transform = transformer as (this: unknown, tree: unknown, file: VFile, next?: (error?: unknown, ...rest: unknown[]) => void) => unknown;
      if (transform.length >= 3) {
        return function (this: unknown, tree: unknown, file: VFile, next: (error?: unknown, ...rest: unknown[]) => void) {
          try {
            return transform.call(this, tree, file, (error?: unknown, ...rest: unknown[]) => next(error ? failed(error, file) : error, ...rest));
          } catch (cause) {
            throw failed(cause, file);
          }
        };
      }
      return function (this: unknown, tree: unknown, file: VFile) {
        try {
          const result = transform.call(this, tree, file);
          return result instanceof Promise ? result.catch((cause: unknown) => Promise.reject(failed(cause, file))) : result instanceof Error ? failed(result, file) : result;
        } catch (cause) {
          throw failed(cause, file);
        }
      };
    }
    return [attacher, ...options] as PluggableList[number];
  });
}

/**
 * Mends what the user's plugins left malformed, so that Colophon's own passes do not fail on it
 * with an error of their own: an element without properties gets none, a parent without children
 * none, empty entries in a list of children go; a list of children that is not a list fails the
 * chapter, blamed on the plugins. Only used when plugins are configured.
 */
function wellFormed(where: string): () => Transformer<Node> {
  return () => (tree, file) => {
    for (const stack: Node[] = [tree]; stack.length > 0; ) {
      const node = stack.pop() as Node & { properties?: unknown; children?: unknown; value?: unknown; tagName?: unknown };
      if (node.type === 'element' && (typeof node.properties !== 'object' || node.properties === null)) node.properties = {};
      if ((node.type === 'element' || node.type === 'root') && node.children == null) node.children = [];
      if (node.type === 'text' && typeof node.value !== 'string') node.value = node.value == null ? '' : String(node.value);
      if (node.children === undefined) continue;
      if (!Array.isArray(node.children)) {
        throw new BookError({ file: file.path, severity: 'error', rule: 'plugin', message: `markdown.${where} left a malformed tree on this chapter (the children of a ${String(node.type)} node are not a list)` });
      }
      node.children = node.children.filter((c: unknown) => typeof c === 'object' && c !== null && typeof (c as Node).type === 'string');
      stack.push(...(node.children as Node[]));
    }
  };
}

/** A heading's text without the numbers of the notes it cites (`## Origins[^1]` is "Origins"). */
function headingText(node: Element): string {
  return toString({ ...node, children: node.children.filter((c) => !isNoteReference(c)) });
}

/**
 * Headings made ready for the contents, in one walk: each without an id gets GitHub's slug of its
 * text, as rehype-slug gives, but without the numbers of the notes it cites (`origins`, as pandoc
 * and a reader would write the link, not `origins1`); a heading whose text makes no slug (emoji,
 * punctuation: "😀🎉", "…", or only an image) gets an id all the same (the contents, the
 * bookmarks and the chapter's title come from headings with ids); a heading with nothing to read
 * or see (`##`, `## {#anchor}`) is left out, and said so: reading systems announce an empty
 * heading, and the contents would list it blank. An id it had stays on an empty block in its
 * place, for the links to it.
 */
function headings(): Transformer<HastRoot> {
  return (tree, file) => {
    const slugs = new GithubSlugger();
    let n = 0;
    const identify = (node: Element) => {
      if (typeof node.properties.id === 'string' && node.properties.id.trim() !== '') return;
      const text = headingText(node);
      node.properties.id = slug(text) === '' ? `section-${++n}` : slugs.slug(text);
    };
    visit(tree, 'element', (node, index, parent) => {
      if (!/^h[1-6]$/.test(node.tagName) || !parent || index === undefined) return undefined;
      if (toString(node).trim() !== '') {
        identify(node);
        return SKIP;
      }
      let shows = false;
      visit(node, 'element', (el) => {
        if (/^(img|svg|math|picture|video)$/.test(el.tagName)) shows = true;
        return shows ? EXIT : undefined;
      });
      if (shows) {
        identify(node);
        return SKIP;
      }
      file.message(`an empty heading (<${node.tagName}>, nothing to read) is left out`, { place: node.position, ruleId: 'empty-heading', source: 'colophon' });
      const id = node.properties.id;
      const anchor: Element[] = typeof id === 'string' && id !== '' ? [{ type: 'element', tagName: 'div', properties: { id }, children: [] }] : [];
      parent.children.splice(index, 1, ...anchor);
      return [SKIP, index + anchor.length];
    });
  };
}

/**
 * A definition of several paragraphs keeps them as paragraphs: the plugin's handler runs a tight
 * definition's paragraphs together as one text ("First.\nSecond." on one line in print), and a
 * definition is tight unless a blank line separates the items, even when it has two paragraphs.
 */
const describe = defListHastHandlers.defListDescription;
const defListDescription: typeof describe = (state, node, parent) => describe(state, { ...node, spread: Boolean(node.spread) || node.children.length > 1 }, parent);

/** Runs one chapter through the shared processor. */
export type ChapterProcessor = (text: string, path: string, data: ChapterData) => Promise<ProcessedChapter>;

/**
 * Builds the unified processor once per build and returns a function that runs it on a chapter.
 * Order: parse (GFM, math, definition lists) → front matter → heading attributes → pandoc's
 * extensions → emoji shortcodes → title block and content checks → smart typography → user remark plugins → HTML (GFM markup made EPUB-valid, then
 * raw HTML parsed into the tree) → user rehype plugins → EPUB-safe cleaning → heading ids (empty headings out) → notes,
 * figures, math, code highlighting → assets.
 */
export function createChapterProcessor(markdown: ResolvedConfig['markdown']): ChapterProcessor {
  const processor = unified()
    .use(remarkParse)
    // YAML closed by `---` or, as pandoc allows, `...`; TOML between `+++` (Hugo, Zola).
    .use(remarkFrontmatter, ['yaml', { type: 'yaml', fence: { open: '---', close: '...' } }, 'toml'])
    .use(remarkGfm, { singleTilde: false })
    .use(remarkMath)
    .use(remarkMathGuard)
    .use(remarkDefinitionList)
    .use(() => depthLimit('Markdown'))
    .use(remarkFrontMatter)
    .use(remarkHeadingAttributes)
    .use(remarkPandoc)
    .use(remarkIncludeDirectives)
    .use(remarkEmptyLinks)
    // GitHub's emoji shortcodes (`:rocket:`), outside code.
    .use(remarkGemoji)
    // The title block first: a byline ("By Jane Doe") is not a paragraph broken mid-sentence.
    .use(remarkTitleBlock)
    .use(remarkBrokenParagraphs, { join: markdown.joinBrokenParagraphs })
    .use(remarkSmartTypography)
    .use(namedPlugins(markdown.remarkPlugins as PluggableList, 'remarkPlugins'))
    .use(markdown.remarkPlugins.length > 0 ? [wellFormed('remarkPlugins')] : [])
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '', handlers: { ...defListHastHandlers, defListDescription, listItem } })
    .use(rehypeGfmMarkup)
    .use(rehypeUnnestLinks)
    .use(rawWhenPresent)
    .use(() => depthLimit('HTML'))
    .use(namedPlugins(markdown.rehypePlugins as PluggableList, 'rehypePlugins'))
    .use(markdown.rehypePlugins.length > 0 ? [wellFormed('rehypePlugins')] : [])
    .use(rehypeEpubSafe)
    .use(headings)
    .use(rehypeFootnotes)
    .use(rehypeFigure)
    .use(rehypeMath)
    .use(rehypeHighlight)
    .use(rehypeAssets)
    .use(rehypeContentModel)
    .freeze();

  return async (text, path, data) => {
    const { budget, ...rest } = data;
    const file = new VFile({ value: text, path, data: { colophon: rest } });
    // Parsing, then the transforms up to the first one that awaits (math, code, images), run
    // synchronously in one timed step, so the heavy part — the parser, GFM, raw HTML, Markdown to
    // HTML, sync user plugins — is interrupted when the book's time is up; the rest must settle
    // within the budget.
    const what = 'turning the Markdown into HTML, with any configured plugins';
    const start = () => processor.run(processor.parse(file) as MdastRoot, file);
    const tree = (await (budget ? budget.settle(what, budget.run(what, start)) : start())) as HastRoot;
    return { tree, file };
  };
}
