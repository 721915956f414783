/**
 * `keycard keygen ALG`: a new key pair (RSA, EC, Ed25519) or HMAC secret, as JWKs (RFC 7517) or PEM
 * (PKCS #8 and SubjectPublicKeyInfo, RFC 7468), with the RFC 7638 thumbprint as `kid`.
 */
import { writeFileSync } from "node:fs";
import { exportJWK, generateKeyPair, generateSecret, thumbprint, type AlgorithmName, type JWK } from "../index.js";
import { algorithmByName } from "../../jwa/algorithms.js";
import { encodeBase64url } from "../../bytes/base64url.js";
import { encodePEM } from "../../bytes/pem.js";
import { jsonText, readArgs, UsageError, type Output, type Styles } from "./io.js";
import type { Context } from "./context.js";

/** What `keycard keygen --help` prints: usage, options and exit codes (docs/cli.md). */
export const help = `Usage: keycard keygen <alg> [--format jwk|pem|base64url] [--kid ID] [--private FILE --public FILE]

Generates a key for <alg>: a key pair for RS*, PS* (2048 bits, or --bits), ES*, EdDSA and Ed25519,
a random secret as long as the hash for HS256, HS384 and HS512.

Options:
  --format jwk        JWKs with alg, use "sig" and kid (default)
  --format pem        PKCS #8 private key and SubjectPublicKeyInfo public key (key pairs only)
  --format base64url  the raw secret, base64url-encoded (HMAC only)
  --kid ID            the key id (default: the RFC 7638 thumbprint of the public key)
  --bits N            RSA modulus length (2048 to 16384, default 2048)
  --private FILE      write the private key (or secret) to FILE, readable by you only
  --public FILE       write the public key to FILE
  --json              print {alg, kid, privateKey, publicKey} (PEM text or JWK objects)
  -h/--help

Exit codes: 0 generated, 2 usage error.`;

const OPTIONS = {
  format: { type: "string" },
  kid: { type: "string" },
  bits: { type: "string" },
  private: { type: "string" },
  public: { type: "string" },
} as const;

/** Writes `text` to `path`; a private file is created readable by its owner only. */
function writeKeyFile(path: string, text: string, secret: boolean): void {
  try {
    writeFileSync(path, text, { mode: secret ? 0o600 : 0o644, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${JSON.stringify(path)}: ${code === "EEXIST" ? "it already exists (keycard never overwrites a key file)" : (error as Error).message}`);
  }
}

/** Runs `keycard keygen` with its arguments (after the command name); resolves to the exit code (EXIT in io.ts). */
export async function run(args: string[], ctx: Context, out: Output, s: Styles): Promise<number> {
  const { values, positionals } = readArgs("keygen", args, OPTIONS);
  if (values.help === true) return ctx.help(help);
  ctx.expectPositionals("keygen", positionals, 1);
  const name = positionals[0];
  if (name === undefined) throw new UsageError("missing the algorithm: keycard keygen ES256 (or HS256, RS256, PS256, ES384, ES512, EdDSA...)");
  const algorithm = algorithmByName(name);
  if (algorithm === undefined) throw new UsageError(`unknown algorithm ${JSON.stringify(name)}; one of HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA Ed25519`);
  const alg = algorithm.name as AlgorithmName;
  const format = (values.format as string | undefined) ?? "jwk";
  if (!["jwk", "pem", "base64url"].includes(format)) throw new UsageError(`--format must be jwk, pem or base64url; got ${JSON.stringify(format)}`);
  if (values.bits !== undefined && algorithm.kty !== "RSA") throw new UsageError("--bits applies to RSA algorithms only");

  let privateText: string, publicText: string | undefined, kid: string;
  let privateValue: unknown, publicValue: unknown;
  if (algorithm.kty === "oct") {
    if (format === "pem") throw new UsageError(`${alg} uses a shared secret, which has no PEM form: use --format jwk or base64url`);
    if (values.public !== undefined) throw new UsageError(`${alg} uses a shared secret: there is no public key to write`);
    const secret = generateSecret(alg);
    const jwk: JWK = await exportJWK(secret);
    kid = (values.kid as string | undefined) ?? (await thumbprint(jwk));
    const full: JWK = { kty: "oct", kid, alg, use: "sig", k: jwk.k };
    privateValue = format === "jwk" ? full : encodeBase64url(secret);
    privateText = format === "jwk" ? jsonText(full) : encodeBase64url(secret) + "\n";
  } else {
    if (format === "base64url") throw new UsageError(`${alg} uses a key pair: use --format jwk or pem`);
    const modulusLength = values.bits === undefined ? undefined : Number(values.bits);
    const pair = await generateKeyPair(alg, { extractable: true, ...(modulusLength === undefined ? {} : { modulusLength }) });
    const publicJWK = await exportJWK(pair.publicKey);
    kid = (values.kid as string | undefined) ?? (await thumbprint(publicJWK));
    const label = { kid, alg, use: "sig" };
    if (format === "jwk") {
      privateValue = { ...label, ...(await exportJWK(pair.privateKey)) };
      publicValue = { ...label, ...publicJWK };
      privateText = jsonText(privateValue);
      publicText = jsonText(publicValue);
    } else {
      privateValue = privateText = encodePEM("PRIVATE KEY", new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey)));
      publicValue = publicText = encodePEM("PUBLIC KEY", new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey)));
    }
  }

  const written: string[] = [];
  if (typeof values.private === "string") {
    writeKeyFile(values.private, privateText, true);
    written.push(`${algorithm.kty === "oct" ? "secret" : "private key"} → ${values.private}`);
  }
  if (typeof values.public === "string" && publicText !== undefined) {
    writeKeyFile(values.public, publicText, false);
    written.push(`public key → ${values.public}`);
  }
  if (values.json === true) {
    out.write(jsonText({ alg, kid, privateKey: privateValue, ...(publicValue === undefined ? {} : { publicKey: publicValue }), files: written }));
  } else if (written.length > 0) {
    out.write(`${alg} key ${kid}: ${written.join(", ")}\n`);
    if (typeof values.private === "string" && publicText !== undefined && typeof values.public !== "string") out.write(publicText);
  } else {
    const secretWord = algorithm.kty === "oct" ? "secret" : "private key";
    out.write(s.dim(`# ${alg} ${secretWord} (kid ${kid}): keep it secret\n`) + privateText);
    if (publicText !== undefined) out.write(s.dim("# public key: publish it (for example in a JWK Set)\n") + publicText);
  }
  return 0;
}
