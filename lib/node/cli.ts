#!/usr/bin/env node
/**
 * The `keycard` command (package.json "bin"): decode, verify, sign, lint and inspect JWTs and keys from a
 * terminal, with the library's Node.js entry (node:crypto backend). Each command lives in lib/node/cli/.
 * Errors are one line on stderr and a documented exit code (docs/cli.md), never a stack trace.
 */
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { JWTError } from "../errors.js";
import { EXIT, exitCodeOf, styles, UsageError, useColor, type Output, type Styles } from "./cli/io.js";
import { createContext, type Context } from "./cli/context.js";

type Command = { help: string; run(args: string[], ctx: Context, out: Output, s: Styles): Promise<number> };

/** Each command's module, loaded only when it runs: a command starts without loading the others. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  decode: () => import("./cli/decode.js"),
  verify: () => import("./cli/verify.js"),
  sign: () => import("./cli/sign.js"),
  keygen: () => import("./cli/keygen.js"),
  thumbprint: () => import("./cli/thumbprint.js"),
  lint: () => import("./cli/lint.js"),
  serve: () => import("./cli/serve.js"),
};

/** The package's version, from its package.json (two levels above dist/node/cli.js). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The options every command takes, accepted before the command's name too. */
const GLOBAL_FLAGS = new Set(["--json", "--color", "--no-color"]);

/** What `keycard --help` prints: the commands, the options they share and where the manual is. */
export const HELP = `keycard: JSON Web Tokens from the command line, offline.

Usage: keycard <command> [arguments] [options]

Commands:
  decode <token|->       show a token's header and claims, with human times
  verify <token|->       check its signature and claims (--secret, --key, --jwks)
  sign [payload|-]       sign a JSON payload (--secret or --key, --exp 15m)
  lint <token|->         review a token (and its key) against RFC 8725
  keygen <alg>           generate a key pair or a secret (JWK or PEM)
  thumbprint <key|->     the RFC 7638 thumbprint of a JWK or PEM key
  serve                  the offline token debugger page on 127.0.0.1

Every command takes --help and --json. "-" reads stdin. Colour only on a terminal, never with NO_COLOR.
Exit codes: 0 ok, 1 invalid (or lint findings), 2 usage error, 3 expired, 4 not a JWT, 5 unusable key.
Run keycard <command> --help for its options. The manual, with examples: docs/cli.md in keycard's source
repository (the README that comes with the package has a summary).`;

/** Runs `keycard` with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: { stdin: Context["stdin"]; stdout: NodeJS.WritableStream & { isTTY?: boolean }; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv }): Promise<number> {
  const color = useColor({ color: argv.includes("--color"), "no-color": argv.includes("--no-color") }, io.stdout.isTTY === true, io.env);
  const out: Output = { color, write: (text) => void io.stdout.write(text), error: (text) => void io.stderr.write(text) };
  const s = styles(color);
  // `keycard --json decode ...`: options that every command takes may come before the command's name.
  const first = argv.findIndex((arg) => !arg.startsWith("-"));
  const leading = first > 0 ? argv.slice(0, first) : [];
  const ordered = leading.length > 0 && leading.every((arg) => GLOBAL_FLAGS.has(arg)) ? [...argv.slice(first), ...leading] : argv;
  const [name, ...args] = ordered;
  const fail = (message: string, code: number) => {
    out.error(`keycard${name !== undefined && Object.hasOwn(COMMANDS, name) ? ` ${name}` : ""}: ${message}\n`);
    return code;
  };
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? args[0] : undefined;
    if (topic !== undefined && Object.hasOwn(COMMANDS, topic)) out.write((await COMMANDS[topic]!()).help + "\n");
    else out.write(HELP + "\n");
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    out.write(`keycard ${version()}\n`);
    return EXIT.OK;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    return fail(`unknown command ${JSON.stringify(name)}; the commands are ${Object.keys(COMMANDS).join(", ")} (keycard --help)`, EXIT.USAGE);
  }
  const ctx = createContext(io.stdin, io.env, out);
  try {
    return await (await COMMANDS[name]!()).run(args, ctx, out, s);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message, EXIT.USAGE);
    if (error instanceof JWTError) return fail(`${error.message} [${error.code}]`, exitCodeOf(error));
    const message = error instanceof Error ? error.message : String(error);
    return fail(`internal error: ${message.split("\n")[0]} (this is a bug in keycard: please report it)`, EXIT.INTERNAL);
  }
}

// Run when executed (node dist/node/cli.js, or the "keycard" bin), not when imported.
function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}
const invoked = isMain();
if (invoked) {
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`keycard: internal error: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    process.exit(EXIT.INTERNAL);
  });
  const code = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
  // Let stdout drain before exiting (a pipe to `head` may have closed: that is not an error).
  process.stdout.on("error", () => {});
  process.exitCode = code;
}
