import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColophonError } from '../diagnostics/diagnostic.js';
import { findOnPath } from '../paths.js';

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
 * Rewrites a finished PDF through Ghostscript's pdfwrite: to gray, and/or to PDF/X-3. Page boxes,
 * fonts, bookmarks and links survive; the tag structure does not (Ghostscript does not carry it), so
 * such an edition is for the printer, not for reading with assistive technology.
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
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
