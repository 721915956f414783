/**
 * keycard on Node.js: the same API as `lib/index.ts`, with node:crypto doing the cryptography.
 *
 * The package's `exports` map sends `import "keycard"` here under the `node` condition (Deno, Bun, workers and
 * browsers get `lib/index.ts`, all WebCrypto). Installing the backend is the only thing this module does; run
 * Node.js with `--conditions=keycard-webcrypto` to use WebCrypto instead.
 */
import { useBackend } from "../jwa/signature.js";
import { backend } from "./backend.js";

useBackend(backend);

export * from "../index.js";
