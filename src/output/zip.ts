import { crc32, deflateRawSync } from 'node:zlib';

/** One file of a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  data: string | Uint8Array;
  /** Store without compressing (the EPUB's `mimetype` must be stored). */
  store?: boolean;
}

const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const STORE = 0;
/** Version 2.0: deflate, no zip64. */
const VERSION = 20;

/** A date as MS-DOS packs it (2-second resolution, 1980 to 2107), read in UTC for identical bytes everywhere. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  const clamped = year !== date.getUTCFullYear();
  return {
    time: clamped ? 0 : (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: clamped ? ((year - 1980) << 9) | (1 << 5) | 1 : ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * Writes a zip archive in one pass with Node's native deflate and CRC-32 (JSZip does both in
 * JavaScript, through a chain of stream workers: most of the cost of a small EPUB). Entries keep
 * their order; every entry gets the same timestamp, so identical input gives identical bytes.
 */
export function writeZip(entries: ReadonlyArray<ZipEntry>, modified: Date, level = 6): Buffer {
  const stamp = dosDateTime(modified);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const body = entry.store ? raw : deflateRawSync(raw, { level });
    const method = entry.store ? STORE : DEFLATE;
    const crc = crc32(raw);
    if (offset > 0xffff_fffe || raw.length > 0xffff_fffe || body.length > 0xffff_fffe) throw new Error('the book is too large for a zip archive (4 GB)');
    // The fields both headers share, from "version needed" to the name's length.
    const shared = (buffer: Buffer, at: number) => {
      buffer.writeUInt16LE(VERSION, at);
      buffer.writeUInt16LE(UTF8_NAMES, at + 2);
      buffer.writeUInt16LE(method, at + 4);
      buffer.writeUInt16LE(stamp.time, at + 6);
      buffer.writeUInt16LE(stamp.date, at + 8);
      buffer.writeUInt32LE(crc, at + 10);
      buffer.writeUInt32LE(body.length, at + 14);
      buffer.writeUInt32LE(raw.length, at + 18);
      buffer.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    shared(local, 4);
    // Extra field length (offset 28) stays 0.
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    // Version made by, then the shared fields.
    header.writeUInt16LE(VERSION, 4);
    shared(header, 6);
    // Extra, comment, disk number, internal and external attributes stay 0.
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  if (entries.length > 0xffff) throw new Error('the book has too many files for a zip archive (65,535)');
  const size = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
