// Enrol: a name and one or more photos → a subject (or more examples of an existing one).
import { api } from "./api.js";
import { $, el, busy, dropZone } from "./ui.js";

let photos = [];

export function initEnrol(onEnrolled) {
  dropZone($("enrol-drop"), $("enrol-files"), (files) => {
    photos = files;
    $("enrol-thumbs").replaceChildren(...files.map((f) => el("li", {}, el("img", { src: URL.createObjectURL(f), alt: f.name }))));
    $("enrol-drop").querySelector(".drop-text").replaceChildren(
      el("strong", {}, `${files.length} ${files.length === 1 ? "photo" : "photos"}`), " chosen — press or drop to change");
  });
  $("enrol-form").addEventListener("submit", (e) => {
    e.preventDefault();
    busy($("enrol-submit"), () => enrol(onEnrolled));
  });
}

async function enrol(onEnrolled) {
  const name = $("enrol-name").value.trim();
  const subjectId = $("enrol-id").value.trim() || name;
  if (!name) throw { title: "Name missing", detail: "type the person's or item's name." };
  if (!photos.length) throw { title: "No photo", detail: "choose or drop at least one photo." };
  const reply = await api.enrol(subjectId, name, photos);
  $("enrol-empty").hidden = true;
  $("enrol-log").prepend(el("li", { dataset: { subject: subjectId } },
    el("img", { src: URL.createObjectURL(photos[0]), alt: "" }),
    el("span", {}, el("strong", {}, name), ` (${subjectId}) — ${addedText(reply)}, ${reply.exampleCount} in all`)));
  photos = [];
  $("enrol-form").reset();
  $("enrol-thumbs").replaceChildren();
  $("enrol-drop").querySelector(".drop-text").replaceChildren(el("strong", {}, "Drop photos here"), " or press to choose files");
  $("enrol-name").focus();
  onEnrolled?.();
}

// A photo enrolled before keeps its one example (the service answers how many were new): say so rather than "added".
function addedText(reply) {
  const photos = new Set(reply.exampleIds).size;
  const added = reply.addedCount ?? photos;
  const before = photos - added;
  return before > 0 ? `${added} added (${before} enrolled before, kept once)` : `${added} added`;
}
