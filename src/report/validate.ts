import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColophonError } from '../diagnostics/diagnostic.js';
import { findOnPath } from '../paths.js';

/** One EPUBCheck message: severity, rule id, where and what. */
export interface EpubCheckMessage {
  severity: 'FATAL' | 'ERROR' | 'WARNING' | 'INFO' | 'USAGE';
  id: string;
  message: string;
  location?: string;
}

const JARS = ['/usr/share/java/epubcheck.jar', '/usr/bin/epubcheck', '/usr/local/share/java/epubcheck.jar'];
const HINT = '--validate needs Java and EPUBCheck (Debian/Ubuntu: apt-get install epubcheck), or EPUBCHECK_JAR naming epubcheck.jar';

/** Finds Java and EPUBCheck's jar; throws (exit 2) when either is missing. */
export function findEpubCheck(): { java: string; jar: string } {
  const java = findOnPath('java');
  const jar = [process.env.EPUBCHECK_JAR, ...JARS].find((f): f is string => f !== undefined && f !== '' && existsSync(f));
  if (java === undefined || jar === undefined) throw new ColophonError(HINT, 2);
  return { java, jar };
}

/** Runs EPUBCheck on one EPUB and returns its messages (from its JSON report). */
export async function epubCheck(tool: { java: string; jar: string }, file: string): Promise<EpubCheckMessage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'colophon-epubcheck-'));
  try {
    const report = join(dir, 'report.json');
    // EPUBCheck exits non-zero when it finds errors: its report says what they are.
    await new Promise<void>((resolve) => execFile(tool.java, ['-jar', tool.jar, file, '--json', report], { timeout: 300_000, maxBuffer: 16 << 20 }, () => resolve()));
    let parsed: { messages?: Array<{ severity: EpubCheckMessage['severity']; ID: string; message: string; locations?: Array<{ path?: string; line?: number; column?: number }> }> };
    try {
      parsed = JSON.parse(await readFile(report, 'utf8'));
    } catch {
      return [{ severity: 'FATAL', id: 'colophon', message: 'EPUBCheck did not finish (no report written)' }];
    }
    return (parsed.messages ?? []).map((m) => {
      const at = m.locations?.[0];
      const location = at?.path ? `${at.path}${at.line !== undefined && at.line >= 0 ? `:${at.line}` : ''}` : undefined;
      return { severity: m.severity, id: m.ID, message: m.message, ...(location ? { location } : {}) };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
