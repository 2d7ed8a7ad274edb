// Gallery: the tenant's subjects with their example and wrong-match counts; delete a subject.
import { api, settings } from "./api.js";
import { $, el, busy, showInfo, showError } from "./ui.js";

let next = "";
let shown = 0;

export function initGallery() {
  $("gallery-refresh").addEventListener("click", () => busy($("gallery-refresh"), refreshGallery));
  $("gallery-more").addEventListener("click", () => busy($("gallery-more"), () => load(next)));
}

export async function refreshGallery() {
  $("gallery-rows").replaceChildren();
  shown = 0;
  await load("");
}

async function load(token) {
  let page;
  try {
    page = await api.subjects(token);
  } catch (e) {
    if (e.status === 404) {
      $("gallery-summary").textContent = `Tenant "${settings.tenant}" has no enrolled subjects yet: enrol one on the Enrol tab.`;
      $("gallery-more").hidden = true;
      return;
    }
    throw e;
  }
  const subjects = page.subjects || [];
  shown += subjects.length;
  $("gallery-rows").append(...subjects.map(row));
  next = page.nextPageToken || "";
  $("gallery-more").hidden = !next;
  $("gallery-summary").textContent = `${shown} ${shown === 1 ? "subject" : "subjects"} in tenant "${settings.tenant}"${next ? " so far" : ""}.`;
}

function row(s) {
  const remove = el("button", { type: "button", className: "danger small" }, "Delete");
  remove.setAttribute("aria-label", `Delete ${s.displayName || s.subjectId}`);
  remove.addEventListener("click", () => {
    if (!window.confirm(`Delete ${s.displayName || s.subjectId} and all ${s.exampleCount} examples?`)) return;
    busy(remove, async () => {
      const reply = await api.deleteSubject(s.subjectId);
      showInfo("Deleted.", `${s.displayName || s.subjectId}: ${reply.removedExamples} examples removed.`);
      await refreshGallery().catch(showError);
    });
  });
  return el("tr", { dataset: { subject: s.subjectId } },
    el("td", {}, el("code", {}, s.subjectId)),
    el("td", {}, s.displayName),
    el("td", { className: "num" }, s.exampleCount),
    el("td", { className: "num" }, s.negativeCount || 0),
    el("td", { className: "num" }, remove));
}
