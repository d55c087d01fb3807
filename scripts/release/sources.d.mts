/** Types of sources.mjs (plain ESM, run by node without a TypeScript loader). */
export declare const SOURCE_PATHS: string[];
export declare const SOURCE_EXCLUDED: RegExp[];
export declare function isSourceFile(name: string): boolean;
export declare function isGitCheckout(root: string): boolean;
export declare function sourceFiles(root: string): Promise<string[]>;
export declare function uncommitted(root: string, files: string[]): string[];
export declare function buildingMd(info: { name: string; version: string; node: string; npm: string; packages: Array<{ file: string; sha256: string; from: string }> }): string;
