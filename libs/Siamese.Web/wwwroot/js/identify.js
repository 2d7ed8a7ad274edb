// Identify: a photo (file, drop or webcam snapshot) → the crops found drawn on it, each with its nearest
// subjects, distances, the threshold and the decision; "Not this person" reports a wrong match.
import { api } from "./api.js";
import { $, el, busy, dropZone, fixed, loadImage, showInfo, showError } from "./ui.js";
import { drawBoxes, cropToBlob } from "./draw.js";

let photo = null;
let stream = null;

export function initIdentify() {
  dropZone($("identify-drop"), $("identify-file"), (files) => files.length && choose(files[0]));
  $("identify-camera").addEventListener("click", toggleWebcam);
  $("identify-snap").addEventListener("click", snapshot);
  $("identify-form").addEventListener("submit", (e) => {
    e.preventDefault();
    busy($("identify-submit"), identify);
  });
}

function choose(file) {
  photo = file;
  const zone = $("identify-drop");
  zone.classList.add("has-file");
  zone.querySelector(".preview")?.remove();
  zone.prepend(el("img", { className: "preview", src: URL.createObjectURL(file), alt: "" }));
  zone.querySelector(".drop-text").replaceChildren(el("strong", {}, file.name || "snapshot"), ` — ${Math.round(file.size / 1024)} KB, press to change`);
  $("identify-submit").disabled = false;
}

async function toggleWebcam() {
  const box = $("identify-webcam");
  if (stream) {
    stream.getTracks().forEach((t) => t.stop());
    stream = null;
    box.hidden = true;
    $("identify-camera").textContent = "Use webcam";
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: true });
  } catch (e) {
    showError({ title: "No webcam", detail: `the browser gave no camera (${e.message}); choose a file instead.` });
    return;
  }
  $("identify-video").srcObject = stream;
  box.hidden = false;
  $("identify-camera").textContent = "Stop webcam";
}

function snapshot() {
  const video = $("identify-video");
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0);
  canvas.toBlob((blob) => {
    blob.name = "snapshot.jpg";
    choose(blob);
  }, "image/jpeg", 0.92);
}

async function identify() {
  if (!photo) return;
  const threshold = $("identify-threshold").value;
  const answer = await api.identify(photo, $("identify-topk").value, threshold);
  await show(photo, answer);
}

async function show(image, answer) {
  const picture = await loadImage(image);
  const results = answer.results || [];
  drawBoxes($("identify-canvas"), picture, results.map((r) => ({
    box: r.box,
    known: r.decision === "DECISION_KNOWN",
    label: r.decision === "DECISION_KNOWN" ? r.displayName || r.subjectId : "unknown",
  })));
  $("identify-figure").hidden = false;
  $("identify-empty").hidden = true;
  const source = { model: "the model's calibrated threshold", tenant: "this tenant's calibrated threshold", request: "your override" }[answer.thresholdSource] || "";
  $("identify-threshold-line").textContent =
    `${results.length} ${results.length === 1 ? "crop" : "crops"} · threshold ${fixed(answer.threshold)} (${source}) · model ${answer.modelId}`;
  const list = $("identify-results");
  list.replaceChildren(...results.map((r, i) => cropCard(r, i, answer.threshold, picture, results.length)));
  if (results.length === 0) {
    list.replaceChildren(el("li", { className: "empty" }, "Nothing was found in this picture."));
  }
}

function cropCard(result, index, threshold, picture, count) {
  const known = result.decision === "DECISION_KNOWN";
  const nearest = result.candidates[0];
  const name = known ? result.displayName || result.subjectId : "Unknown";
  const why = known
    ? `distance ${fixed(result.candidates.find((c) => c.subjectId === result.subjectId)?.distance)} ≤ ${fixed(threshold)}`
    : nearest
      ? nearest.refused
        ? `${nearest.displayName || nearest.subjectId} refused: nearer to a reported wrong match`
        : `nearest ${nearest.displayName || nearest.subjectId} at ${fixed(nearest.distance)} > ${fixed(threshold)}`
      : "the gallery is empty";
  const card = el("li", { className: `crop ${known ? "known" : "unknown"}`, dataset: { decision: known ? "known" : "unknown", subject: result.subjectId || "" } },
    el("header", {},
      el("span", { className: "who" }, `${index + 1}. ${name}`),
      el("span", { className: `badge ${known ? "known" : "unknown"}` }, known ? "known" : "unknown"),
      el("span", { className: "meta" }, why),
      known ? el("span", { className: "actions" }, reportButton(result, picture, count)) : null),
    candidateTable(result.candidates, threshold));
  return card;
}

function reportButton(result, picture, count) {
  const button = el("button", { type: "button", className: "danger small" }, "Not this person");
  button.title = `Report that this is not ${result.displayName || result.subjectId}: it becomes a negative example of that subject`;
  button.addEventListener("click", () => busy(button, async () => {
    // One crop in the picture: the picture itself; several: this crop (the server finds it again inside).
    const probe = count === 1 || !result.box ? photo : await cropToBlob(picture, result.box);
    const reply = await api.reportWrongMatch(result.subjectId, probe);
    showInfo("Reported.", `${result.displayName || result.subjectId} now has ${reply.negativeCount} wrong-match ${reply.negativeCount === 1 ? "report" : "reports"}; identifying again…`);
    await identify();
  }));
  return button;
}

function candidateTable(candidates, threshold) {
  if (!candidates.length) return el("p", { className: "meta" }, "No enrolled subject.");
  const max = Math.max(threshold * 1.6, ...candidates.map((c) => c.distance));
  return el("table", { className: "candidates" },
    el("caption", { className: "visually-hidden" }, "Nearest subjects"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Subject"), el("th", { scope: "col", className: "num" }, "Distance"), el("th", { scope: "col" }, "vs threshold"))),
    el("tbody", {}, candidates.map((c) => el("tr", { dataset: { subject: c.subjectId } },
      el("td", {}, c.displayName && c.displayName !== c.subjectId ? `${c.displayName} (${c.subjectId})` : c.subjectId,
        c.refused ? el("span", { className: "badge refused" }, " refused") : null),
      el("td", { className: "num" }, fixed(c.distance)),
      el("td", {}, bar(c.distance, threshold, max, c.refused))))));
}

function bar(distance, threshold, max, refused) {
  const b = el("div", { className: `bar${refused ? " refused" : ""}`, role: "img", "aria-label": `distance ${fixed(distance)}, threshold ${fixed(threshold)}` },
    el("span"), el("i"));
  b.firstChild.style.width = `${Math.min(100, (100 * distance) / max)}%`;
  b.lastChild.style.left = `${Math.min(100, (100 * threshold) / max)}%`;
  return b;
}
