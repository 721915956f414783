/**
 * `npm start` runs docs/examples/reference/walkthrough.mjs: here it runs as a child process, exactly as npm start
 * does (2-second access tokens, so about 2 s of this test is the wait for one to expire: it runs beside the
 * backend runs, in the package process), and must exit 0 having printed every step and the decisions that
 * matter. Needs dist/ (npm test builds it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("the walkthrough plays the whole session and exits 0", async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [join(root, "docs", "examples", "reference", "walkthrough.mjs")], {
      cwd: root, timeout: 30_000, env: { ...process.env, NO_COLOR: "1" },
    }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr }));
  });
  assert.equal(code, 0, `exit code ${code}\n${stdout}\n${stderr}`);
  assert.equal(stderr, "");
  const lines = [
    /^ 2\. Log in as alice$/m,
    /keycard: issued an access token \(ES256, kid k-1, typ at\+jwt, scope orders:read, expires in 2 s\)/,
    /cookie: Path=\/auth; HttpOnly; Secure; SameSite=Strict/,
    /no credentials: WWW-Authenticate: Bearer realm="orders-api"$/m,
    /ERR_JWT_CLAIM_INVALID \(scope\): WWW-Authenticate: Bearer realm="orders-api", error="insufficient_scope"/,
    /ERR_JWT_CLAIM_INVALID \(aud\): a refresh token has its own audience and typ/,
    /ERR_JWT_EXPIRED \(exp\): Bearer realm="orders-api", error="invalid_token", error_description="the access token expired"/,
    /now signing with k-2; the JWK Set publishes k-1, k-2, k-3/,
    /new pair \(kid k-2, same session\)/,
    /ERR_JWT_REVOKED: refresh token reuse detected/,
    /ERR_JWT_REVOKED \(jti\): Bearer realm="orders-api", error="invalid_token", error_description="the access token has been revoked"/,
    /← 204/,
    /^Done: 15 steps, every decision as expected\./m,
    /^Inspect these tokens offline: the debugger page, node dist\/node\/cli\.js serve \(http:\/\/127\.0\.0\.1\)/m,
  ];
  for (const line of lines) assert.match(stdout, line);
  assert.equal(stdout.match(/^ ?\d+\. /gm)?.length, 15);
});
