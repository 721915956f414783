/** `keycard decode`: a token's header and claims, with human times, verifying nothing. */
import { decode } from "../index.js";
import { cleanToken, jsonText, NOW_OPTION, readArgs, readInput, readNow, type Output, type Styles } from "./io.js";
import { renderToken, tokenJSON } from "./render.js";
import type { Context } from "./context.js";

/** What `keycard decode --help` prints: usage, options and exit codes (docs/cli.md). */
export const help = `Usage: keycard decode <token|-> [--now DATE] [--json]

Shows a token's header and payload, each time claim (exp, nbf, iat) as an ISO date
and relative to now ("expires in 14 min"). Verifies nothing: use keycard verify.
"-" reads the token from stdin; a "Bearer " prefix is left out.

Options:
  --now DATE   judge times at DATE (ISO 8601, or seconds since the epoch)
  --json       print {header, payload, signature, times} as JSON
  --color, --no-color, -h/--help

Exit codes: 0 decoded, 2 usage error, 4 not a JWT.`;

/** Runs `keycard decode` with its arguments (after the command name); resolves to the exit code (EXIT in io.ts). */
export async function run(args: string[], ctx: Context, out: Output, s: Styles): Promise<number> {
  const { values, positionals } = readArgs("decode", args, { ...NOW_OPTION });
  if (values.help === true) return ctx.help(help);
  ctx.expectPositionals("decode", positionals, 1);
  const now = readNow(values.now);
  const token = cleanToken(await readInput(positionals[0], "token", "decode", ctx.stdin));
  const decoded = decode(token);
  out.write(values.json === true ? jsonText(tokenJSON(decoded, now)) : renderToken(decoded, now, s));
  return 0;
}
