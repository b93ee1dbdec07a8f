import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSlug from 'rehype-slug';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkSmartypants from 'remark-smartypants';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import type { ResolvedConfig } from '../config/load.js';
import type { ChapterData } from './data.js';
import { rehypeAssets } from './rehype-assets.js';
import { rehypeEpubSafe } from './rehype-epub-safe.js';
import { remarkBrokenParagraphs } from './remark-broken-paragraphs.js';
import { remarkEmptyLinks } from './remark-empty-links.js';
import { remarkFrontMatter } from './remark-front-matter.js';
import { remarkTitleBlock } from './remark-title-block.js';
import './data.js';

/** A chapter after the Markdown stage: its tree (edition-neutral) and the file with its messages. */
export interface ProcessedChapter {
  tree: HastRoot;
  file: VFile;
}

/** Runs one chapter through the shared processor. */
export type ChapterProcessor = (text: string, path: string, data: ChapterData) => Promise<ProcessedChapter>;

/**
 * Builds the unified processor once per build and returns a function that runs it on a chapter.
 * Order: parse → front matter → content checks → title block → smart typography → user remark
 * plugins → HTML (raw HTML parsed into the tree) → user rehype plugins → EPUB-safe cleaning →
 * heading ids → assets.
 */
export function createChapterProcessor(markdown: ResolvedConfig['markdown']): ChapterProcessor {
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkFrontMatter)
    .use(remarkEmptyLinks)
    .use(remarkBrokenParagraphs, { join: markdown.joinBrokenParagraphs })
    .use(remarkTitleBlock)
    .use(remarkSmartypants, { dashes: 'oldschool' })
    .use(markdown.remarkPlugins as PluggableList)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(markdown.rehypePlugins as PluggableList)
    .use(rehypeEpubSafe)
    .use(rehypeSlug)
    .use(rehypeAssets)
    .freeze();

  return async (text, path, data) => {
    const file = new VFile({ value: text, path, data: { colophon: { ...data } } });
    const mdast = processor.parse(file) as MdastRoot;
    const tree = (await processor.run(mdast, file)) as HastRoot;
    return { tree, file };
  };
}
