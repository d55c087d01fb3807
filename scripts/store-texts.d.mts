/** Types of store-texts.mjs (plain ESM, run by node without a TypeScript loader). */
export interface PermissionRow {
  /** The manifest's name: a permission, or a host pattern for kind "host". */
  permission: string;
  kind: 'required' | 'optional' | 'host';
  /** Where the manifest asks for it ("(Chrome)" in the README: Chrome only). */
  browsers: Array<'chrome' | 'firefox'>;
  /** The README's reason as plain text, one line. */
  reason: string;
}
export declare const PERMISSIONS_MD: string;
export declare function plain(md: string): string;
export declare function readmePermissions(readme: string): PermissionRow[];
export declare function permissionsMd(rows: PermissionRow[]): string;
