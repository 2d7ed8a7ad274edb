// Small helpers shared by the tabs: element creation, the alert line, drop zones, number formatting.

export const $ = (id) => document.getElementById(id);

/** Creates an element: el("td", { className: "num" }, "0.42"). Text children are text nodes, never HTML. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("aria-") || key === "role" || key === "for") node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function showError(error) {
  const box = $("alert");
  box.classList.remove("info");
  $("alert-title").textContent = error.title || "Error";
  $("alert-detail").textContent = error.detail || error.message || String(error);
  box.hidden = false;
}

export function showInfo(title, detail) {
  const box = $("alert");
  box.classList.add("info");
  $("alert-title").textContent = title;
  $("alert-detail").textContent = detail;
  box.hidden = false;
}

export function clearAlert() { $("alert").hidden = true; }

/** Runs an action with its button disabled; errors go to the alert line. */
export async function busy(button, action) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  clearAlert();
  try {
    return await action();
  } catch (e) {
    showError(e);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = label;
  }
}

/** Makes a label.drop (around a file input) accept dragged files; onFiles gets the image files. */
export function dropZone(zone, input, onFiles) {
  const images = (list) => [...list].filter((f) => f.type.startsWith("image/") || f.type === "");
  input.addEventListener("change", () => onFiles(images(input.files)));
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    onFiles(images(e.dataTransfer.files));
  });
}

/** Fills a <dl> with label/value rows. */
export function facts(list, rows) {
  list.replaceChildren(...(rows.length ? rows : [["—", "not recorded in the model"]]).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v ?? "—")]));
}

export const fixed = (x, digits = 3) => (x === undefined || x === null || Number.isNaN(x) ? "—" : Number(x).toFixed(digits));
export const percent = (x, digits = 1) => (x === undefined || x === null ? "—" : `${(100 * x).toFixed(digits)}%`);

/** Loads a Blob as an image element (for drawing). */
export function loadImage(blob) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("the browser cannot show this picture"));
    image.src = URL.createObjectURL(blob);
  });
}
