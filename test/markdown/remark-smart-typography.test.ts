import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { createChapterProcessor } from '../../src/markdown/processor.js';

const processChapter = createChapterProcessor({ remarkPlugins: [], rehypePlugins: [], joinBrokenParagraphs: false });
const html = async (md: string) => toHtml((await processChapter(md, '/x/a.md', { inferTitleBlock: false, bookRoot: '/x' })).tree);

describe('smart typography', () => {
  it.each([
    ['"Hello," she said.', '<p>“Hello,” she said.</p>'],
    ["It's the '90s, rock 'n' roll, 'tis true.", '<p>It’s the ’90s, rock ’n’ roll, ’tis true.</p>'],
    ["He said 'no' (\"never\").", '<p>He said ‘no’ (“never”).</p>'],
    ['"*Emphasised*" and "[a link](https://x.org)".', '<p>“<em>Emphasised</em>” and “<a href="https://x.org">a link</a>”.</p>'],
    ['1990--2000, yes---no, wait...', '<p>1990–2000, yes—no, wait…</p>'],
    ['`"code" --stays` "after code"', '<p><code>"code" --stays</code> “after code”</p>'],
    ['# "Quoted" heading', '<h1 id="quoted-heading">“Quoted” heading</h1>'],
    ['| "a" |\n|---|\n| it\'s |', '<table>\n<thead>\n<tr>\n<th>“a”</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>it’s</td>\n</tr>\n</tbody>\n</table>'],
  ])('%s', async (md, expected) => expect(await html(md)).toBe(expected));

  it('leaves code blocks and math alone', async () => {
    expect(await html('```\n"a" -- b...\n```')).toBe('<pre><code>"a" -- b...\n</code></pre>');
  });
});
