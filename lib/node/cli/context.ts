/** What a command receives besides its arguments: stdin, the environment, and small shared checks. */
import { UsageError, type Output } from "./io.js";

/** The context a command runs in: its input, environment and output, and the checks every command shares. */
export interface Context {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly out: Output;
  /** Prints a command's help and returns exit code 0. */
  help(text: string): number;
  /** Refuses more than `max` positional arguments. */
  expectPositionals(command: string, positionals: string[], max: number): void;
}

/** The context of one run of `keycard`: `main()` builds it from the process (or a test from its own streams). */
export function createContext(stdin: Context["stdin"], env: NodeJS.ProcessEnv, out: Output): Context {
  return {
    stdin,
    env,
    out,
    help(text) {
      out.write(text + "\n");
      return 0;
    },
    expectPositionals(command, positionals, max) {
      if (positionals.length > max) {
        throw new UsageError(`keycard ${command} takes ${max === 0 ? "no" : `at most ${max}`} argument${max === 1 ? "" : "s"}; got ${positionals.map((p) => JSON.stringify(p.length > 20 ? p.slice(0, 20) + "..." : p)).join(" ")}`);
      }
    },
  };
}
