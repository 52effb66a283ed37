// Owns the slide-over panel shell shared by add-account, account-detail,
// tokens-panel and settings: header with a close button, Esc / scrim to close
// (or go back to the panel this one was opened from, e.g. Settings), the list
// underneath made inert while a panel is open, and focus handed back to
// whatever opened the panel. One panel at a time.

import { h, uid, firstFocusable } from "../dom.js";
import { icon } from "../icons.js";
import { t } from "../i18n.js";

let host = null;
let current = null;

/** `layer` receives panels; `background` is made inert while one is open. */
export function setPanelHost(layer, background) {
  host = { layer, background };
}

/**
 * Opens a panel (closing any other). `reopen` rebuilds it (used after a
 * language change); `parent`, when given, reopens the panel this one was
 * opened from, so Back and Escape return there instead of to the list.
 */
/** Remembers the element that opened a panel in a way that survives a redraw of its row. */
function describeOpener(el) {
  if (!el || el === document.body) return null;
  const row = el.closest ? el.closest("[data-id]") : null;
  return { el, test: el.dataset ? el.dataset.test : null, rowId: row ? row.dataset.id : null };
}

function findOpener(opener) {
  if (!opener) return null;
  if (opener.el.isConnected) return opener.el;
  if (!opener.rowId) return opener.test ? document.querySelector(`[data-test='${opener.test}']`) : null;
  const row = document.querySelector(`[data-test='account-row'][data-id='${CSS.escape(opener.rowId)}']`);
  if (!row) return null;
  return (opener.test && row.querySelector(`[data-test='${opener.test}']`)) || row;
}

export function openPanel({ testId, title, subtitle, className, reopen, parent = null, animate = true }) {
  // The control inside a parent panel that opened this one gets the focus back on Back.
  const openedFrom = parent ? describeOpener(document.activeElement) : null;
  const opener = current ? current.opener : describeOpener(document.activeElement);
  closePanel({ restoreFocus: false });

  const titleId = uid("panel-title");
  const heading = h("h2", { id: titleId, class: "panel-title", text: title });
  const subtitleLine = h("p", { class: "panel-subtitle", text: subtitle || "", hidden: !subtitle });
  const closeButton = h(
    "button",
    { type: "button", class: "icon-button", test: "close-panel", "aria-label": t("common.close"), title: t("common.closeHint") },
    icon("back"),
  );
  const header = h("header", { class: "panel-header" }, closeButton, h("div", { class: "panel-heading" }, heading, subtitleLine));
  const body = h("div", { class: "panel-body" });
  const root = h(
    "section",
    { class: ["panel", className, animate ? "panel-animate" : null], role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, test: testId },
    header,
    body,
  );
  const scrim = h("div", { class: "panel-scrim", "aria-hidden": "true" });
  const wrapper = h("div", { class: "panel-layer" }, scrim, root);

  const state = { wrapper, root, opener, openedFrom, reopen, parent, cleanups: [], onAccountsChanged: null };
  current = state;
  closeButton.addEventListener("click", () => goBack());
  scrim.addEventListener("click", () => goBack());
  host.layer.append(wrapper);
  host.background.inert = true;

  return {
    root,
    body,
    setTitle(text, sub) {
      heading.textContent = text;
      subtitleLine.textContent = sub || "";
      subtitleLine.hidden = !sub;
    },
    /** Moves focus into the panel (to `target`, or its first control). */
    focus(target) {
      const el = target || firstFocusable(body) || closeButton;
      el.focus();
    },
    /** Runs when the panel closes (e.g. to drop revealed tokens, remove listeners). */
    onCleanup(fn) {
      state.cleanups.push(fn);
    },
    /** Called by the app after listAccounts() brought new data. */
    set onAccountsChanged(fn) {
      state.onAccountsChanged = fn;
    },
    get isOpen() {
      return current === state;
    },
    close: () => {
      if (current === state) closePanel();
    },
  };
}

export function closePanel({ restoreFocus = true } = {}) {
  if (!current) return false;
  const closing = current;
  current = null;
  for (const cleanup of closing.cleanups) {
    try {
      cleanup();
    } catch (error) {
      console.error(error);
    }
  }
  closing.wrapper.remove();
  host.background.inert = false;
  const opener = restoreFocus ? findOpener(closing.opener) : null;
  if (opener) opener.focus();
  return true;
}

/** Back or Escape: returns to the panel the open one was opened from
 * (Settings, for the backup and transfer panels), else closes it. */
export function goBack() {
  if (!current || !current.parent) return closePanel();
  const { parent, opener, openedFrom } = current;
  closePanel({ restoreFocus: false });
  parent({ animate: false });
  if (!current) return true;
  current.opener = opener;
  const back = findOpener(openedFrom);
  if (back) back.focus();
  return true;
}

export const panelIsOpen = () => current !== null;

export function notifyAccountsChanged() {
  if (current && current.onAccountsChanged) current.onAccountsChanged();
}

/** Rebuilds the open panel (after a language change), keeping its opener. */
export function reopenPanel() {
  if (!current || !current.reopen) return;
  const { reopen, opener, openedFrom } = current;
  closePanel({ restoreFocus: false });
  reopen({ animate: false });
  if (current) Object.assign(current, { opener, openedFrom });
}
