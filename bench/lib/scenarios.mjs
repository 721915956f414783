/** The scenarios, in the order they run and print: one algorithm and one operation each. */
export const SCENARIOS = [
  { name: "HS256 sign", alg: "HS256", op: "sign" },
  { name: "HS256 verify", alg: "HS256", op: "verify" },
  { name: "RS256 sign", alg: "RS256", op: "sign" },
  { name: "RS256 verify", alg: "RS256", op: "verify" },
  { name: "PS256 verify", alg: "PS256", op: "verify" },
  { name: "ES256 sign", alg: "ES256", op: "sign" },
  { name: "ES256 verify", alg: "ES256", op: "verify" },
  { name: "EdDSA sign", alg: "EdDSA", op: "sign" },
  { name: "EdDSA verify", alg: "EdDSA", op: "verify" },
];
