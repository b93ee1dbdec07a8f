import type { BookMeta } from '../book/model.js';
import { xmlChars } from '../markdown/xml-chars.js';

const escape = (text: string) => xmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An RDF container of plain values, or nothing when there are none. */
function container(element: string, kind: 'Seq' | 'Bag', values: ReadonlyArray<string>): string {
  if (values.length === 0) return '';
  return `<${element}><rdf:${kind}>${values.map((v) => `<rdf:li>${escape(v)}</rdf:li>`).join('')}</rdf:${kind}></${element}>`;
}

/** A language alternative (one default-language entry), or nothing. */
function alternative(element: string, value: string | undefined): string {
  return value === undefined ? '' : `<${element}><rdf:Alt><rdf:li xml:lang="x-default">${escape(value)}</rdf:li></rdf:Alt></${element}>`;
}

/**
 * The PDF's XMP metadata packet: the same facts as its document information dictionary (title,
 * authors, subject, keywords, dates, creator and producer) plus what only XMP holds (language,
 * publisher, rights, identifier, publication date), which prepress tools and archives read.
 */
export function xmpPacket(meta: BookMeta, options: { title: string; subject: string; keywords: ReadonlyArray<string>; modified: Date; tool: string }): string {
  const when = options.modified.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const uuid = /^urn:uuid:([0-9a-f-]{36})$/i.exec(meta.identifier)?.[1];
  const fields = [
    '<dc:format>application/pdf</dc:format>',
    alternative('dc:title', options.title),
    container('dc:creator', 'Seq', meta.authors),
    alternative('dc:description', options.subject),
    container('dc:subject', 'Bag', options.keywords),
    container('dc:language', 'Bag', [meta.lang]),
    container('dc:publisher', 'Bag', meta.publisher === undefined ? [] : [meta.publisher]),
    alternative('dc:rights', meta.rights),
    `<dc:identifier>${escape(meta.identifier)}</dc:identifier>`,
    container('dc:date', 'Seq', meta.date === undefined ? [] : [meta.date]),
    `<xmp:CreateDate>${when}</xmp:CreateDate><xmp:ModifyDate>${when}</xmp:ModifyDate><xmp:MetadataDate>${when}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${escape(options.tool)}</xmp:CreatorTool><pdf:Producer>${escape(options.tool)}</pdf:Producer>`,
    options.keywords.length > 0 ? `<pdf:Keywords>${escape(options.keywords.join('; '))}</pdf:Keywords>` : '',
    uuid === undefined ? '' : `<xmpMM:DocumentID>uuid:${uuid.toLowerCase()}</xmpMM:DocumentID>`,
  ];
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
    ...fields.filter((f) => f !== ''),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}
