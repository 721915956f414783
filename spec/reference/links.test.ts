/**
 * The links between the documents stay true: every relative link of README.md, docs/*.md and docs/guide/*.md
 * leads to a file of the repository, and a link to a `#fragment` of a Markdown file to one of its headings (named
 * as GitHub names them). Reads files only: runs once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { root } from "./exports.js";

const pages = (dir: string) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith(".md")).map((f) => `${dir}/${f}`) : []);
const documents = ["README.md", ...pages("docs"), ...pages("docs/guide")];

/** The text outside code blocks and inline code. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "code");
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of markdown.replace(/^```[\s\S]*?^```$/gm, "").split("\n")) {
    const heading = /^#{1,6} (.+)$/.exec(line);
    if (heading === null) continue;
    const base = heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

test("every relative link of the documents leads to a file, and every #fragment to a heading", () => {
  const broken: string[] = [];
  let checked = 0;
  for (const document of documents) {
    const text = readFileSync(join(root, document), "utf8");
    for (const match of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!;
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
      const [path, fragment] = target.split("#") as [string, string | undefined];
      const file = path === "" ? document : normalize(join(dirname(document), path)).split("\\").join("/");
      checked++;
      if (!existsSync(join(root, file))) {
        broken.push(`${document}: ${target} (no ${relative(root, join(root, file))})`);
        continue;
      }
      if (fragment !== undefined && file.endsWith(".md") && !anchorsOf(readFileSync(join(root, file), "utf8")).has(fragment)) {
        broken.push(`${document}: ${target} (no heading "#${fragment}" in ${file})`);
      }
    }
  }
  assert.ok(checked > 30, `only ${checked} links read`);
  assert.deepEqual(broken, []);
});

test("the anchors are GitHub's", () => {
  const anchors = anchorsOf("# A b\n## RFC 8725: JSON Web Token Best Current Practices, §2 and §3\n## `sign(payload, key, options?)`\n## A b\n```\n# not\n```");
  assert.deepEqual([...anchors], ["a-b", "rfc-8725-json-web-token-best-current-practices-2-and-3", "signpayload-key-options", "a-b-1"]);
});
