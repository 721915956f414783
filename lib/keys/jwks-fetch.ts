/**
 * One request for a remote JWK Set (RFC 7517 §5) over `fetch`, the web-standard client every runtime has.
 *
 * - the whole request, body included, is bounded by a timeout (an `AbortSignal`): `ERR_JWKS_TIMEOUT`;
 * - redirects are not followed (`redirect: "manual"`; a 3xx or an opaque redirect is a failure);
 * - revalidation: `If-None-Match` with the ETag of the set in hand; a 304 keeps that set, unparsed
 *   (RFC 9110 §13.1.2, §15.4.5);
 * - the body is read chunk by chunk and the request aborted once it passes `MAX_JWKS_BYTES`, so a
 *   huge or endless body costs at most that much;
 * - anything else that is not a JSON object (a non-2xx status, invalid UTF-8, invalid or duplicate-member
 *   JSON) is `ERR_JWKS_FETCH_FAILED`. Judging the object as a JWK Set is the caller's.
 * An error thrown by a caller-supplied `fetch` passes through unchanged (API.md), unless it comes from the
 * timeout's abort.
 */
import { JWKSFetchFailed, JWKSTimeout } from "../errors.js";
import { JSONError, parseJSONObject } from "../bytes/json.js";
import { serverMaxAge } from "./jwks-cache-policy.js";

/** The largest JWK Set body read, in bytes (512 KiB: real sets are a few KiB). */
export const MAX_JWKS_BYTES = 512 * 1024;

/** The `fetch` a remote set calls: the global one, or one the caller gives. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** One request for a JWK Set: where, with what, and the ETag to revalidate. */
export interface JWKSRequest {
  readonly url: string;
  readonly headers: Headers;
  /** The caller's `fetch`, whose errors pass through unchanged; `undefined` for the global `fetch`. */
  readonly fetch: FetchFunction | undefined;
  readonly timeoutMs: number;
  /** The ETag of the set in hand, sent as `If-None-Match`. */
  readonly etag: string | undefined;
}

/** What a request for a JWK Set found: a new set (with its ETag and max-age), or "not modified". */
export type JWKSResponse =
  | { readonly modified: true; readonly body: Record<string, unknown>; readonly etag: string | undefined; readonly maxAge: number | undefined }
  | { readonly modified: false; readonly etag: string | undefined; readonly maxAge: number | undefined };

/** Releases a response body we will not read, so the connection is freed; never throws. */
function discard(response: Response): void {
  try {
    response.body?.cancel().catch(() => undefined);
  } catch {
    // A body that cannot be cancelled is left to the garbage collector.
  }
}

/** The body's bytes, at most `MAX_JWKS_BYTES` of them. @throws JWKSFetchFailed past the limit */
async function readLimited(response: Response, controller: AbortController, url: string): Promise<Uint8Array> {
  const tooLarge = () => new JWKSFetchFailed(`the JWK Set at ${url} is larger than ${MAX_JWKS_BYTES} bytes`);
  const length = response.headers.get("content-length");
  if (length !== null && /^\d+$/.test(length.trim()) && Number(length) > MAX_JWKS_BYTES) {
    discard(response);
    throw tooLarge();
  }
  const stream = response.body;
  if (stream === null || typeof stream?.getReader !== "function") {
    // A Response-like object from a caller's fetch, without a stream: it is already in memory.
    if (typeof response.text !== "function") throw new JWKSFetchFailed(`the response from ${url} has no body`);
    const bytes = new TextEncoder().encode(await response.text());
    if (bytes.length > MAX_JWKS_BYTES) throw tooLarge();
    return bytes;
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) throw new JWKSFetchFailed(`the response body from ${url} is not bytes`);
    total += value.length;
    if (total > MAX_JWKS_BYTES) {
      reader.cancel().catch(() => undefined);
      controller.abort();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** The status and headers of a 2xx or 304 response, or a `JWKSFetchFailed` for anything else. */
function checkStatus(response: Response, request: JWKSRequest): void {
  if (typeof response !== "object" || response === null || typeof response.status !== "number" ||
    typeof response.headers?.get !== "function") {
    throw new JWKSFetchFailed(`fetch did not return a Response for ${request.url}`);
  }
  const { status } = response;
  if (status === 304 && request.etag !== undefined) return;
  if (status >= 200 && status <= 299) return;
  discard(response);
  if (response.type === "opaqueredirect" || (status >= 300 && status <= 399)) {
    throw new JWKSFetchFailed(`the JWK Set at ${request.url} answered with a redirect (HTTP ${status}); redirects are not followed`);
  }
  throw new JWKSFetchFailed(`the JWK Set at ${request.url} answered HTTP ${status}`);
}

/**
 * Fetches the JWK Set once.
 * @throws JWKSTimeout, JWKSFetchFailed, or the caller's fetch error unchanged.
 */
export async function fetchJWKS(request: JWKSRequest): Promise<JWKSResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const timeout = () => new JWKSTimeout(`the JWK Set at ${request.url} did not arrive within ${request.timeoutMs} ms`);
  try {
    const headers = new Headers(request.headers);
    if (request.etag !== undefined) headers.set("if-none-match", request.etag);
    const init: RequestInit = { method: "GET", headers, redirect: "manual", signal: controller.signal };
    let response: Response;
    try {
      response = request.fetch !== undefined ? await request.fetch(request.url, init) : await fetch(request.url, init);
    } catch (cause) {
      if (timedOut) throw timeout();
      if (request.fetch !== undefined) throw cause; // the caller's own callback: unchanged (API.md)
      throw new JWKSFetchFailed(`could not fetch the JWK Set at ${request.url}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    }
    checkStatus(response, request);
    const maxAge = serverMaxAge(response.headers);
    const etag = response.headers.get("etag") ?? undefined;
    if (response.status === 304) {
      discard(response);
      return { modified: false, etag: etag ?? request.etag, maxAge };
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(response, controller, request.url);
    } catch (cause) {
      if (timedOut) throw timeout();
      if (cause instanceof JWKSFetchFailed) throw cause;
      throw new JWKSFetchFailed(`could not read the JWK Set at ${request.url}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (cause) {
      throw new JWKSFetchFailed(`the JWK Set at ${request.url} is not valid UTF-8`, { cause });
    }
    try {
      return { modified: true, body: parseJSONObject(text), etag, maxAge };
    } catch (cause) {
      const reason = cause instanceof JSONError ? cause.message : "unreadable JSON";
      throw new JWKSFetchFailed(`the JWK Set at ${request.url} is not a JSON object: ${reason}`, { cause });
    }
  } finally {
    clearTimeout(timer);
  }
}
