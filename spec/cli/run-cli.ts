/**
 * Runs the built `keycard` command (dist/node/cli.js) as a user would, in a child Node.js process, and reads the
 * ```console blocks of docs/cli.md: `$ keycard ...` lines with the output that follows them, `$ echo $?` for the
 * previous exit code, `< FILE` for stdin. A block after `<!-- cli: random -->` has random keys: its long
 * base64 runs are compared as placeholders.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Readable, Writable } from "node:stream";
import { join } from "node:path";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = join(ROOT, "dist", "node", "cli.js");
export const FIXTURES = join(ROOT, "spec", "cli", "fixtures");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `keycard args` with `input` on stdin (none: an empty stdin), in `cwd` (default: the fixtures). */
export function keycard(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    if (options.env?.NO_COLOR === undefined) delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    delete env.NODE_OPTIONS; // the test runner's loader is not the user's
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? FIXTURES, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** One `$ ...` line of a console block and the output shown under it. */
export interface DocCommand {
  line: number;
  command: string;
  expected: string;
}

export interface DocBlock {
  line: number;
  random: boolean;
  commands: DocCommand[];
}

/** The ```console blocks of a Markdown file. */
export function consoleBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```console") continue;
    const block: DocBlock = { line: i + 1, random: /<!-- cli: random -->/.test(lines[i - 1] ?? ""), commands: [] };
    for (i++; i < lines.length && lines[i] !== "```"; i++) {
      const text = lines[i]!;
      if (text.startsWith("$ ")) block.commands.push({ line: i + 1, command: text.slice(2), expected: "" });
      else if (block.commands.length > 0) block.commands[block.commands.length - 1]!.expected += text + "\n";
    }
    blocks.push(block);
  }
  return blocks;
}

/** Splits a command line: words, 'single-quoted' words, and a final `< FILE`. */
export function parseCommand(command: string): { words: string[]; stdinFile: string | undefined } {
  const words: string[] = [];
  const pattern = /'([^']*)'|(\S+)/g;
  for (let match; (match = pattern.exec(command)) !== null;) words.push(match[1] ?? match[2]!);
  let stdinFile: string | undefined;
  const at = words.indexOf("<");
  if (at >= 0) {
    stdinFile = words[at + 1];
    words.splice(at, 2);
  }
  return { words, stdinFile };
}

/**
 * Runs the commands of a block in order, through the built CLI's main() in this process, in spec/cli/fixtures/
 * (cli.test.ts runs every command as a real process too; starting Node.js for each of the page's 25 commands
 * would cost 4 s of CPU); returns what each printed (stdout, then stderr).
 */
export async function runBlock(block: DocBlock): Promise<string[]> {
  const outputs: string[] = [];
  let last = 0;
  for (const { command } of block.commands) {
    const { words, stdinFile } = parseCommand(command);
    if (words[0] === "echo" && words[1] === "$?") {
      outputs.push(`${last}\n`);
      continue;
    }
    if (words[0] !== "keycard") throw new Error(`docs/cli.md: only keycard commands and "echo $?" run; got ${command}`);
    const input = stdinFile === undefined ? undefined : readFileSync(join(FIXTURES, stdinFile), "utf8");
    const cwd = process.cwd();
    process.chdir(FIXTURES); // the page's file names are relative to the fixtures
    let result: CliResult;
    try {
      result = await keycardInProcess(words.slice(1), { input });
    } finally {
      process.chdir(cwd);
    }
    last = result.code ?? -1;
    outputs.push(result.stdout + result.stderr);
  }
  return outputs;
}

/** Long base64 and base64url runs (keys, secrets) replaced by a placeholder, for blocks of random output. */
export function withoutRandomness(text: string): string {
  return text.replace(/[A-Za-z0-9+/_-]{20,}={0,2}/g, "<random>").replace(/(<random>\n)+/g, "<random>\n");
}

/**
 * Runs the built CLI's `main` in this process with in-memory streams: the same code as the command without
 * starting Node.js again, for the long tables of cases (a few of which are also run as real processes).
 */
export async function keycardInProcess(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const { main } = (await import(pathToFileURL(CLI).href)) as {
    main(argv: string[], io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv }): Promise<number>;
  };
  let stdout = "", stderr = "";
  const sink = (append: (text: string) => void) => new Writable({ write(chunk, _encoding, done) { append(String(chunk)); done(); } });
  const code = await main(args, {
    stdin: Readable.from([options.input ?? ""]), stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), env: options.env ?? {},
  });
  return { code, stdout, stderr };
}
