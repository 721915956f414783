// Runs a program and resolves with what it did, without blocking the event loop: the whole suite of a backend
// runs in one process (spec/setup/load.mjs), so a spawnSync would stall every server and timer of the tests that
// run beside it (a JWK Set server in one test timed out while another waited on a child).
import { execFile, type ExecFileOptions } from "node:child_process";

/** What a finished child did: `status` is its exit code, or null when it could not start or was killed. */
export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error: Error | undefined;
}

/** Runs `command` with `args`; never rejects: a failure to start is `error`, a non-zero exit is `status`. */
export function runChild(command: string, args: readonly string[], options: ExecFileOptions = {}): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 << 20, ...options, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      const status = error === null ? 0 : typeof code === "number" ? code : null;
      resolve({ status, stdout: String(stdout), stderr: String(stderr), error: status === null ? (error ?? undefined) : undefined });
    });
  });
}
