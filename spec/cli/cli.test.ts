// The `keycard` command as a user runs it: the built dist/node/cli.js in a child process, with arguments, stdin,
// files and the environment, checking exit codes, stdout and stderr. docs.test.ts covers the examples of
// docs/cli.md (decode, verify and its failures, sign, lint, thumbprint); this file the rest: help, usage
// errors, colour, stdin, keys made by keygen used to sign and verify, a JWK Set URL, and serve.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, FIXTURES, ROOT, keycard, keycardInProcess } from "./run-cli.js";

const token = readFileSync(join(FIXTURES, "token.txt"), "utf8").trim();
/** The ES256 access token of docs/cli.md (signed with fixtures/private.pem, kid 2026-11, typ at+jwt). */
const accessToken = /eyJhbGciOiJFUzI1Ni[\w.-]+/.exec(readFileSync(join(ROOT, "docs", "cli.md"), "utf8"))![0];
const NOW = "2026-11-29T19:01:00Z";
const fixture = (name: string) => join(FIXTURES, name);

/** A stderr that is one line, not a stack trace. */
function oneLine(stderr: string, pattern: RegExp): void {
  assert.match(stderr.trimEnd(), pattern);
  assert.equal(stderr.trimEnd().split("\n").length, 1, `one line expected:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
}

const tmp = mkdtempSync(join(tmpdir(), "keycard-cli-"));

describe("keycard, as a user runs it", { concurrency: 4 }, () => {
  test("no arguments: the overview and exit code 2; --help and --version: exit code 0", async () => {
    const [none, help, version] = await Promise.all([keycard([]), keycardInProcess(["--help"]), keycardInProcess(["--version"])]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /Usage: keycard <command>/);
    assert.equal(help.code, 0);
    for (const command of ["decode", "verify", "sign", "lint", "keygen", "thumbprint", "serve"]) assert.match(help.stdout, new RegExp(`^  ${command} `, "m"));
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^keycard \d+\.\d+\.\d+\n$/);
  });

  test("every command has --help (exit 0, its usage, its exit codes)", async () => {
    const commands = ["decode", "verify", "sign", "lint", "keygen", "thumbprint", "serve"];
    // One as a process, the others through the same main() in this process (starting Node.js costs 0.1 s each).
    const results = await Promise.all(commands.map((command, i) => (i === 0 ? keycard : keycardInProcess)([command, "--help"])));
    results.forEach((result, i) => {
      assert.equal(result.code, 0, commands[i]);
      assert.match(result.stdout, new RegExp(`^Usage: keycard ${commands[i]} `), commands[i]);
      assert.match(result.stdout, /Exit codes: 0 /, commands[i]);
      assert.equal(result.stderr, "");
    });
    const viaHelp = await keycardInProcess(["help", "lint"]);
    const jsonFirst = await keycardInProcess(["--json", "decode", token]);
    assert.equal(JSON.parse(jsonFirst.stdout).payload.sub, "user-42", "--json before the command");
    assert.equal(viaHelp.stdout, results[3]!.stdout);
  });

  test("usage errors: one line on stderr, exit code 2, never a stack trace", async () => {
    const cases: [string[], RegExp][] = [
      [["frobnicate"], /^keycard: unknown command "frobnicate"; the commands are decode, verify/],
      [["decode", token, "--bogus"], /^keycard decode: Unknown option '--bogus' \(keycard decode --help lists the options\)/],
      [["decode"], /missing the token/],
      [["verify", token], /verifying needs a key/],
      [["verify", token, "--secret", "x".repeat(32), "--key", "public.pem"], /give one key/],
      [["verify", token, "--key", "missing.pem"], /cannot read the key file ".*missing\.pem": no such file/],
      [["verify", token, "--jwks", "http://example.com/jwks.json"], /--jwks must be an https: URL/],
      [["verify", token, "--secret-file", "secret.txt", "--leeway", "60"], /clockTolerance must be a number of seconds or a string with a unit/],
      [["decode", token, "--now", "yesterday"], /--now must be an ISO 8601 date/],
      [["sign", "{not json", "--secret-file", "secret.txt"], /the payload is not valid JSON/],
      [["sign", "[1,2]", "--secret-file", "secret.txt"], /the payload must be a JSON object/],
      [["sign", "{}", "--key", "public.jwk.json", "--alg", "none"], /alg|none/],
      [["keygen"], /missing the algorithm/],
      [["keygen", "XS256"], /unknown algorithm "XS256"/],
      [["keygen", "HS256", "--format", "pem"], /no PEM form/],
      [["lint", token, "--fail-on", "severe"], /--fail-on must be high, medium, low, info or none/],
      [["thumbprint", "token.txt"], /neither a PEM key/],
      [["serve", "--port", "http"], /--port must be a number/],
    ];
    // The first three as processes, the rest through main() in this process (with absolute file names).
    const absolute = (args: string[]) => args.map((arg) => (/^[\w.-]+\.(pem|json|txt)$/.test(arg) ? fixture(arg) : arg));
    const results = [
      ...(await Promise.all(cases.slice(0, 3).map(([args]) => keycard(args)))),
      ...(await Promise.all(cases.slice(3).map(([args]) => keycardInProcess(absolute(args))))),
    ];
    results.forEach((result, i) => {
      assert.equal(result.code, 2, `${cases[i]![0].join(" ")}: ${result.stderr}`);
      oneLine(result.stderr, cases[i]![1]);
      assert.equal(result.stdout, "");
    });
  });

  test("a token on stdin (\"-\"), with an Authorization header's Bearer prefix and line breaks", async () => {
    const result = await keycard(["decode", "-", "--json", "--now", NOW], { input: `Bearer ${token}\n` });
    assert.equal(result.code, 0, result.stderr);
    const decoded = JSON.parse(result.stdout);
    assert.equal(decoded.payload.sub, "user-42");
    assert.deepEqual(decoded.times.exp, { date: "2026-11-29T19:15:00Z", relative: "expires in 14 min" });
    assert.deepEqual(decoded.times.iat, { date: "2026-11-29T19:00:00Z", relative: "issued 1 min ago" });
  });

  test("not a JWT: exit code 4 for decode, verify and lint", async () => {
    const results = await Promise.all([
      keycard(["decode", "hello"]), keycardInProcess(["lint", "-"], { input: "a.b.c" }), keycardInProcess(["verify", "e30.e30.", "--secret-file", fixture("secret.txt")]),
    ]);
    for (const result of results) {
      assert.equal(result.code, 4, result.stderr);
      oneLine(result.stderr, /\[ERR_JWT_MALFORMED\]$/);
    }
  });

  test("colour: none when piped, with --color, never with NO_COLOR", async () => {
    const [piped, forced, noColor, lintForced] = await Promise.all([
      keycard(["decode", token, "--now", NOW]),
      keycardInProcess(["decode", token, "--now", NOW, "--color"]),
      keycard(["decode", token, "--now", NOW, "--color"], { env: { NO_COLOR: "1" } }),
      keycardInProcess(["lint", token, "--now", NOW, "--color"]),
    ]);
    const ESC = "\u001b[";
    assert.ok(!piped.stdout.includes(ESC), "no colour in a pipe");
    assert.ok(forced.stdout.includes(`${ESC}1m${ESC}31mHeader`), "--color colours the sections");
    assert.ok(lintForced.stdout.includes(`${ESC}2minfo`), "--color colours severities");
    assert.equal(noColor.stdout, piped.stdout, "NO_COLOR wins over --color");
  });

  test("keygen ES256 (JWK) → sign with the private JWK → verify with the public JWK; the kid is the thumbprint", async () => {
    const generated = await keycard(["keygen", "ES256", "--json"]);
    assert.equal(generated.code, 0, generated.stderr);
    const { kid, privateKey, publicKey } = JSON.parse(generated.stdout);
    assert.equal(privateKey.kty, "EC");
    assert.equal(typeof privateKey.d, "string");
    assert.equal(publicKey.d, undefined);
    assert.equal(publicKey.kid, kid);
    writeFileSync(join(tmp, "es.private.json"), JSON.stringify(privateKey));
    writeFileSync(join(tmp, "es.public.json"), JSON.stringify(publicKey));
    const signed = await keycard(["sign", "-", "--key", join(tmp, "es.private.json"), "--exp", "15m", "--aud", "a", "--aud", "b"], { input: '{"sub":"alice"}' });
    assert.equal(signed.code, 0, signed.stderr);
    const [verified, thumb] = await Promise.all([
      keycard(["verify", signed.stdout.trim(), "--key", join(tmp, "es.public.json"), "--aud", "b", "--json"]),
      keycard(["thumbprint", "-"], { input: JSON.stringify(publicKey) }),
    ]);
    assert.equal(verified.code, 0, verified.stderr);
    const result = JSON.parse(verified.stdout);
    assert.equal(result.header.kid, kid, "sign takes the JWK's kid");
    assert.deepEqual(result.payload.aud, ["a", "b"]);
    assert.equal(thumb.stdout.trim(), kid);
  });

  test("keygen EdDSA --format pem writes files (private 0600, never overwritten) → sign → verify with the PEM", async () => {
    const priv = join(tmp, "ed.private.pem"), pub = join(tmp, "ed.public.pem");
    const generated = await keycard(["keygen", "EdDSA", "--format", "pem", "--private", priv, "--public", pub]);
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(readFileSync(priv, "utf8"), /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]{1,64}\n-----END PRIVATE KEY-----\n$/);
    assert.match(readFileSync(pub, "utf8"), /^-----BEGIN PUBLIC KEY-----\n/);
    assert.equal(statSync(priv).mode & 0o777, 0o600);
    const [again, signed] = await Promise.all([
      keycardInProcess(["keygen", "EdDSA", "--format", "pem", "--private", priv]),
      keycardInProcess(["sign", '{"sub":"bob"}', "--key", priv, "--exp", "1h"]),
    ]);
    assert.equal(again.code, 2);
    oneLine(again.stderr, /already exists/);
    assert.equal(signed.code, 0, signed.stderr);
    const [verified, thumbs] = await Promise.all([
      keycardInProcess(["verify", signed.stdout.trim(), "--key", pub]),
      Promise.all([keycardInProcess(["thumbprint", priv]), keycardInProcess(["thumbprint", pub])]),
    ]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /^valid: EdDSA signature verified with the PEM key in /);
    assert.equal(thumbs[0].stdout, thumbs[1].stdout, "a private PEM and its public PEM have one thumbprint");
  });

  test("an RSA PEM key: sign needs --alg; verify accepts only the algorithms asked for", async () => {
    const [noAlg, signed] = await Promise.all([
      keycardInProcess(["sign", "{}", "--key", fixture("rsa.private.pem")]),
      keycardInProcess(["sign", '{"sub":"bob"}', "--key", fixture("rsa.private.pem"), "--alg", "PS256", "--exp", "1h"]),
    ]);
    assert.equal(noAlg.code, 2);
    oneLine(noAlg.stderr, /an RSA key signs RS256, .* choose one with --alg/);
    assert.equal(signed.code, 0, signed.stderr);
    const [verified, wrongAlg] = await Promise.all([
      keycardInProcess(["verify", signed.stdout.trim(), "--key", fixture("rsa.public.pem"), "--json"]),
      keycardInProcess(["verify", signed.stdout.trim(), "--key", fixture("rsa.public.pem"), "--alg", "RS256"]),
    ]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(JSON.parse(verified.stdout).header.alg, "PS256");
    assert.equal(wrongAlg.code, 1);
    oneLine(wrongAlg.stderr, /\[ERR_JWT_ALG_NOT_ALLOWED\]$/);
  });

  test("keygen HS384 → an oct JWK that signs and verifies; a secret read from a file", async () => {
    const generated = await keycardInProcess(["keygen", "HS384"]);
    assert.equal(generated.code, 0);
    const jwk = JSON.parse(generated.stdout.replace(/^#.*\n/, ""));
    assert.equal(jwk.alg, "HS384");
    assert.equal(Buffer.from(jwk.k, "base64url").length, 48);
    writeFileSync(join(tmp, "hs.json"), JSON.stringify(jwk));
    const signed = await keycardInProcess(["sign", "{}", "--key", join(tmp, "hs.json"), "--no-iat", "--json"]);
    assert.equal(signed.code, 0, signed.stderr);
    const { token: hs, header, payload } = JSON.parse(signed.stdout);
    assert.deepEqual(header, { alg: "HS384", typ: "JWT", kid: jwk.kid });
    assert.deepEqual(payload, {});
    const verified = await keycardInProcess(["verify", hs, "--key", join(tmp, "hs.json"), "--alg", "HS384,HS512"]);
    assert.equal(verified.code, 0, verified.stderr);
  });

  test("verify --jwks URL: a JWK Set on 127.0.0.1; an unreachable one is exit code 5", async (t) => {
    const jwks = readFileSync(join(FIXTURES, "jwks.json"), "utf8");
    const server = createServer((request, response) => {
      response.writeHead(request.url === "/jwks.json" ? 200 : 404, { "content-type": "application/json" });
      response.end(request.url === "/jwks.json" ? jwks : "{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    t.after(() => server.close());
    const port = (server.address() as { port: number }).port;
    const [ok, missing] = await Promise.all([
      keycard(["verify", accessToken, "--jwks", `http://127.0.0.1:${port}/jwks.json`, "--iss", "https://auth.example.com", "--now", NOW]),
      keycardInProcess(["verify", accessToken, "--jwks", `http://127.0.0.1:${port}/nothing.json`, "--now", NOW]),
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^valid: ES256 signature verified with the JWK Set at http:\/\/127\.0\.0\.1:\d+\/jwks\.json/);
    assert.equal(missing.code, 5);
    oneLine(missing.stderr, /\[ERR_JWKS_FETCH_FAILED\]$/);
  });

  test("verify: a private PEM verifies with its public key; a token not valid yet is exit code 1; --leeway", async () => {
    const notYet = await keycardInProcess(["sign", "{}", "--secret-file", fixture("secret.txt"), "--nbf", "1h", "--exp", "2h", "--now", NOW]);
    const [privatePEM, early, lenient, expiredLenient] = await Promise.all([
      keycardInProcess(["verify", accessToken, "--key", fixture("private.pem"), "--now", NOW]),
      keycardInProcess(["verify", notYet.stdout.trim(), "--secret-file", fixture("secret.txt"), "--now", NOW]),
      keycardInProcess(["verify", notYet.stdout.trim(), "--secret-file", fixture("secret.txt"), "--now", NOW, "--leeway", "1h"]),
      keycardInProcess(["verify", accessToken, "--key", fixture("public.pem"), "--now", "2026-11-29T19:15:30Z", "--leeway", "1m"]),
    ]);
    assert.equal(privatePEM.code, 0, privatePEM.stderr);
    assert.equal(early.code, 1);
    oneLine(early.stderr, /^keycard verify: invalid: the token is not valid yet: valid in 1 h \(2026-11-29T20:01:00Z\) \[ERR_JWT_NOT_YET_VALID\]$/);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.equal(expiredLenient.code, 0, expiredLenient.stderr);
  });

  test("lint --json: findings with id, severity, message and RFC; --fail-on sets the exit code", async () => {
    const weak = readFileSync(join(FIXTURES, "weak-token.txt"), "utf8");
    const [json, none, medium] = await Promise.all([
      keycard(["lint", "-", "--json", "--now", NOW, "--key", "public.jwk.json"], { input: weak }),
      keycardInProcess(["lint", "-", "--fail-on", "none"], { input: weak }),
      keycardInProcess(["lint", accessToken, "--fail-on", "low", "--now", NOW]),
    ]);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.alg, "HS256");
    const ids = report.findings.map((f: { id: string }) => f.id);
    for (const id of ["sensitive-claim", "key-alg-mismatch", "kid-suspicious", "long-lifetime", "no-iss", "no-aud", "no-typ", "no-jti"]) assert.ok(ids.includes(id), `${id} in ${ids}`);
    for (const f of report.findings) {
      assert.match(f.rfc, /^RFC \d+ §[\d.]+$/);
      assert.ok(["high", "medium", "low", "info"].includes(f.severity));
      assert.ok(!f.message.includes("\n"));
    }
    assert.equal(none.code, 0);
    assert.equal(medium.code, 0, "a well-made access token has no finding of low severity or more");
    assert.match(medium.stdout, /^no findings for this ES256 token\n$/);
  });

  test("serve: the page and the library on 127.0.0.1, with a Content-Security-Policy; nothing else", async (t) => {
    const child = spawn(process.execPath, [CLI, "serve", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    t.after(() => child.kill());
    const url: string = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        try {
          resolve(JSON.parse(out).url);
        } catch {
          // not yet the whole line
        }
      });
      child.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/debugger\/$/);
    const origin = new URL(url).origin;
    const [root, page, script, library, internals, traversal, post] = await Promise.all([
      fetch(origin + "/", { redirect: "manual" }), fetch(url), fetch(origin + "/debugger/debugger.js"), fetch(origin + "/dist/index.js"),
      fetch(origin + "/dist/node/cli.js"), fetch(origin + "/dist/../package.json"), fetch(url, { method: "POST", body: "x" }),
    ]);
    assert.equal(root.status, 302);
    assert.equal(root.headers.get("location"), "/debugger/");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>keycard token debugger<\/title>/);
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'none'; script-src 'self'/);
    assert.equal(page.headers.get("referrer-policy"), "no-referrer");
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.equal(library.status, 200);
    assert.equal(internals.status, 404, "dist/node/ is not served");
    assert.equal(traversal.status, 404);
    assert.equal(post.status, 405);
    // Another host name pointing at 127.0.0.1 (DNS rebinding) gets nothing.
    const port = new URL(url).port;
    const rebound = await new Promise<number>((resolve) => {
      import("node:http").then(({ request }) => {
        request({ host: "127.0.0.1", port, path: "/debugger/", headers: { host: `evil.example:${port}` } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).end();
      });
    });
    assert.equal(rebound, 421);
  });
});

test("clean up", () => rmSync(tmp, { recursive: true, force: true }));
