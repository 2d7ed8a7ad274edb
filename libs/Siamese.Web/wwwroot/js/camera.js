// Camera: a camera's results from the ingest event stream, with boxes over the frames sent from this page.
import { api, streamEvents } from "./api.js";
import { $, el, busy, dropZone, fixed, loadImage, showError } from "./ui.js";
import { drawBoxes } from "./draw.js";

let watching = null;
const sent = new Map(); // frame id → the image sent from this page
let posting = Promise.resolve(); // this page's frame posts in flight: a result can arrive before its POST's answer

export function initCamera() {
  $("camera-form").addEventListener("submit", (e) => {
    e.preventDefault();
    watch();
  });
  $("camera-stop").addEventListener("click", stop);
  dropZone($("camera-drop"), $("camera-file"), (files) => files.length && send(files[0]));
}

function watch() {
  stop();
  const camera = $("camera-id").value.trim();
  if (!camera) return;
  const controller = new AbortController();
  watching = controller;
  $("camera-state").textContent = `connecting to ${camera}…`;
  $("camera-stop").disabled = false;
  streamEvents(`/v1/cameras/${encodeURIComponent(camera)}/results`, controller.signal, (type, data) => {
    if (type === "subscribed") $("camera-state").textContent = `watching ${camera}`;
    if (type === "frame") show(data).catch(showError);
  }).catch((e) => {
    if (controller.signal.aborted) return;
    showError(e);
    $("camera-state").textContent = "stopped";
  });
}

function stop() {
  watching?.abort();
  watching = null;
  $("camera-state").textContent = "not watching";
  $("camera-stop").disabled = true;
}

async function send(file) {
  if (!watching) watch();
  await busy($("camera-watch"), async () => {
    const post = api.postFrame($("camera-id").value.trim(), file).then((accepted) => { sent.set(accepted.frameId, file); });
    posting = Promise.allSettled([posting, post]);
    await post;
  });
}

async function show(frame) {
  // A frame sent from here may be identified before its POST answered with its id: wait for the posts in flight, so
  // that it is drawn with its boxes rather than listed as another camera's.
  if (!sent.has(frame.frameId)) await posting;
  $("camera-empty").hidden = true;
  const crops = frame.crops || [];
  const failed = frame.status === "Failed";
  const lines = [];
  if (failed) lines.push(el("p", { className: "reason" }, `Failed: ${frame.reason}`));
  else if (!crops.length) lines.push(el("p", { className: "reason" }, frame.reason ? `No crops: ${frame.reason}` : "No crops."));
  for (const c of crops) {
    const name = c.displayName || c.subject;
    lines.push(el("div", { dataset: { subject: c.subject || "" } }, el("span", { className: `badge ${c.known ? "known" : "unknown"}` }, c.known ? "known" : "unknown"), " ",
      c.known ? el("strong", {}, name) : c.subject ? `nearest ${name}` : "no subject",
      c.distance !== null && c.distance !== undefined ? ` · distance ${fixed(c.distance)}` : ""));
  }
  for (const r of frame.rejected || []) lines.push(el("div", { className: "meta" }, `rejected: ${r.reason}`));
  const item = el("li", { className: `frame${failed ? " failed" : ""}`, dataset: { frame: frame.frameId } },
    el("div", { className: "meta" }, `${new Date(frame.receivedAt).toLocaleTimeString()} · frame ${frame.frameId.slice(0, 8)} · ${crops.length} ${crops.length === 1 ? "crop" : "crops"}`),
    ...lines);
  const image = sent.get(frame.frameId);
  if (image) {
    const canvas = el("canvas", { role: "img", "aria-label": "The frame with its crops" });
    drawBoxes(canvas, await loadImage(image), crops.map((c) => ({ box: c.box, known: c.known, label: c.known ? c.displayName || c.subject : "unknown" })), 640);
    item.append(canvas);
    sent.delete(frame.frameId);
  }
  $("camera-frames").prepend(item);
  while ($("camera-frames").children.length > 30) $("camera-frames").lastElementChild.remove();
}
