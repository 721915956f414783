/**
 * lintToken's review of a token's protected header and size: the algorithm (RFC 8725 §3.1, §3.2), header
 * parameters that name a key or a URL to fetch one from (RFC 7515 §4.1.2-4.1.6, RFC 8725 §3.10), `kid` values a
 * key lookup could trip on (RFC 8725 §3.10), explicit typing (RFC 8725 §3.11) and the token's length.
 */
import { algorithmByName } from "../jwa/algorithms.js";
import { DEFAULT_MAX_TOKEN_LENGTH } from "../jws/compact.js";
import { describeValue } from "../arguments.js";
import { finding, type LintFinding } from "./findings.js";

/** Many HTTP servers refuse a request whose header fields pass 8 KiB (nginx, Node.js's default limit is 16 KiB). */
const LARGE_TOKEN = 8192;

/** Why a `kid` value looks like an attempt on the key lookup behind it, or `undefined`. */
function kidProblem(kid: string): string | undefined {
  if (kid.length === 0) return "empty";
  if (kid.length > 256) return `${kid.length} characters long`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(kid)) return "with control characters";
  if (/(^|[\\/])\.\.([\\/]|$)/.test(kid) || kid.startsWith("/")) return "a file path (path traversal)";
  if (/['";`]|--|\/\*|\bunion\s+(all\s+)?select\b|\bor\s+1\s*=\s*1\b/i.test(kid)) return "with SQL syntax (quotes, semicolons, comments)";
  if (/[()*|&=]/.test(kid) && /[()]/.test(kid)) return "with LDAP filter syntax";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(kid)) return "a URL";
  if (/[$]\{|\{\{|<script/i.test(kid)) return "with template or markup syntax";
  return undefined;
}

/** The findings about `header` and the token's `length`. */
export function lintHeader(header: Record<string, unknown>, length: number): LintFinding[] {
  const out: LintFinding[] = [];
  const alg = header.alg as string; // parseCompact made sure it is a string
  const algorithm = algorithmByName(alg);
  if (alg.toLowerCase() === "none") {
    out.push(finding("alg-none", `alg is ${JSON.stringify(alg)}: the token has no signature and anyone can forge it; verifiers must refuse it`, "alg"));
  } else if (algorithm === undefined) {
    out.push(finding("alg-unknown", `alg ${describeValue(alg)} is not a JWS signature algorithm keycard knows; verifiers should refuse it`, "alg"));
  } else if (algorithm.family === "HMAC") {
    out.push(finding("alg-hmac", `${alg} is a shared-secret MAC: every service that can verify this token can also mint one`, "alg"));
  }
  if (Object.hasOwn(header, "jku")) {
    out.push(finding("header-jku", `the header names a JWK Set URL (jku ${describeValue(header.jku)}): a verifier that fetches it trusts whoever wrote the token, and can be led to any URL (SSRF)`, "jku"));
  }
  if (Object.hasOwn(header, "x5u")) {
    out.push(finding("header-x5u", `the header names a certificate URL (x5u ${describeValue(header.x5u)}): fetching it lets the token choose its own key and the URL (SSRF)`, "x5u"));
  }
  if (Object.hasOwn(header, "jwk")) {
    out.push(finding("header-jwk", "the header embeds its own key (jwk): a signature checked with it proves nothing, since anyone can sign with a key of their own", "jwk"));
  }
  if (Object.hasOwn(header, "x5c")) {
    out.push(finding("header-x5c", "the header carries a certificate chain (x5c): it is only worth something once validated up to a trust anchor you chose", "x5c"));
  }
  if (Object.hasOwn(header, "kid")) {
    if (typeof header.kid !== "string") {
      out.push(finding("kid-not-string", `kid must be a string; it is ${describeValue(header.kid)}`, "kid"));
    } else {
      const problem = kidProblem(header.kid);
      if (problem !== undefined) {
        out.push(finding("kid-suspicious", `the kid ${describeValue(header.kid)} looks hostile, ${problem}: never pass a kid unchecked to a file, SQL or LDAP lookup`, "kid"));
      }
    }
  }
  if (!Object.hasOwn(header, "typ")) {
    out.push(finding("no-typ", 'the header has no typ: explicit typing ("JWT", or "at+jwt" for access tokens) keeps one kind of token from being taken for another', "typ"));
  }
  if (Object.hasOwn(header, "crit")) {
    out.push(finding("crit-present", `the header lists critical extensions (crit ${describeValue(Array.isArray(header.crit) ? header.crit.join(",") : header.crit)}): verifiers that do not know them must refuse the token`, "crit"));
  }
  if (length > DEFAULT_MAX_TOKEN_LENGTH) {
    out.push(finding("token-too-large", `the token is ${length} characters: keycard's verify refuses tokens over ${DEFAULT_MAX_TOKEN_LENGTH} by default, and most HTTP servers refuse such headers`));
  } else if (length > LARGE_TOKEN) {
    out.push(finding("token-large", `the token is ${length} characters: many HTTP servers and proxies refuse header fields over ${LARGE_TOKEN} bytes`));
  }
  return out;
}
