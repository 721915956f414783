/** `keycard sign`: a signed JWT from a JSON payload (an argument or stdin), with a secret, a PEM key or a JWK. */
import { sign, type SignOptions } from "../index.js";
import { isPlainObject } from "../../arguments.js";
import { jsonText, listOption, NOW_OPTION, readArgs, readStdin, readNow, UsageError, type Output, type Styles } from "./io.js";
import { KEY_OPTIONS, signingKey } from "./keys.js";
import type { Context } from "./context.js";

/** What `keycard sign --help` prints: usage, options and exit codes (docs/cli.md). */
export const help = `Usage: keycard sign [<payload-json>|-] (--secret TEXT | --secret-file FILE | --key FILE) [options]

Signs a JWT. The payload is a JSON object, given as an argument or on stdin ("-" or nothing).
iat is set to now unless --no-iat; keycard never signs with alg "none".

Key (exactly one):
  --secret TEXT       an HMAC secret (HS256 by default), as UTF-8 text
  --secret-file FILE  the same, read from a file (one trailing line break is left out)
  --key FILE          a private PEM key (PKCS #8, PKCS #1, SEC 1) or a private JWK
Token:
  --alg ALG           the algorithm (default: the key's own; RSA keys need it)
  --exp DURATION      expires after DURATION, such as 15m, 1h, 7d
  --nbf DURATION      not valid before now + DURATION
  --iss, --sub TEXT   issuer and subject claims
  --aud TEXT          audience (repeat for several)
  --jti TEXT          token id ("random" for a random UUID)
  --kid TEXT          key id header (default: the JWK's kid)
  --typ TEXT          type header (default JWT; at+jwt for RFC 9068 access tokens)
  --no-iat            leave iat out
  --now DATE          sign as if at DATE (ISO 8601, or seconds since the epoch)
  --json              print {token, header, payload}
  -h/--help

Exit codes: 0 signed, 2 usage error (bad payload or option), 5 the key cannot sign.`;

const OPTIONS = {
  ...KEY_OPTIONS,
  ...NOW_OPTION,
  alg: { type: "string" },
  exp: { type: "string" },
  nbf: { type: "string" },
  iss: { type: "string" },
  sub: { type: "string" },
  aud: { type: "string", multiple: true },
  jti: { type: "string" },
  kid: { type: "string" },
  typ: { type: "string" },
  "no-iat": { type: "boolean" },
} as const;

/** Runs `keycard sign` with its arguments (after the command name); resolves to the exit code (EXIT in io.ts). */
export async function run(args: string[], ctx: Context, out: Output, _s: Styles): Promise<number> {
  const { values, positionals } = readArgs("sign", args, OPTIONS);
  if (values.help === true) return ctx.help(help);
  ctx.expectPositionals("sign", positionals, 1);
  const argument = positionals[0];
  if (argument === undefined && ctx.stdin.isTTY === true) {
    throw new UsageError("missing the payload: keycard sign '{\"sub\":\"user-42\"}' ..., or pipe it on stdin");
  }
  const text = argument === undefined || argument === "-" ? await readStdin(ctx.stdin) : argument;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the payload is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(payload)) throw new UsageError('the payload must be a JSON object, such as {"sub":"user-42"}');
  const { key, alg, kid } = await signingKey(values);
  const options: SignOptions = { now: readNow(values.now) };
  if (alg !== undefined) options.alg = alg as SignOptions["alg"];
  if (typeof values.exp === "string") options.expiresIn = values.exp;
  if (typeof values.nbf === "string") options.notBefore = values.nbf;
  if (typeof values.iss === "string") options.issuer = values.iss;
  if (typeof values.sub === "string") options.subject = values.sub;
  const audience = listOption(values.aud);
  if (audience !== undefined) options.audience = audience.length === 1 ? audience[0]! : audience;
  if (typeof values.jti === "string") options.jwtId = values.jti === "random" ? true : values.jti;
  const keyId = typeof values.kid === "string" ? values.kid : kid;
  if (keyId !== undefined) options.kid = keyId;
  if (typeof values.typ === "string") options.typ = values.typ;
  if (values["no-iat"] === true) options.iat = false;
  const token = await sign(payload, key, options);
  if (values.json === true) {
    const [header, body] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
    out.write(jsonText({ token, header, payload: body }));
  } else {
    out.write(token + "\n");
  }
  return 0;
}

