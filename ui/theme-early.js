// Owns the window's colours: light or dark, as the user chose in Settings or,
// for "System", as the desktop prefers (prefers-color-scheme, followed live).
// A classic script in <head>, so it runs before the first paint: the choice
// lives in the encrypted vault, which answers later, so the last choice is
// remembered here (it is no secret) and a dark window never flashes white.
// main.js passes each new choice as the "safekeep:theme" event.
(() => {
  const REMEMBERED = "safekeep.theme";
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  let choice = "system";

  function paint() {
    const dark = choice === "dark" || (choice === "system" && systemDark.matches);
    document.documentElement.dataset.theme = dark ? "dark" : "light";
  }

  function choose(next) {
    choice = next === "light" || next === "dark" ? next : "system";
    try {
      localStorage.setItem(REMEMBERED, choice);
    } catch {
      // No storage: the choice still applies once the vault answers.
    }
    paint();
  }

  try {
    choice = localStorage.getItem(REMEMBERED) || "system";
  } catch {
    choice = "system";
  }
  paint();
  systemDark.addEventListener("change", paint);
  document.addEventListener("safekeep:theme", (event) => choose(event.detail));
})();
