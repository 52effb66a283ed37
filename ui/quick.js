// The quick pick's page (quick.html): a search over the accounts, typed into
// at once; ↑/↓ choose among the matches, Enter takes the chosen one (Rust
// copies its code or uses its next backup token, then hides the window),
// Shift+Enter types it into the window that had the keyboard before,
// Escape hides it. When Safekeep is locked it unlocks first: one click with
// the keychain, or the password. It shows names only: the code goes to the
// clipboard without passing through this page.

import * as api from "./api.js";
import { h, uid } from "./dom.js";
import { loadLanguage, t, errorText } from "./i18n.js";

const root = document.getElementById("quick");
let matches = [];
let chosen = 0;
let searchSerial = 0;
/** Empties the shown search (set while the search is on screen). */
let resetSearch = () => {};
/** Whether the search is on screen (not the unlock form). */
let searching = false;

function doesText(match) {
  if (match.action === "copy-code") return t("quick.copyCode");
  if (match.action === "use-token") return t("quick.useToken", { count: match.left });
  return t("quick.open");
}

function renderSearch() {
  const listId = uid("quick-matches");
  const input = h("input", {
    type: "search",
    class: "input quick-search",
    test: "quick-search",
    placeholder: t("quick.search"),
    "aria-label": t("quick.search"),
    role: "combobox",
    "aria-expanded": "true",
    "aria-controls": listId,
    autocomplete: "off",
    spellcheck: "false",
  });
  const list = h("ul", { class: "quick-matches", id: listId, role: "listbox", test: "quick-matches", "aria-label": t("quick.matches") });
  const problem = h("p", { class: "quick-problem", test: "quick-problem", role: "alert", hidden: true });
  // Each key and what it does stays on one line; a narrow window wraps
  // between them.
  const hint = h("p", { class: "quick-hint" });
  t("quick.hint")
    .split(" · ")
    .forEach((part, index) => {
      if (index > 0) hint.append(" · ");
      hint.append(h("span", { class: "quick-hint-key", text: part }));
    });

  function draw() {
    list.replaceChildren(
      ...matches.map((match, index) => {
        const id = `${listId}-${index}`;
        const row = h(
          "li",
          { class: "quick-match", id, role: "option", test: "quick-match", "aria-selected": String(index === chosen) },
          h("span", { class: "quick-match-name", text: match.name }),
          h("span", { class: "quick-match-does", text: doesText(match) }),
        );
        row.addEventListener("mousedown", (event) => event.preventDefault());
        row.addEventListener("click", () => take(index, "copy"));
        return row;
      }),
    );
    if (matches.length === 0) list.append(h("li", { class: "quick-empty", text: t("quick.none") }));
    if (matches[chosen]) input.setAttribute("aria-activedescendant", `${listId}-${chosen}`);
    else input.removeAttribute("aria-activedescendant");
  }

  async function search() {
    const serial = ++searchSerial;
    try {
      const found = await api.quickPickMatches(input.value);
      if (serial !== searchSerial) return;
      matches = found;
      chosen = 0;
      problem.hidden = true;
      draw();
    } catch (failure) {
      await showFailure(failure);
    }
  }

  async function take(index, handover) {
    const match = matches[index];
    if (!match) return;
    try {
      const taken = await api.quickPickTake(match.id, handover);
      if (taken.copied_instead) {
        // Still shown: it says why the code went to the clipboard.
        problem.textContent = taken.copied_instead.message;
        problem.hidden = false;
        return;
      }
      reset();
    } catch (failure) {
      await showFailure(failure);
    }
  }

  /** Empties the search for next time: done on hiding, not on showing, so
   * keys typed the moment the quick pick appears are never cleared. */
  function reset() {
    input.value = "";
    search();
  }
  resetSearch = reset;

  async function showFailure(failure) {
    const status = await api.status().catch(() => null);
    if (status && status.vault === "locked") {
      renderLocked(status);
      return;
    }
    problem.textContent = errorText(failure);
    problem.hidden = false;
  }

  input.addEventListener("input", search);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (matches.length === 0) return;
      chosen = (chosen + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      draw();
      list.children[chosen].scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter") {
      event.preventDefault();
      take(chosen, event.shiftKey ? "type" : "copy");
    }
  });
  root.replaceChildren(input, problem, list, hint);
  searching = true;
  input.focus();
  search();
}

function renderLocked(status) {
  const keychain = status.slots && status.slots.keychain && !status.slots.password_at_unlock;
  const problem = h("p", { class: "quick-problem", test: "quick-problem", role: "alert", hidden: true });
  const password = keychain ? null : h("input", { type: "password", class: "input", test: "quick-password", id: uid("quick-password"), "aria-label": t("quick.password"), autocomplete: "current-password" });
  const button = h("button", { type: "submit", class: "button primary", test: "quick-unlock", text: t("quick.unlock") });
  const form = h("form", { class: "form", novalidate: true }, h("p", { class: "section-text", text: t("quick.locked") }), password, problem, h("div", { class: "button-row" }, button));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.unlock(password ? password.value : null);
      renderSearch();
    } catch (failure) {
      problem.textContent = errorText(failure);
      problem.hidden = false;
      if (password) password.select();
    }
  });
  root.replaceChildren(form);
  searching = false;
  (password || button).focus();
}

/** Draws the page for the vault as it is: the search (kept, with whatever
 * was typed into it already) or the unlock form. */
async function open() {
  const status = await api.status();
  await loadLanguage(status.language);
  if (status.vault !== "unlocked") renderLocked(status);
  else if (!searching) renderSearch();
  else document.querySelector("[data-test='quick-search']").focus();
}

// In the capture phase: a search field takes Escape for itself otherwise.
window.addEventListener(
  "keydown",
  (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      resetSearch();
      api.quickPickHide();
    }
  },
  true,
);
api.onQuickPickOpened(open).catch(() => {});
open()
  .catch(() => {})
  .then(() => api.quickPickReady());
