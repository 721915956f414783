// Group "lint": lintToken, the security review behind `keycard lint` and the debugger page, gives the same
// findings on every runtime (the page runs it in a browser). Crafted tokens only; nothing is verified.
import { assemble, equal, need, ok, rejects } from "./harness.js";

export async function run({ keycard, check }) {
  await check("lint: an unsecured token, a weak secret and a password claim are high findings, most serious first", async () => {
    const lintToken = need(keycard, "lintToken");
    const unsecured = assemble({ alg: "none" }, { sub: "alice", password: "hunter2" }, new Uint8Array(0));
    const findings = await lintToken(unsecured);
    const ids = findings.map((finding) => finding.id);
    for (const id of ["alg-none", "sensitive-claim", "no-exp", "no-iss", "no-aud"]) ok(ids.includes(id), `finding ${id} among ${ids.join(" ")}`);
    equal(findings[0].severity, "high", "the first finding's severity");
    const weak = await lintToken(await keycard.sign({ sub: "alice", iss: "i", aud: "a", jti: "j" }, "x".repeat(40), { expiresIn: "15m" }), { key: "changeme" });
    ok(weak.some((finding) => finding.id === "weak-secret" && finding.severity === "high"), "a secret of 8 bytes is weak-secret");
  });

  await check("lint: a value that is not a JWT rejects with ERR_JWT_MALFORMED", async () => {
    await rejects(keycard, () => need(keycard, "lintToken")("not a token"), "ERR_JWT_MALFORMED");
  });
}
