// The HTTP API the page uses: the same routes every client calls, with the tenant and API key of the settings.

const store = window.sessionStorage;

/** Base URLs of the APIs ("" = this host, null = not reachable from this page), from /ui/config.json. */
let config = { match: "", ingest: "" };

export const settings = {
  get tenant() { return store.getItem("siamese.tenant") || "default"; },
  set tenant(value) { store.setItem("siamese.tenant", value || "default"); },
  get apiKey() { return store.getItem("siamese.apiKey") || ""; },
  set apiKey(value) { if (value) store.setItem("siamese.apiKey", value); else store.removeItem("siamese.apiKey"); },
};

/** An error a person can read: a title and what was wrong, from problem+json, a gRPC-transcoding error or the network. */
export class ApiError extends Error {
  constructor(title, detail, status) {
    super(`${title}: ${detail}`);
    this.title = title;
    this.detail = detail;
    this.status = status;
  }
}

export async function loadConfig() {
  const response = await fetch("/ui/config.json", { cache: "no-store" });
  config = await response.json();
  return config;
}

export const hasMatch = () => config.match !== null && config.match !== undefined;
export const hasIngest = () => config.ingest !== null && config.ingest !== undefined;

const tenantPath = () => `/v1/tenants/${encodeURIComponent(settings.tenant)}`;

function headers(extra) {
  const h = new Headers(extra || {});
  if (settings.apiKey) h.set("X-Api-Key", settings.apiKey);
  if (settings.tenant) h.set("X-Tenant", settings.tenant);
  return h;
}

function baseOf(api) {
  const base = api === "ingest" ? config.ingest : config.match;
  if (base === null || base === undefined) {
    throw new ApiError("Not available here", `this host does not serve the ${api} API (set Web:${api === "ingest" ? "Ingest" : "Match"}ApiUrl).`, 0);
  }

  return base;
}

export async function call(api, path, init = {}) {
  const base = baseOf(api);
  let response;
  try {
    response = await fetch(base + path, { ...init, headers: headers(init.headers) });
  } catch (e) {
    throw new ApiError("No connection", `the server could not be reached (${e.message}).`, 0);
  }

  if (response.ok) {
    const type = response.headers.get("content-type") || "";
    return type.includes("json") ? response.json() : response;
  }

  throw await errorOf(response);
}

/**
 * POSTs a large body with upload progress, which fetch does not report: onProgress(sent, total) as the body goes out.
 * Aborting the signal stops the upload; the server then stops reading, and stores nothing of a call it never finished.
 * Answers as call() does.
 */
export function upload(api, path, body, { onProgress, signal } = {}) {
  const base = baseOf(api);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", base + path);
    headers().forEach((value, name) => xhr.setRequestHeader(name, value));
    xhr.responseType = "blob";
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress?.(e.loaded, e.total); });
    xhr.addEventListener("load", async () => {
      const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
      const response = new Response(empty ? null : xhr.response,
        { status: xhr.status, statusText: xhr.statusText, headers: { "content-type": xhr.getResponseHeader("content-type") || "" } });
      if (!response.ok) {
        reject(await errorOf(response));
        return;
      }

      const type = response.headers.get("content-type") || "";
      resolve(type.includes("json") ? response.json() : response);
    });
    xhr.addEventListener("error", () => reject(new ApiError("No connection", "the server could not be reached, or closed the connection during the upload.", 0)));
    xhr.addEventListener("abort", () => reject(new ApiError("Cancelled", "the upload was stopped; the server stores nothing of it.", 0)));
    if (signal?.aborted) {
      reject(new ApiError("Cancelled", "the upload was stopped before it began.", 0));
      return;
    }

    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

async function errorOf(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  if (body && (body.detail || body.title)) return new ApiError(body.title || response.statusText, body.detail || "", response.status);
  if (body && body.message) return new ApiError(titleOf(response.status), body.message, response.status);
  if (response.status === 401) return new ApiError("Not signed in", "the server needs an API key: open Settings and enter one.", 401);
  if (response.status === 403) return new ApiError("Not allowed", "this API key may not do that.", 403);
  return new ApiError(titleOf(response.status), `the server answered ${response.status} ${response.statusText}.`, response.status);
}

function titleOf(status) {
  return { 400: "Bad request", 404: "Not found", 413: "Too large", 415: "Not an image", 422: "Nothing found", 429: "Too many requests", 503: "Not ready" }[status] || "Error";
}

function photoForm(fields) {
  const form = new FormData();
  for (const [name, value] of fields) {
    if (value === undefined || value === null || value === "") continue;
    if (value instanceof Blob) form.append(name, value, value.name || "photo.jpg"); else form.append(name, String(value));
  }
  return form;
}

export const api = {
  model: () => call("match", "/v1/model"),
  identify: (image, topK, threshold) =>
    call("match", `${tenantPath()}/identify`, { method: "POST", body: photoForm([["image", image], ["topK", topK], ["threshold", threshold]]) }),
  enrol: (subjectId, displayName, images) =>
    call("match", `${tenantPath()}/subjects/${encodeURIComponent(subjectId)}/examples`,
      { method: "POST", body: photoForm([["displayName", displayName], ...images.map((i) => ["image", i])]) }),
  reportWrongMatch: (subjectId, image) =>
    call("match", `${tenantPath()}/subjects/${encodeURIComponent(subjectId)}/wrong-matches`, { method: "POST", body: photoForm([["image", image]]) }),
  subjects: (pageToken) =>
    call("match", `${tenantPath()}/subjects?pageSize=100${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ""}`),
  deleteSubject: (subjectId) => call("match", `${tenantPath()}/subjects/${encodeURIComponent(subjectId)}`, { method: "DELETE" }),
  calibration: () => call("match", `${tenantPath()}/calibration`),
  /**
   * photos: [label, File] pairs, sent as one file part per photo named by its label (the fields first, so a bad one is
   * refused before the upload); progress: { onProgress(sent, total), signal } (upload()).
   */
  calibrate: (photos, targetFalseAcceptRate, dryRun, progress) => {
    const form = new FormData();
    form.append("targetFalseAcceptRate", String(targetFalseAcceptRate));
    form.append("dryRun", String(dryRun));
    for (const [label, file] of photos) form.append(label, file, file.name);
    return upload("match", `${tenantPath()}/calibration`, form, progress);
  },
  deleteCalibration: () => call("match", `${tenantPath()}/calibration`, { method: "DELETE" }),
  postFrame: (cameraId, image) =>
    call("ingest", `/v1/frames?cameraId=${encodeURIComponent(cameraId)}`, { method: "POST", body: photoForm([["image", image]]) }),
  plot: async (name) => (await call("match", `/v1/model/plots/${name}.png`)).blob(),
  /** The API key's role and tenant (GET /v1/me), or null where the server has no such call (no API keys). */
  me: async () => {
    try {
      return await call("match", "/v1/me");
    } catch (e) {
      if (e.status === 404 || e.status === 405) return null;
      throw e;
    }
  },
};

/**
 * Server-sent events through fetch (EventSource cannot send the API key header). Calls onEvent(type, data)
 * per event until the signal aborts; resolves when the stream ends.
 */
export async function streamEvents(path, signal, onEvent) {
  const response = await fetch((config.ingest ?? "") + path, { headers: headers({ Accept: "text/event-stream" }), signal });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) type = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      const text = data.join("\n");
      onEvent(type, text ? JSON.parse(text) : null);
    }
  }
}
