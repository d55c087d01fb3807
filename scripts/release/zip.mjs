/**
 * Reproducible zip files for the store packages (scripts/package.mjs), and reading them back.
 *
 * Written with yazl, which stores exactly what it is given: the same entries in the same order give
 * the same bytes. Each entry gets a fixed time and mode, the entries are sorted by name, there are
 * no directory entries (unzip tools and both stores create folders from the file paths), and the data
 * is deflated by Node's zlib at level 9. What can still change the bytes: another zlib (another
 * Node.js version) may deflate differently; the files inside stay the same (docs/RELEASING.md).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';

/**
 * The time stored for every entry: 1980-01-01 00:00:00, the first time a zip's DOS date can hold.
 * Built from local-time parts on purpose: yazl writes the DOS date from the local time parts, so
 * these give the same bytes in every time zone (and no Info-ZIP UTC field is written: forceDosTimestamp).
 */
export const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Unix mode of every entry: a regular file, rw-r--r--. */
export const ZIP_MODE = 0o100644;
/** zlib's deflate level (0–9): the smallest packages. */
export const ZIP_LEVEL = 9;

/**
 * @typedef {{ name: string, data: Buffer }} ZipEntry
 *   name: the path inside the zip, "/"-separated, relative (no leading "/", no "..");
 *   data: the file's bytes.
 */

/**
 * Writes `entries` to `outFile` as a reproducible zip: sorted by name (UTF-8 byte order), fixed
 * time and mode, deflated at ZIP_LEVEL. The same entries always give the same bytes (with the same zlib).
 * @param {string} outFile the .zip to write (replaced if it exists; its folder is created)
 * @param {ZipEntry[]} entries
 * @returns {Promise<void>}
 * @throws Error on two entries with one name, or a name yazl refuses (absolute, "..", too long)
 */
export async function writeZip(outFile, entries) {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].name === sorted[i - 1].name) throw new Error(`writeZip: "${sorted[i].name}" twice`);
  }
  const zip = new yazl.ZipFile();
  for (const { name, data } of sorted) {
    zip.addBuffer(data, name, { mtime: ZIP_MTIME, mode: ZIP_MODE, compress: true, compressionLevel: ZIP_LEVEL, forceDosTimestamp: true });
  }
  zip.end();
  await mkdir(path.dirname(outFile), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(outFile));
}

/**
 * Every file under `dir` (recursively, symlinks not followed), as zip entries named by their path
 * relative to `dir` with "/" separators.
 * @param {string} dir
 * @returns {Promise<ZipEntry[]>}
 */
export async function directoryEntries(dir) {
  const out = [];
  for (const d of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const full = path.join(d.parentPath, d.name);
    out.push({ name: path.relative(dir, full).split(path.sep).join('/'), data: await readFile(full) });
  }
  return out;
}

/**
 * Reads every entry of a zip file.
 * @param {string} file
 * @returns {Promise<Array<ZipEntry & { mode: number, mtime: Date, directory: boolean }>>} in the
 *   zip's own order; mode is the Unix mode from the external attributes (0 when none was stored)
 * @throws what yauzl throws on a damaged zip
 */
export async function readZip(file) {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true });
  const out = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const directory = entry.fileName.endsWith('/');
      const data = directory ? Buffer.alloc(0) : Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray());
      out.push({ name: entry.fileName, data, mode: (entry.externalFileAttributes >>> 16) & 0xffff, mtime: entry.getLastModDate(), directory });
    }
  } finally {
    zip.close();
  }
  return out;
}

/**
 * Extracts a zip into `dir` (created). Refuses entries that would land outside it.
 * @param {string} file
 * @param {string} dir
 * @returns {Promise<string[]>} the names extracted
 * @throws Error "unsafe entry" for an absolute name or one with ".."
 */
export async function unzipTo(file, dir) {
  const names = [];
  for (const e of await readZip(file)) {
    const target = path.resolve(dir, e.name);
    if (path.isAbsolute(e.name) || !target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`unzipTo: unsafe entry "${e.name}" in ${file}`);
    if (e.directory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, e.data);
    names.push(e.name);
  }
  return names;
}
