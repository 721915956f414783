#!/usr/bin/env node
/**
 * Installs bench/peers (the peers and esbuild, versions pinned by its package-lock.json) with `npm ci` when
 * its node_modules is missing, so `npm run bench:peers` and `npm run size` work on a fresh clone. Nothing
 * is installed at the root: keycard itself has no dependencies.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const wanted = ["jose", "fast-jwt", "jsonwebtoken", "hono", "@tsndr/cloudflare-worker-jwt", "esbuild"];
const missing = wanted.filter((name) => !existsSync(new URL(`./node_modules/${name}/package.json`, import.meta.url)));
if (missing.length > 0) {
  console.error(`bench/peers: installing (${missing.join(", ")} missing): npm ci`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
}
