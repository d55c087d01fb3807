/**
 * The forms a key is copied in, for the tools that read it. Names of the variables: the official
 * Cloudcraft SDKs for Go, Python and Node read `CLOUDCRAFT_API_KEY`; the community Terraform
 * provider reads `CLOUDCRAFT_APITOKEN`. A key is standard base64 (`+`, `/`, `=`), kept intact.
 */

export const COPY_FORMATS = ['key', 'dotenv', 'shell', 'terraform'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];

/**
 * A shell word holding `value` exactly: in single quotes, where nothing is special; a single quote
 * inside is closed, escaped and reopened (`'\''`). POSIX Shell Command Language, 2.2.2.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `secret` in `format`: the key itself; a `.env` line `CLOUDCRAFT_API_KEY=<key>` (dotenv files take
 * the rest of the line as the value, `=` included); a shell line
 * `export CLOUDCRAFT_API_KEY='<key>'`; the Terraform provider's `export CLOUDCRAFT_APITOKEN='<key>'`.
 * @throws RangeError for a secret with a line break (it would end the line early: never a key).
 */
export function formatKey(secret: string, format: CopyFormat): string {
  if (/[\r\n]/.test(secret)) throw new RangeError('A key cannot hold a line break.');
  switch (format) {
    case 'key':
      return secret;
    case 'dotenv':
      return `CLOUDCRAFT_API_KEY=${secret}`;
    case 'shell':
      return `export CLOUDCRAFT_API_KEY=${shellQuote(secret)}`;
    case 'terraform':
      return `export CLOUDCRAFT_APITOKEN=${shellQuote(secret)}`;
  }
}
