// Boxes over a picture on a canvas: green for a known subject, amber for unknown, with the name on a label.

const KNOWN = "#1f9d55";
const UNKNOWN = "#e08a00";

/**
 * Draws the image (scaled to at most maxWidth) and one box per crop:
 * crops = [{ box: {x, y, width, height}, label, known }].
 */
export function drawBoxes(canvas, image, crops, maxWidth = 900) {
  const width = image.naturalWidth || image.width;
  const height = image.naturalHeight || image.height;
  // Large photos shrink to fit; small crops grow so a person can see them (and read the labels).
  const scale = Math.min(maxWidth / width, Math.max(1, 360 / width));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext("2d");
  g.drawImage(image, 0, 0, canvas.width, canvas.height);
  const line = Math.max(2, Math.round(canvas.width / 250));
  const font = Math.max(12, Math.round(canvas.width / 45));
  g.font = `600 ${font}px system-ui, sans-serif`;
  crops.forEach((crop, i) => {
    if (!crop.box) return;
    const x = crop.box.x * scale;
    const y = crop.box.y * scale;
    const w = crop.box.width * scale;
    const h = crop.box.height * scale;
    const color = crop.known ? KNOWN : UNKNOWN;
    g.lineWidth = line;
    g.strokeStyle = color;
    g.strokeRect(x + line / 2, y + line / 2, Math.max(1, w - line), Math.max(1, h - line));
    const text = `${i + 1} ${crop.label}`;
    const tw = g.measureText(text).width + 10;
    const ty = y > font + 8 ? y - font - 6 : y + line;
    g.fillStyle = color;
    g.fillRect(x, ty, tw, font + 6);
    g.fillStyle = "#fff";
    g.fillText(text, x + 5, ty + font);
  });
}

/** The part of the image inside a box (grown by a margin) as a PNG blob, to report one crop of a many-face picture. */
export function cropToBlob(image, box, margin = 0.25) {
  const width = image.naturalWidth;
  const height = image.naturalHeight;
  const mx = box.width * margin;
  const my = box.height * margin;
  const x = Math.max(0, Math.floor(box.x - mx));
  const y = Math.max(0, Math.floor(box.y - my));
  const w = Math.min(width - x, Math.ceil(box.width + 2 * mx));
  const h = Math.min(height - y, Math.ceil(box.height + 2 * my));
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  canvas.getContext("2d").drawImage(image, x, y, w, h, 0, 0, w, h);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), "image/png"));
}
