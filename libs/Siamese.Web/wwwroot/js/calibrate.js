// Calibration: a folder of labelled photos from the tenant's own cameras (one sub-folder per person or item, named by
// its label) → this tenant's threshold for a target false-accept rate. "Try" reports without storing it.
import { api } from "./api.js";
import { $, el, busy, facts, fixed, percent } from "./ui.js";

const imageExtensions = /\.(jpe?g|png|bmp|webp|gif|pgm|ppm|pnm)$/i;
let photos = []; // [label, File]
let outside = 0; // image files not in a sub-folder: no label
let running = null; // the AbortController of the calibration under way

export function initCalibrate(onChanged) {
  const input = $("calibrate-folder");
  // A chosen folder's files are "folder/label/photo.jpg"; one directly in the folder has no label.
  input.addEventListener("change", () => choose([...input.files].map((f) => [f.webkitRelativePath.split("/"), f]), 3));
  const zone = $("calibrate-drop");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    // A dropped folder of label folders gives "folder/label/photo.jpg"; dropped label folders "label/photo.jpg".
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
    busy($("calibrate-try"), async () => {
      const found = await walk(entries);
      const deepest = Math.max(0, ...found.map(([path]) => path.length));
      choose(found, Math.min(deepest, 3));
    });
  });
  $("calibrate-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const button = e.submitter || $("calibrate-try");
    busy(button, () => calibrate(button.value === "store", onChanged));
  });
  $("calibrate-cancel").addEventListener("click", () => running?.abort());
  $("calibrate-reset").addEventListener("click", () => busy($("calibrate-reset"), async () => {
    await api.deleteCalibration();
    facts($("calibrate-result"), [["Threshold", "the model's again"]]);
    await onChanged?.();
  }));
}

// paths: [segments, File]; a photo's label is its folder, for photos `depth` segments deep.
function choose(paths, depth) {
  const images = paths.filter(([path]) => imageExtensions.test(path[path.length - 1]));
  photos = images.filter(([path]) => path.length >= depth && path.length >= 2).map(([path, file]) => [path[path.length - 2], file]);
  outside = images.length - photos.length;
  const labels = [...new Set(photos.map(([label]) => label))];
  const shown = labels.slice(0, 5).join(", ") + (labels.length > 5 ? ", …" : "");
  $("calibrate-state").textContent = photos.length
    ? `${photos.length} photos of ${labels.length} ${labels.length === 1 ? "label" : "labels"} (${shown})` +
      (outside ? `; ${outside} not in a sub-folder, left out` : "") +
      (labels.length < 2 ? " — a calibration needs at least two labels." : ".")
    : "No photos in sub-folders: choose a folder with one sub-folder of photos per person or item.";
  $("calibrate-result").replaceChildren();
}

async function calibrate(store, onChanged) {
  if (!photos.length) throw { title: "No photos", detail: "choose a folder with one sub-folder of photos per person or item." };
  const target = Number($("calibrate-target").value) / 100;
  const state = $("calibrate-state");
  const progress = $("calibrate-progress");
  const cancel = $("calibrate-cancel");
  const size = photos.reduce((n, [, file]) => n + file.size, 0);
  state.textContent = `Sending ${photos.length} photos (${megabytes(size)})…`;
  $("calibrate-result").replaceChildren();
  running = new AbortController();
  const submits = [$("calibrate-try"), $("calibrate-store")];
  for (const b of submits) b.disabled = true; // one calibration at a time
  progress.value = 0;
  progress.hidden = false;
  cancel.hidden = false;
  let reply;
  try {
    // The server embeds the photos as they arrive, so the upload's progress is the calibration's.
    reply = await api.calibrate(photos, target, !store, {
      signal: running.signal,
      onProgress: (sent, total) => {
        progress.value = total ? sent / total : 0;
        state.textContent = sent < total
          ? `Sending ${photos.length} photos: ${megabytes(sent)} of ${megabytes(total)} (${Math.floor((100 * sent) / total)}%), embedded as they arrive…`
          : `${photos.length} photos sent; working out the threshold…`;
      },
    });
  } catch (e) {
    state.textContent = e.title === "Cancelled" ? "Cancelled: nothing was stored." : `${photos.length} photos chosen; the calibration failed.`;
    throw e;
  } finally {
    running = null;
    for (const b of submits) b.disabled = false;
    progress.hidden = true;
    cancel.hidden = true;
  }

  const c = reply.calibration;
  const skipped = reply.skipped || [];
  facts($("calibrate-result"), [
    ["Threshold", `${fixed(c.threshold)} — ${reply.stored ? "stored: identify and verify of this tenant use it" : "a try, not stored"}`],
    ["Achieved", `${percent(c.falseAcceptRate, 2)} false accepts (target ${percent(c.targetFalseAcceptRate, 2)}), ${percent(c.trueAcceptRate)} true accepts`],
    ["Rests on", `${c.genuinePairs} genuine and ${c.impostorPairs} impostor pairs (${c.samples} photos, ${c.labels} labels)`],
    ...(skipped.length ? [["Left out", `${skipped.length}: ${skipped.slice(0, 3).join("; ")}${skipped.length > 3 ? "; …" : ""}`]] : []),
    ...(c.notes || []).map((n) => ["Note", n]),
  ]);
  $("calibrate-state").textContent = `${photos.length} photos sent.`;
  if (reply.stored) await onChanged?.();
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

// The image files under dropped entries, each with its path segments from the dropped entry on.
async function walk(entries) {
  const found = [];
  const visit = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      found.push([entry.fullPath.replace(/^\//, "").split("/"), file]);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await visit(child);
      }
    }
  };
  for (const entry of entries) await visit(entry);
  return found;
}
