// Tiny element builder used by every view: creates HTML and SVG elements from
// plain data, so no view ever assembles markup as a string. User data always
// ends up in text nodes (textContent), never parsed as HTML; an SVG from Rust
// (a QR code) only ever as an <img> source.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Properties set as DOM properties rather than attributes. */
const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "selected", "indeterminate"]);

function applyProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "style") throw new Error("inline styles are not allowed (CSP): use a class or style.setProperty");
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "test") el.dataset.test = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

function appendChildren(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** h("button", {class: "primary", test: "unlock", onclick}, "Unlock") */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  appendChildren(el, children);
  return el;
}

/** Same as h, for SVG elements. */
export function svg(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyProps(el, props);
  appendChildren(el, children);
  return el;
}

/** A unique id for aria-labelledby / aria-describedby / label[for]. */
let idCounter = 0;
export function uid(prefix = "sk") {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** An SVG text as a data: URI for an <img>, which our CSP allows (inline SVG markup is never inserted). */
export function svgToDataUri(svgText) {
  const bytes = new TextEncoder().encode(svgText);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Whether keyboard focus is in a text field, where single-key shortcuts must not fire. */
export function isEditable(el) {
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  if (el.tagName !== "INPUT") return false;
  return !["button", "checkbox", "radio", "submit", "reset", "file", "range", "color"].includes(el.type);
}

/** First focusable element inside `root` (for moving focus into panels). */
export function firstFocusable(root) {
  return root.querySelector(
    "[autofocus], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex='0']",
  );
}
