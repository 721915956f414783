/**
 * The plumbing every `keycard` command shares: its exit codes, usage errors, reading arguments with
 * `node:util` parseArgs, reading stdin and files, colour (only on a terminal, never with NO_COLOR), and the
 * `--now` option that makes output reproducible.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { readFileSync } from "node:fs";
import { JWTError } from "../../errors.js";

/** The exit codes of `keycard` (docs/cli.md, "Exit codes"). */
export const EXIT = {
  /** Done: the token is valid, the key written, no finding at or above --fail-on. */
  OK: 0,
  /** The token is not valid (signature, algorithm, claims other than exp), or lint found problems. */
  INVALID: 1,
  /** The command line is wrong: unknown command or option, missing argument, unreadable file. */
  USAGE: 2,
  /** The token has expired (its signature held). */
  EXPIRED: 3,
  /** The input is not a JWT at all. */
  MALFORMED: 4,
  /** The key cannot be used, or the JWK Set could not be fetched. */
  KEY: 5,
  /** A bug in keycard: please report it. */
  INTERNAL: 70,
} as const;

/** A mistake on the command line: reported in one line with exit code 2. */
export class UsageError extends Error {}

/** The exit code for a JWTError, by its code. */
export function exitCodeOf(error: JWTError): number {
  switch (error.code) {
    case "ERR_JWT_EXPIRED":
      return EXIT.EXPIRED;
    case "ERR_JWT_MALFORMED":
      return EXIT.MALFORMED;
    case "ERR_KEY_INVALID":
    case "ERR_JWKS_FETCH_FAILED":
    case "ERR_JWKS_TIMEOUT":
      return EXIT.KEY;
    case "ERR_INVALID_ARGUMENT":
      return EXIT.USAGE;
    default:
      return EXIT.INVALID;
  }
}

/** Where a command writes, and whether it may use colour. */
export interface Output {
  readonly color: boolean;
  write(text: string): void;
  error(text: string): void;
}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

/** The `--now` option: the time to judge at, instead of the clock. */
export const NOW_OPTION = { now: { type: "string" } } as const satisfies ParseArgsConfig["options"];

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The values and positionals of `args` for a command taking `options` (plus the common ones). */
export function readArgs(command: string, args: string[], options: NonNullable<ParseArgsConfig["options"]>): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    // parseArgs says "Unknown option '--x'. To specify a positional argument starting with a '-', place it at the end..."
    const message = error instanceof Error ? error.message.split(". ")[0]!.replace(/\.$/, "") : String(error);
    throw new UsageError(`${message} (keycard ${command} --help lists the options)`);
  }
}

/** Whether to colour: `--color` or a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(values: Values, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (values["no-color"] === true) return false;
  if (values.color === true) return true;
  return isTTY && env.TERM !== "dumb";
}

/** ANSI styles, or nothing when colour is off. */
export function styles(color: boolean) {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    magenta: wrap(35, 39),
    cyan: wrap(36, 39),
  };
}

/** The colour functions of one run: each wraps text in ANSI codes, or returns it unchanged when colour is off. */
export type Styles = ReturnType<typeof styles>;

/** All of stdin, as text. */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** A file's text, or a UsageError naming the file. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new UsageError(`cannot read the ${what} ${JSON.stringify(path)}: ${why}`);
  }
}

/** The input `argument` names: `-` is stdin, anything else is the text itself. */
export async function readInput(argument: string | undefined, what: string, command: string, stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (argument === undefined) throw new UsageError(`missing the ${what}: keycard ${command} <${what}>, or "-" to read it from stdin`);
  return argument === "-" ? readStdin(stdin) : argument;
}

/**
 * A token as people paste it: surrounding whitespace removed, and an `Authorization` header value's
 * "Bearer " prefix (RFC 6750 §2.1) left out.
 */
export function cleanToken(text: string): string {
  return text.trim().replace(/^(authorization:\s*)?bearer\s+/i, "");
}

/** The `--now` option as seconds since the epoch: an ISO 8601 date or a number of seconds. Default: the clock. */
export function readNow(value: unknown): number {
  if (value === undefined) return Date.now() / 1000;
  const text = String(value);
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) throw new UsageError(`--now must be an ISO 8601 date (2026-11-29T19:00:00Z) or seconds since the epoch; got ${JSON.stringify(text)}`);
  return ms / 1000;
}

/** A string option that may be given several times and with commas (`--aud a --aud b`, `--aud a,b`). */
export function listOption(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(",")).map((s) => s.trim()).filter((s) => s !== "");
  return items.length === 0 ? undefined : items;
}

/** JSON for --json output: one object, pretty-printed, ending with a newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
