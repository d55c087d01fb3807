/** Types of zip.mjs (plain ESM, run by node without a TypeScript loader). */
export interface ZipEntry {
  /** The path inside the zip, "/"-separated, relative. */
  name: string;
  data: Buffer;
}
export declare const ZIP_MTIME: Date;
export declare const ZIP_MODE: number;
export declare const ZIP_LEVEL: number;
export declare function writeZip(outFile: string, entries: ZipEntry[]): Promise<void>;
export declare function directoryEntries(dir: string): Promise<ZipEntry[]>;
/** Every entry in the zip's order; mode: the Unix mode (0 when none stored). */
export declare function readZip(file: string): Promise<Array<ZipEntry & { mode: number; mtime: Date; directory: boolean }>>;
export declare function unzipTo(file: string, dir: string): Promise<string[]>;
