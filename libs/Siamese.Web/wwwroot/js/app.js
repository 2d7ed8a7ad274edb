// The page: tabs, settings (tenant and API key), the model badge; each tab lives in its own module.
import { api, loadConfig, settings, hasMatch, hasIngest } from "./api.js";
import { $, clearAlert, showError, showInfo } from "./ui.js";
import { initIdentify } from "./identify.js";
import { initEnrol } from "./enrol.js";
import { initGallery, refreshGallery } from "./gallery.js";
import { initCamera } from "./camera.js";
import { refreshModel } from "./model.js";
import { initCalibrate } from "./calibrate.js";

const tabs = [...document.querySelectorAll("[role=tab]")];
let model = null;

function select(tab, focus = true) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (focus) tab.focus();
  clearAlert();
  const name = tab.id.slice(4);
  history.replaceState(null, "", `#${name}`);
  needs(name);
  if (name === "gallery" && hasMatch()) refreshGallery().catch(showError);
  if (name === "model" && model) refreshModel(model).catch(showError);
}

/** Says so when this host cannot serve a tab's API. */
function needs(name) {
  if (["identify", "enrol", "gallery", "model"].includes(name) && !hasMatch()) {
    showInfo("Match API not reachable from this host.", "Identify, Enrol, Gallery and Model need it: open the page on the match or standalone host, or set Web:MatchApiUrl.");
  }
  if (name === "camera" && !hasIngest()) {
    showInfo("Ingest API not reachable from this host.", "The camera view needs it: open the page on the ingest or standalone host, or set Web:IngestApiUrl.");
  }
}

for (const tab of tabs) {
  tab.addEventListener("click", () => select(tab));
  tab.addEventListener("keydown", (e) => {
    const i = tabs.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(tabs[(next + tabs.length) % tabs.length]);
  });
}

$("alert-close").addEventListener("click", clearAlert);
$("settings-open").addEventListener("click", () => {
  $("settings-tenant").value = settings.tenant;
  $("settings-key").value = settings.apiKey;
  $("settings").showModal();
});
$("settings").addEventListener("close", () => {
  if ($("settings").returnValue !== "save") return;
  settings.tenant = $("settings-tenant").value.trim();
  settings.apiKey = $("settings-key").value.trim();
  connect();
});

async function connect() {
  const badge = $("model-badge");
  badge.classList.remove("bad");
  if (!hasMatch()) {
    badge.textContent = `tenant ${settings.tenant} · no match API here`;
    return;
  }
  try {
    // A tenant's key decides the tenant: the page uses the key's own instead of the one typed in Settings.
    const me = await api.me();
    if (me?.tenant) settings.tenant = me.tenant;
    model = await api.model();
    badge.textContent = `tenant ${settings.tenant} · ${model.model.modelId} · threshold ${model.model.threshold.toFixed(3)}`;
  } catch (e) {
    badge.classList.add("bad");
    badge.textContent = e.title || "not connected";
    showError(e);
  }
}

initIdentify();
initEnrol();
initGallery();
initCamera();
initCalibrate(() => (model ? refreshModel(model) : undefined));
loadConfig().then(async () => {
  await connect();
  const start = tabs.find((t) => `#${t.id.slice(4)}` === location.hash) || tabs[0];
  select(start, false);
  document.body.dataset.ready = "true";
}).catch(showError);
