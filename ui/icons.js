// Owns the app's line icons: small inline SVGs built from static path data
// (24-px grid, stroke = currentColor). Nothing is fetched from anywhere.

import { svg } from "./dom.js";

const PATHS = {
  plus: ["M12 5v14", "M5 12h14"],
  lock: ["M7 11V7a5 5 0 0 1 10 0v4", { rect: { x: 4, y: 11, width: 16, height: 10, rx: 2 } }],
  settings: [
    "M12.22 2h-.44a2 2 0 0 0-2 2v.18a2 2 0 0 1-1 1.73l-.43.25a2 2 0 0 1-2 0l-.15-.08a2 2 0 0 0-2.73.73l-.22.38a2 2 0 0 0 .73 2.73l.15.1a2 2 0 0 1 1 1.72v.51a2 2 0 0 1-1 1.74l-.15.09a2 2 0 0 0-.73 2.73l.22.38a2 2 0 0 0 2.73.73l.15-.08a2 2 0 0 1 2 0l.43.25a2 2 0 0 1 1 1.73V20a2 2 0 0 0 2 2h.44a2 2 0 0 0 2-2v-.18a2 2 0 0 1 1-1.73l.43-.25a2 2 0 0 1 2 0l.15.08a2 2 0 0 0 2.73-.73l.22-.39a2 2 0 0 0-.73-2.73l-.15-.08a2 2 0 0 1-1-1.74v-.5a2 2 0 0 1 1-1.74l.15-.09a2 2 0 0 0 .73-2.73l-.22-.38a2 2 0 0 0-2.73-.73l-.15.08a2 2 0 0 1-2 0l-.43-.25a2 2 0 0 1-1-1.73V4a2 2 0 0 0-2-2z",
    { circle: { cx: 12, cy: 12, r: 3 } },
  ],
  search: [{ circle: { cx: 11, cy: 11, r: 7 } }, "m20 20-3.5-3.5"],
  close: ["M18 6 6 18", "m6 6 12 12"],
  back: ["m12 19-7-7 7-7", "M19 12H5"],
  more: [
    { circle: { cx: 5, cy: 12, r: 1.4, fill: "currentColor" } },
    { circle: { cx: 12, cy: 12, r: 1.4, fill: "currentColor" } },
    { circle: { cx: 19, cy: 12, r: 1.4, fill: "currentColor" } },
  ],
  copy: [
    { rect: { x: 8, y: 8, width: 13, height: 13, rx: 2 } },
    "M4 16c-1.1 0-2-.9-2-2V4c0-1.1.9-2 2-2h10c1.1 0 2 .9 2 2",
  ],
  eye: ["M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z", { circle: { cx: 12, cy: 12, r: 3 } }],
  eyeOff: [
    "M9.9 4.24A9 9 0 0 1 12 4c6.5 0 10 8 10 8a17 17 0 0 1-2.16 3.19",
    "M14.12 14.12a3 3 0 1 1-4.24-4.24",
    "M17.48 17.49A9.74 9.74 0 0 1 12 20c-6.5 0-10-8-10-8a17.6 17.6 0 0 1 4.52-5.49",
    "m2 2 20 20",
  ],
  key: [{ circle: { cx: 7.5, cy: 15.5, r: 4.5 } }, "m21 2-9.6 9.6", "m15.5 7.5 3 3L22 7l-3-3"],
  shield: ["M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z", "m9 12 2 2 4-4"],
  chevronRight: ["m9 18 6-6-6-6"],
  chevronDown: ["m6 9 6 6 6-6"],
  warning: [
    "m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3Z",
    "M12 9v4",
    "M12 17h.01",
  ],
  info: [{ circle: { cx: 12, cy: 12, r: 10 } }, "M12 16v-4", "M12 8h.01"],
  trash: ["M3 6h18", "M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6", "M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2"],
  check: ["M20 6 9 17l-5-5"],
  image: [
    { rect: { x: 3, y: 3, width: 18, height: 18, rx: 2 } },
    { circle: { cx: 9, cy: 9, r: 2 } },
    "m21 15-3.09-3.09a2 2 0 0 0-2.82 0L6 21",
  ],
  file: ["M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z", "M14 2v6h6"],
  link: [
    "M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71",
    "M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71",
  ],
  pencil: ["M17 3a2.85 2.83 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5Z"],
  next: ["M21 12a9 9 0 1 1-3-6.7L21 8", "M21 3v5h-5"],
  qr: [
    { rect: { x: 3, y: 3, width: 7, height: 7, rx: 1 } },
    { rect: { x: 14, y: 3, width: 7, height: 7, rx: 1 } },
    { rect: { x: 3, y: 14, width: 7, height: 7, rx: 1 } },
    "M14 14h3v3h-3z",
    "M20 14v.01",
    "M14 20h.01",
    "M17 20h4v-3",
  ],
  folder: ["M4 20h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-7.9a2 2 0 0 1-1.7-.9l-.8-1.2A2 2 0 0 0 7.9 3H4a2 2 0 0 0-2 2v13a2 2 0 0 0 2 2Z"],
  computer: [{ rect: { x: 3, y: 4, width: 18, height: 12, rx: 2 } }, "M2 20h20"],
  phone: [{ rect: { x: 6, y: 2, width: 12, height: 20, rx: 2 } }, "M11 18h2"],
  pin: ["M12 17v5", "M5 17h14v-1.76a2 2 0 0 0-1.11-1.79l-1.78-.9A2 2 0 0 1 15 10.76V6h1a2 2 0 0 0 0-4H8a2 2 0 0 0 0 4h1v4.76a2 2 0 0 1-1.11 1.79l-1.78.9A2 2 0 0 0 5 15.24Z"],
};

/** An icon as an <svg> element; decorative (aria-hidden) unless a label is given. */
export function icon(name, { label, className } = {}) {
  const parts = PATHS[name];
  if (!parts) throw new Error(`unknown icon ${name}`);
  const props = {
    class: ["icon", `icon-${name}`, className].filter(Boolean).join(" "),
    viewBox: "0 0 24 24",
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
    focusable: "false",
  };
  if (label) {
    props.role = "img";
    props["aria-label"] = label;
  } else {
    props["aria-hidden"] = "true";
  }
  return svg(
    "svg",
    props,
    parts.map((part) => {
      if (typeof part === "string") return svg("path", { d: part });
      const [tag, attrs] = Object.entries(part)[0];
      return svg(tag, attrs);
    }),
  );
}
