// Owns the time of the last keyboard or mouse activity in the window, for
// auto-lock. Listeners only store a timestamp; they never start timers.

let lastActivity = Date.now();

export function markActive() {
  lastActivity = Date.now();
}

export function trackActivity() {
  for (const type of ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"]) {
    window.addEventListener(type, markActive, { capture: true, passive: true });
  }
}

/** True when nobody touched the window for longer than `minutes` (0 = never). */
export function idleLongerThan(minutes, now = Date.now()) {
  return minutes > 0 && now - lastActivity > minutes * 60_000;
}
