/**
 * `keycard lint`: a security review of a token (and of its key, when given) by the library's `lintToken`
 * (RFC 8725 and companions). Exit code 1 when a finding is at or above --fail-on (default: high).
 */
import { decode, lintToken, type LintFinding, type LintSeverity } from "../index.js";
import { SEVERITIES } from "../../lint/findings.js";
import { parseDuration } from "../../duration.js";
import { cleanToken, jsonText, NOW_OPTION, readArgs, readInput, readNow, UsageError, type Output, type Styles } from "./io.js";
import { KEY_OPTIONS, lintKey } from "./keys.js";
import type { Context } from "./context.js";

/** What `keycard lint --help` prints: usage, options and exit codes (docs/cli.md). */
export const help = `Usage: keycard lint <token|-> [--secret TEXT | --secret-file FILE | --key FILE] [options]

Reviews a token against RFC 8725 (JWT Best Current Practices): alg none, jku/x5u/jwk headers,
odd kid values, missing typ, exp, iss, aud, iat, jti, long lifetimes, sensitive claims, huge
tokens; with a key, weak or mismatched keys. Verifies nothing (keycard verify does).

Options:
  --secret TEXT, --secret-file FILE, --key FILE   the key to review with the token
  --max-lifetime DURATION   longest lifetime not reported (default 1d)
  --fail-on SEVERITY        exit 1 when a finding is this serious or more:
                            high (default), medium, low, info, or none
  --now DATE                judge times at DATE (ISO 8601, or seconds since the epoch)
  --json                    print {alg, findings: [{id, severity, message, rfc, where, name}]}
  --color, --no-color, -h/--help

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error, 4 not a JWT.`;

const OPTIONS = { ...KEY_OPTIONS, ...NOW_OPTION, "max-lifetime": { type: "string" }, "fail-on": { type: "string" } } as const;

/** Runs `keycard lint` with its arguments (after the command name); resolves to the exit code (EXIT in io.ts). */
export async function run(args: string[], ctx: Context, out: Output, s: Styles): Promise<number> {
  const { values, positionals } = readArgs("lint", args, OPTIONS);
  if (values.help === true) return ctx.help(help);
  ctx.expectPositionals("lint", positionals, 1);
  const failOn = (values["fail-on"] as string | undefined) ?? "high";
  if (failOn !== "none" && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be high, medium, low, info or none; got ${JSON.stringify(failOn)}`);
  }
  const maxLifetime = values["max-lifetime"] === undefined ? undefined : parseDuration(values["max-lifetime"], "--max-lifetime");
  const now = readNow(values.now);
  const token = cleanToken(await readInput(positionals[0], "token", "lint", ctx.stdin));
  const key = lintKey(values);
  const findings = await lintToken(token, { now, ...(key === undefined ? {} : { key }), ...(maxLifetime === undefined ? {} : { maxLifetime }) });
  const alg = decodeAlg(token);
  const failing = failOn === "none" ? [] : findings.filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn as LintSeverity));
  if (values.json === true) {
    out.write(jsonText({ alg, findings }));
  } else {
    out.write(renderFindings(findings, alg, key !== undefined, s));
  }
  return failing.length > 0 ? 1 : 0;
}

/** The token's alg, for the summary line (lintToken already read the token, so this cannot fail). */
function decodeAlg(token: string): string {
  try {
    return decode(token).header.alg;
  } catch {
    return "?";
  }
}

/** The findings as a table: severity, id, message and RFC section. */
export function renderFindings(findings: LintFinding[], alg: string, withKey: boolean, s: Styles): string {
  const counts = SEVERITIES.map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const).filter(([, n]) => n > 0);
  const summary = findings.length === 0
    ? `no findings for this ${alg} token${withKey ? " and its key" : ""}`
    : `${findings.length} finding${findings.length === 1 ? "" : "s"} for this ${alg} token${withKey ? " and its key" : ""}: ${counts.map(([severity, n]) => `${n} ${severity}`).join(", ")}`;
  const colour = { high: s.red, medium: s.yellow, low: s.blue, info: s.dim } as const;
  const idWidth = Math.max(0, ...findings.map((f) => f.id.length));
  const lines = findings.map((f) => `  ${colour[f.severity](f.severity.padEnd(6))}  ${s.bold(f.id.padEnd(idWidth))}  ${f.message} ${s.dim(`(${f.rfc})`)}`);
  return [summary, ...lines, ""].join("\n");
}
