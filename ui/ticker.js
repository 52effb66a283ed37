// Owns the app's only repeating timer: one setTimeout chain aligned to whole
// seconds that calls onTick(nowMs). It runs only while started and the window
// is visible; nothing ticks while the window is hidden or the vault is locked.

export function createTicker(onTick) {
  let timer = null;
  let wanted = false;

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (!wanted || document.hidden) return;
    // Wake just after the next whole second, so the ring steps with the clock.
    const delay = 1000 - (Date.now() % 1000) + 15;
    timer = setTimeout(run, delay);
  }

  function run() {
    timer = null;
    if (!wanted || document.hidden) return;
    onTick(Date.now());
    schedule();
  }

  return {
    /** Starts (or keeps) ticking; draws one frame at once. */
    start() {
      wanted = true;
      if (timer === null && !document.hidden) {
        onTick(Date.now());
        schedule();
      }
    },
    stop() {
      wanted = false;
      clearTimeout(timer);
      timer = null;
    },
    /** Call on visibilitychange: pauses while hidden, resumes when visible. */
    visibilityChanged() {
      if (document.hidden) {
        clearTimeout(timer);
        timer = null;
      } else if (wanted && timer === null) {
        onTick(Date.now());
        schedule();
      }
    },
    get running() {
      return timer !== null;
    },
  };
}
