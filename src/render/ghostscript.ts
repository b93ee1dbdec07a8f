import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFObjectCopier, PDFRef } from 'pdf-lib';
import { ColophonError } from '../diagnostics/diagnostic.js';
import { findOnPath } from '../paths.js';
import { nestOutline, outlineItems } from './pdf-finish.js';

/** What Ghostscript is asked to make of the finished PDF. */
export interface PrintConversion {
  /** Every colour to gray (text, vectors and images). */
  grayscale: boolean;
  /** PDF/X-3:2002, with an output intent: CMYK (or gray with `grayscale`). */
  pdfx: boolean;
}

const HINT = 'Ghostscript is needed for pdf.grayscale and pdf.pdfx: install it (Debian/Ubuntu: apt-get install ghostscript) or turn those options off';

/** Finds `gs` on the PATH; throws (exit 2) when there is none. */
export function findGhostscript(): string {
  const gs = findOnPath('gs');
  if (gs === undefined) throw new ColophonError(HINT, 2);
  return gs;
}

/** Ghostscript's own output profiles (Debian's ghostscript package ships them). */
const PROFILE_DIRS = ['/usr/share/color/icc/ghostscript', '/usr/share/ghostscript/iccprofiles', '/usr/local/share/ghostscript/iccprofiles', '/opt/homebrew/share/ghostscript/iccprofiles'];

function outputProfile(gray: boolean): string {
  const name = gray ? 'default_gray.icc' : 'default_cmyk.icc';
  const found = PROFILE_DIRS.map((d) => join(d, name)).find((f) => existsSync(f));
  if (found === undefined) throw new ColophonError(`PDF/X needs Ghostscript's output profile ${name} and it is not in ${PROFILE_DIRS.join(', ')}; reinstall ghostscript`, 2);
  return found;
}

/** A PostScript string for any text: UTF-16BE in hex, which pdfmark passes on to the PDF as is. */
function psText(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/**
 * The PDF/X definitions Ghostscript reads before the PDF: version and trapping in the document
 * information, and an output intent with an ICC profile (Ghostscript's SWOP-like CMYK profile, or
 * its gray one), registered as CGATS TR 001 (SWOP) or as a custom gray condition.
 */
function pdfxDefinitions(title: string, profile: string, gray: boolean): string {
  const condition = gray ? '/OutputConditionIdentifier (Custom) /OutputCondition (Gray interior)' : '/OutputConditionIdentifier (CGATS TR 001) /OutputCondition (SWOP coated) /RegistryName (http://www.color.org)';
  return [
    `[ /GTS_PDFXVersion (PDF/X-3:2002) /Title ${psText(title)} /Trapped /False /DOCINFO pdfmark`,
    '[ /_objdef {icc_PDFX} /type /stream /OBJ pdfmark',
    `[ {icc_PDFX} << /N ${gray ? 1 : 4} >> /PUT pdfmark`,
    `[ {icc_PDFX} (${profile.replace(/[\\()]/g, '\\$&')}) (r) file /PUT pdfmark`,
    '[ /_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark',
    `[ {OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX ${condition} /Info (${gray ? 'Gray' : 'CMYK'}) /DestOutputProfile {icc_PDFX} >> /PUT pdfmark`,
    '[ {Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark',
    '',
  ].join('\n');
}

/**
 * What Ghostscript's rewrite loses of the finished PDF, put back from it: the outline's nesting
 * (Ghostscript takes each bookmark's count of open descendants for its number of children, so a
 * chapter with sub-sections swallowed the chapters after it), the document information as
 * Colophon wrote it (beside Ghostscript's PDF/X keys), and, in a plain PDF (PDF/X-3:2002 is PDF
 * 1.3, which has none of them), the language, the viewer's preferences and the XMP metadata. The
 * bookmarks themselves stay Ghostscript's (their destinations point into its pages), and so does
 * the PDF version it wrote.
 */
async function restoreFrom(original: Uint8Array, converted: Uint8Array, pdfx: boolean): Promise<Uint8Array> {
  const source = await PDFDocument.load(original, { updateMetadata: false });
  const doc = await PDFDocument.load(converted, { updateMetadata: false });
  const copier = PDFObjectCopier.for(source.context, doc.context);
  const levels = outlineItems(source).map((item) => item.level);
  const items = outlineItems(doc);
  if (items.length === levels.length) nestOutline(doc, items.map((item, i) => ({ ...item, level: levels[i]! })));
  for (const key of pdfx ? [] : ['Lang', 'ViewerPreferences', 'Metadata']) {
    const value = source.catalog.get(PDFName.of(key));
    if (value === undefined) continue;
    const copied = copier.copy(value instanceof PDFRef ? source.context.lookup(value)! : value);
    doc.catalog.set(PDFName.of(key), copied instanceof PDFDict || key === 'Metadata' ? doc.context.register(copied) : copied);
  }
  const info = source.context.lookup(source.context.trailerInfo.Info);
  const target = doc.context.lookup(doc.context.trailerInfo.Info);
  if (info instanceof PDFDict && target instanceof PDFDict) for (const [key, value] of info.entries()) target.set(key, copier.copy(value));
  // pdf-lib writes every file as PDF 1.7: the version Ghostscript wrote is put back into the
  // header (same length), and a version before 1.5 gets no object streams.
  const header = /^%PDF-\d\.\d/.exec(Buffer.from(converted.subarray(0, 8)).toString('latin1'))?.[0];
  const bytes = await doc.save({ useObjectStreams: header === undefined || header >= '%PDF-1.5', objectsPerTick: 5000 });
  if (header !== undefined) bytes.set(Buffer.from(header, 'latin1'), 0);
  return bytes;
}

/**
 * Rewrites a finished PDF through Ghostscript's pdfwrite: to gray, and/or to PDF/X-3. Page boxes,
 * fonts, bookmarks and links survive (the outline's nesting and the metadata are put back after);
 * the tag structure does not (Ghostscript does not carry it), so such an edition is for the
 * printer, not for reading with assistive technology.
 */
export async function convertPdf(gs: string, pdf: Uint8Array, options: PrintConversion & { title: string; timeout: number }): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'colophon-gs-'));
  try {
    const input = join(dir, 'in.pdf');
    const output = join(dir, 'out.pdf');
    await writeFile(input, pdf);
    const args = ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', '-dAutoRotatePages=/None', '-dEmbedAllFonts=true', '-dSubsetFonts=true', '-dPreserveAnnots=true'];
    if (options.grayscale) args.push('-sColorConversionStrategy=Gray', '-dProcessColorModel=/DeviceGray');
    if (options.pdfx) {
      const profile = outputProfile(options.grayscale);
      const definitions = join(dir, 'pdfx.ps');
      await writeFile(definitions, pdfxDefinitions(options.title, profile, options.grayscale));
      if (!options.grayscale) args.push('-sColorConversionStrategy=CMYK', '-dProcessColorModel=/DeviceCMYK');
      args.push('-dPDFX=true', '-dCompatibilityLevel=1.3', `--permit-file-read=${profile}`, `-sOutputFile=${output}`, definitions, input);
    } else {
      args.push('-dCompatibilityLevel=1.5', `-sOutputFile=${output}`, input);
    }
    await new Promise<void>((resolve, reject) => {
      execFile(gs, args, { timeout: options.timeout, maxBuffer: 16 << 20 }, (error, _stdout, stderr) => {
        if (error) reject(new Error(`Ghostscript failed: ${(stderr || error.message).trim().split('\n').slice(0, 3).join(' ')}`));
        else resolve();
      });
    });
    return await restoreFrom(pdf, new Uint8Array(await readFile(output)), options.pdfx);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
