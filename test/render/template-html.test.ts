import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { fillDocument, fillFields, fragmentRoot } from '../../src/render/template-html.js';

const block = fragmentRoot(
  fromHtml('<header><h1 data-field="title"></h1><p class="d"><time data-field="date"></time></p><!-- note --><p data-field="by"></p></header>', { fragment: true }),
);

describe('template fields', () => {
  it('fills fields, sets attributes, and removes empty fields with the parents they leave empty', () => {
    const filled = fillFields(block, { title: 'A <b> & c', date: undefined, by: 'Ann' });
    expect(toHtml(filled)).toBe('<header><h1>A &#x3C;b> &#x26; c</h1><p>Ann</p></header>');
    const dated = fillFields(block, { title: 'T', date: { text: 'June 30, 2011', attributes: { dateTime: '2011-06-30' } } });
    expect(toHtml(dated)).toBe('<header><h1>T</h1><p class="d"><time datetime="2011-06-30">June 30, 2011</time></p></header>');
  });

  it('leaves the template itself untouched', () => {
    fillFields(block, { title: 'X' });
    expect(toHtml(block)).toContain('data-field="title"');
  });

  it('builds a document: lang, dir, title, stylesheets, style and the content slot', () => {
    const doc = fromHtml('<!doctype html><html><head><title data-field="title"></title></head><body><main><div data-slot="content"></div></main></body></html>');
    const out = fillDocument(doc, { lang: 'he', dir: 'rtl', title: 'T', stylesheets: ['a.css'], style: '@page{}', content: [{ type: 'text', value: 'BODY' }] });
    expect(toHtml(out)).toBe('<html lang="he" dir="rtl"><head><title>T</title><link rel="stylesheet" type="text/css" href="a.css"><style>@page{}</style></head><body><main>BODY</main></body></html>');
  });
});
