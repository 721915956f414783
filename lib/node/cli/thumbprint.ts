/** `keycard thumbprint`: the RFC 7638 JWK thumbprint of a key (a JWK, each key of a JWK Set, or a PEM key). */
import { thumbprint, type JWK } from "../index.js";
import { jsonText, readArgs, readStdin, UsageError, type Output, type Styles } from "./io.js";
import { parseKeyText, pemToJWK, readKeyFile } from "./keys.js";
import type { Context } from "./context.js";

/** What `keycard thumbprint --help` prints: usage, options and exit codes (docs/cli.md). */
export const help = `Usage: keycard thumbprint <key-file|-> [--hash SHA-256|SHA-384|SHA-512] [--json]

Prints the JWK thumbprint (RFC 7638, base64url) of a key: a JWK, a PEM key (public or
private: the thumbprint is the same), or each key of a JWK Set. "-" reads the key from stdin.
It is a stable name for a key, often used as its kid.

Options:
  --hash HASH   SHA-256 (default), SHA-384 or SHA-512
  --json        print [{kid, kty, thumbprint}]
  -h/--help

Exit codes: 0 done, 2 usage error, 5 not a usable key.`;

const HASHES = ["SHA-256", "SHA-384", "SHA-512"] as const;

/** Runs `keycard thumbprint` with its arguments (after the command name); resolves to the exit code (EXIT in io.ts). */
export async function run(args: string[], ctx: Context, out: Output, _s: Styles): Promise<number> {
  const { values, positionals } = readArgs("thumbprint", args, { hash: { type: "string" } });
  if (values.help === true) return ctx.help(help);
  ctx.expectPositionals("thumbprint", positionals, 1);
  const hash = ((values.hash as string | undefined) ?? "SHA-256").toUpperCase();
  if (!(HASHES as readonly string[]).includes(hash)) throw new UsageError(`--hash must be SHA-256, SHA-384 or SHA-512; got ${JSON.stringify(values.hash)}`);
  const path = positionals[0];
  if (path === undefined) throw new UsageError('missing the key: keycard thumbprint key.pem (a PEM key, a JWK or a JWK Set), or "-" for stdin');
  const file = path === "-" ? parseKeyText(await readStdin(ctx.stdin), "stdin") : readKeyFile(path);
  const keys: JWK[] = file.kind === "jwks" ? file.jwks.keys : [file.kind === "jwk" ? file.jwk : pemToJWK(file.pem, path)];
  const rows = [];
  for (const jwk of keys) {
    rows.push({ kid: typeof jwk.kid === "string" ? jwk.kid : undefined, kty: jwk.kty, thumbprint: await thumbprint(jwk, hash as (typeof HASHES)[number]) });
  }
  if (values.json === true) out.write(jsonText(rows));
  else if (file.kind !== "jwks") out.write(rows[0]!.thumbprint + "\n");
  else for (const row of rows) out.write(`${row.thumbprint}  ${row.kty}${row.kid === undefined ? "" : ` kid ${row.kid}`}\n`);
  return 0;
}
