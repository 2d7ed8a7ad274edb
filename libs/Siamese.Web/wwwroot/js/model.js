// Model: what the server runs (metadata, evaluation figures, training data), the tenant's threshold, the trainer's plots.
import { api } from "./api.js";
import { $, el, facts, fixed, percent } from "./ui.js";

export async function refreshModel(info) {
  const m = info.model;
  facts($("model-facts"), [
    ["Model", m.modelId],
    ["Input", `${m.inputWidth} × ${m.inputHeight} pixels${m.crop ? `, cut by ${m.crop}` : ""}`],
    ["Embedding", `${m.embeddingDimension} values, ${m.distance || "euclidean"} distance`],
    ["Threshold", `${fixed(m.threshold)} (calibrated for ${percent(m.thresholdFalseAcceptRate, 2)} false accepts)`],
    ["Runs on", m.executionProvider + (m.executionProviderNote ? ` — ${m.executionProviderNote}` : "")],
    ["Index", info.index],
  ]);
  facts($("model-evaluation"), flatten(m.evaluation));
  facts($("model-training"), flatten(m.trainingData));
  try {
    const c = await api.calibration();
    facts($("model-calibration"), c.source === "tenant"
      ? [["Threshold", `${fixed(c.threshold)} (this tenant's calibration)`],
        ["Target false accepts", percent(c.targetFalseAcceptRate, 2)],
        ["Achieved", `${percent(c.falseAcceptRate, 2)} false accepts, ${percent(c.trueAcceptRate)} true accepts`],
        ["Rests on", `${c.genuinePairs} genuine and ${c.impostorPairs} impostor pairs (${c.samples} images, ${c.labels} labels)`],
        ["Calibrated", c.calibratedAt], ...(c.notes || []).map((n) => ["Note", n])]
      : [["Threshold", `${fixed(c.threshold)} (the model's)`], ["How to change", "calibrate on photos from your own cameras: below, or siamese calibrate <folder-per-label>"]]);
  } catch (e) {
    facts($("model-calibration"), [["Threshold", "unknown"], ["Why", e.detail || e.message]]);
  }
  $("model-plots").replaceChildren(...["loss", "roc", "distances"].map(plot));
}

function plot(name) {
  const caption = { loss: "Training loss", roc: "ROC on test identities", distances: "Genuine and impostor distances" }[name];
  const figure = el("figure", {}, el("p", { className: "meta" }, `${caption}: loading…`));
  // Fetched (not an <img src>) so the API key header goes with it.
  api.plot(name)
    .then((blob) => figure.replaceChildren(el("img", { src: URL.createObjectURL(blob), alt: caption }), el("figcaption", {}, caption)))
    .catch((e) => figure.replaceChildren(el("p", { className: "meta" }, `${caption}: ${e.detail || e.message}`)));
  return figure;
}

/** A summary object as label/value rows: nested objects become "a · b" labels, arrays are counted or joined. */
function flatten(value, prefix = "") {
  if (value === null || value === undefined || value === "") return [];
  if (typeof value !== "object") return [[prefix || "value", String(value)]];
  const rows = [];
  for (const [key, v] of Object.entries(value)) {
    const label = (prefix ? `${prefix} · ` : "") + key.replaceAll("_", " ");
    if (Array.isArray(v)) rows.push([label, v.length > 6 ? `${v.length} entries` : v.map(scalar).join(" – ")]);
    else if (v && typeof v === "object") rows.push(...flatten(v, label));
    else rows.push([label, scalar(v)]);
  }
  return rows.slice(0, 40);
}

function scalar(x) {
  if (typeof x === "number") return Number.isInteger(x) ? String(x) : fixed(x, 4);
  return typeof x === "object" ? JSON.stringify(x) : String(x);
}
