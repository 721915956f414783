/**
 * `keycard verify`: checks a token's signature with a secret, a PEM key, a JWK, a JWK Set file or a JWK Set URL,
 * then its claims (RFC 7519 §7.2), exactly as `verify` does, and says why it fails in one line with a distinct
 * exit code: 1 invalid, 3 expired, 4 malformed, 5 unusable key.
 */
import { JWTClaimError, JWTError, verify, type VerifyOptions } from "../index.js";
import { timeClaimText } from "../../lint/time.js";
import { cleanToken, exitCodeOf, jsonText, listOption, NOW_OPTION, readArgs, readInput, readNow, type Output, type Styles } from "./io.js";
import { KEY_OPTIONS, verificationKey } from "./keys.js";
import { renderToken, tokenJSON } from "./render.js";
import type { Context } from "./context.js";

/** What `keycard verify --help` prints: usage, options and exit codes (docs/cli.md). */
export const help = `Usage: keycard verify <token|-> (--secret TEXT | --secret-file FILE | --key FILE | --jwks URL) [options]

Verifies the signature, then the claims, as keycard's verify() does.
"-" reads the token from stdin; a "Bearer " prefix is left out.

Key (exactly one):
  --secret TEXT       an HMAC secret (HS256, HS384, HS512), as UTF-8 text
  --secret-file FILE  the same, read from a file (one trailing line break is left out)
  --key FILE          a PEM public key or certificate, a JWK, or a JWK Set (JSON)
  --jwks URL          a remote JWK Set (https:, or http: on localhost)
Checks:
  --alg ALG           accept only these algorithms (repeat or separate with commas)
  --iss ISSUER        expected issuer (repeat for several accepted)
  --aud AUDIENCE      expected audience (repeat for several accepted)
  --sub SUBJECT       expected subject
  --typ TYPE          expected header typ (at+jwt matches application/at+jwt)
  --leeway DURATION   clock tolerance for exp, nbf and iat, such as 30s (default 0)
  --max-age DURATION  refuse tokens whose iat is older, such as 1h
  --now DATE          judge times at DATE (ISO 8601, or seconds since the epoch)
  --json              print {valid, header, payload} or {valid: false, code, message, claim}
  --color, --no-color, -h/--help

Exit codes: 0 valid, 1 invalid (signature, algorithm, claims), 2 usage error, 3 expired,
4 not a JWT, 5 the key cannot be used or the JWK Set could not be fetched.`;

const OPTIONS = {
  ...KEY_OPTIONS,
  ...NOW_OPTION,
  jwks: { type: "string" },
  alg: { type: "string", multiple: true },
  iss: { type: "string", multiple: true },
  aud: { type: "string", multiple: true },
  sub: { type: "string" },
  typ: { type: "string" },
  leeway: { type: "string" },
  "max-age": { type: "string" },
} as const;

/** What went wrong, in a word, for the one-line error. */
function kindOf(error: JWTError): string {
  switch (error.code) {
    case "ERR_JWT_EXPIRED": return "expired";
    case "ERR_JWT_MALFORMED": return "malformed";
    case "ERR_KEY_INVALID": case "ERR_JWKS_FETCH_FAILED": case "ERR_JWKS_TIMEOUT": return "key";
    case "ERR_INVALID_ARGUMENT": return "usage";
    default: return "invalid";
  }
}

/** The error's message, with time claims in words. */
function messageOf(error: JWTError, now: number): string {
  if (error instanceof JWTClaimError && (error.code === "ERR_JWT_EXPIRED" || error.code === "ERR_JWT_NOT_YET_VALID")) {
    const name = error.code === "ERR_JWT_EXPIRED" ? "exp" : "nbf";
    const text = timeClaimText(name, error.payload[name], now);
    if (text !== undefined) return error.code === "ERR_JWT_EXPIRED" ? `the token ${text.relative} (${text.date})` : `the token is not valid yet: ${text.relative} (${text.date})`;
  }
  return error.message;
}

/** Runs `keycard verify` with its arguments (after the command name); resolves to the exit code (EXIT in io.ts). */
export async function run(args: string[], ctx: Context, out: Output, s: Styles): Promise<number> {
  const { values, positionals } = readArgs("verify", args, OPTIONS);
  if (values.help === true) return ctx.help(help);
  ctx.expectPositionals("verify", positionals, 1);
  const now = readNow(values.now);
  const token = cleanToken(await readInput(positionals[0], "token", "verify", ctx.stdin));
  const { key, description } = verificationKey(values);
  const options: VerifyOptions = { now };
  const algorithms = listOption(values.alg);
  if (algorithms !== undefined) options.algorithms = algorithms as VerifyOptions["algorithms"];
  const issuer = listOption(values.iss);
  if (issuer !== undefined) options.issuer = issuer;
  const audience = listOption(values.aud);
  if (audience !== undefined) options.audience = audience;
  if (typeof values.sub === "string") options.subject = values.sub;
  if (typeof values.typ === "string") options.typ = values.typ;
  if (typeof values.leeway === "string") options.clockTolerance = values.leeway;
  if (typeof values["max-age"] === "string") options.maxTokenAge = values["max-age"];
  try {
    const { header, payload } = await verify(token, key, options);
    const signature = new Uint8Array(0);
    if (values.json === true) {
      const { signature: _signature, ...rest } = tokenJSON({ header, payload, signature }, now);
      out.write(jsonText({ valid: true, ...rest }));
    } else {
      out.write(`${s.green("valid")}: ${header.alg} signature verified with ${description}, claims checked\n`);
      out.write(renderToken({ header, payload, signature }, now, s, false));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof JWTError) || error.code === "ERR_INVALID_ARGUMENT") throw error;
    const message = messageOf(error, now);
    if (values.json === true) {
      out.write(jsonText({ valid: false, code: error.code, message, ...(error instanceof JWTClaimError ? { claim: error.claim } : {}) }));
    } else {
      out.error(`keycard verify: ${s.red(kindOf(error))}: ${message} [${error.code}]\n`);
    }
    return exitCodeOf(error);
  }
}
