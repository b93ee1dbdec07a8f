import type { Element, Root } from 'hast';
import { dirname } from 'node:path';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { createAssetResolver, isAsset, type AssetResolver } from '../assets/resolve.js';

/** A size an image may ask for (pandoc's `{width=50%}`): a number with a CSS unit, or pixels. */
const SIZE = /^(\d{1,4}(?:\.\d{1,3})?)(%|px|em|rem|in|cm|mm|pt|pc)?$/;

/** An image's requested width and height (from Markdown attributes) as its style; other values are dropped. */
function sizeOf(node: Element): void {
  const style: string[] = [];
  for (const [property, css] of [['dataColophonWidth', 'width'], ['dataColophonHeight', 'height']] as const) {
    const m = SIZE.exec(String(node.properties[property] ?? '').trim());
    delete node.properties[property];
    if (m) style.push(`${css}: ${m[1]}${m[2] ?? 'px'}`);
  }
  if (style.length > 0) node.properties.style = `${style.join('; ')};`;
}

/** Options for {@link rehypeAssets}. */
export interface RehypeAssetsOptions {
  /** Resolver shared by the book's chapters; by default one for `file.data.colophon.bookRoot`. */
  resolver?: AssetResolver;
}

/**
 * Resolves every `<img src>` through the book's asset resolver: a found file gets its
 * content-hashed name (and is listed on `file.data.colophon.assets`); anything else is reported at
 * the image's line and replaced by its alt text. Missing alt text is reported too.
 */
export function rehypeAssets(options: RehypeAssetsOptions = {}) {
  return async (tree: Root, file: VFile) => {
    const data = (file.data.colophon ??= {});
    const resolver = options.resolver ?? createAssetResolver(data.bookRoot ?? file.dirname ?? process.cwd());
    const fromDir = file.path ? dirname(file.path) : (data.bookRoot ?? process.cwd());
    const images: Array<{ node: Element; index: number; parent: Element | Root }> = [];
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName === 'img' && parent && index !== undefined) images.push({ node, index, parent });
    });
    const assets = (data.assets ??= []);
    // Replace from the end so earlier indices stay valid.
    for (const { node, index, parent } of images.reverse()) {
      const src = typeof node.properties.src === 'string' ? node.properties.src : '';
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt : undefined;
      const place = node.position;
      if (alt === undefined || alt.trim() === '') {
        data.imagesWithoutAlt = (data.imagesWithoutAlt ?? 0) + 1;
        file.message(`image "${src}" has no alt text; describe it for readers who cannot see it (![description](${src}))`, {
          place,
          ruleId: 'image-alt',
          source: 'colophon',
        });
      }
      const result = src === '' ? { rule: 'image-missing' as const, reason: 'image has no source' } : await resolver.resolve(src, fromDir);
      if (isAsset(result)) {
        for (const what of result.removed ?? []) {
          file.message(`image "${src}": ${what}`, { place, ruleId: 'image-cleaned', source: 'colophon' });
        }
        node.properties.src = result.href;
        node.properties.alt = alt ?? '';
        sizeOf(node);
        if (!assets.some((a) => a.href === result.href)) assets.push(result);
        continue;
      }
      file.message(result.reason, { place, ruleId: result.rule, source: 'colophon' });
      parent.children.splice(index, 1, ...(alt ? [{ type: 'text' as const, value: alt }] : []));
    }
  };
}
