// Owns telling Rust that the user is here, for auto-lock. The idle timer and
// the lock itself live in Rust (they must work while the window is hidden,
// when the page's timers stop); the page only reports keyboard and pointer
// input, at most once per REPORT_EVERY_MS: the first input after a quiet spell
// is reported at once, the rest of the spell is covered by it. Listeners only
// compare a timestamp; they never start timers.

import * as api from "./api.js";

const REPORT_EVERY_MS = 5_000;
let lastReport = 0;

function report() {
  const now = Date.now();
  if (now - lastReport < REPORT_EVERY_MS) return;
  lastReport = now;
  api.noteActivity().catch(() => {});
}

export function reportActivity() {
  for (const type of ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"]) {
    window.addEventListener(type, report, { capture: true, passive: true });
  }
}
