/** Types of package.mjs (plain ESM, run by node without a TypeScript loader). */
export declare function isStoreVersion(version: string): boolean;
export declare function packageNames(name: string, version: string): { chrome: string; firefox: string; source: string };
/** The environment each build runs with: PATH, HOME, temp and Windows system variables, NODE_ENV=production, TARGET. */
export declare function buildEnv(target: 'chrome' | 'firefox'): Record<string, string>;
