// Small node:http helpers shared by the reference services: listen on 127.0.0.1 (an ephemeral port unless one is
// given), read a bounded JSON body, answer JSON. Nothing here is keycard; it keeps the services short.

/** Listens on 127.0.0.1 and resolves to the server's base URL, such as http://127.0.0.1:43121. */
export function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

/** Closes a server and the keep-alive connections clients left open. */
export function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The request body as JSON (at most 16 KiB); `undefined` when it is empty or not JSON. */
export async function readJSON(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) return undefined;
    chunks.push(chunk);
  }
  try {
    return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Answers with a JSON body (or no body for 204). */
export function sendJSON(res, status, body, headers = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text === "" ? {} : { "content-type": "application/json" }), "content-length": Buffer.byteLength(text) });
  res.end(text);
}
