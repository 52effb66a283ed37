// Boots the window and owns what the screens share: the app status, the
// accounts and their codes, routing between first run / unlock / account list,
// the global shortcuts (Ctrl+L, / and Ctrl+F, Ctrl+N, Esc), refreshing when the
// window comes back into view, the once-per-period code refresh, and showing
// the unlock screen when Rust says the app locked (auto-lock runs in Rust).

import * as api from "./api.js";
import { h, isEditable } from "./dom.js";
import { failureNote } from "./forms.js";
import { loadLanguage, currentLanguage, t, errorText } from "./i18n.js";
import { createTicker } from "./ticker.js";
import { reportActivity } from "./activity.js";
import { renderFirstRun } from "./views/first-run.js";
import { renderUnlock } from "./views/unlock.js";
import { createAccountList } from "./views/account-list.js";
import { setPanelHost, closePanel, goBack, panelIsOpen, notifyAccountsChanged, reopenPanel } from "./views/panel.js";
import { mountToasts, showErrorToast, clearToasts } from "./views/toast.js";
import { installImportDrop } from "./views/transfer.js";
import { showTrayNotice } from "./views/tray-notice.js";
import { closeMenu, menuIsOpen } from "./views/menu.js";
import { openAddAccount } from "./views/add-account.js";
import { showSyncNotices } from "./views/sync.js";

const screenRoot = document.getElementById("screen");
const ticker = createTicker(onTick);
let codesInFlight = null;
let refreshInFlight = null;
let lastBackgroundError = "";

/** Shared state and actions, handed to every view. */
const app = {
  status: null,
  /** In the order the list shows them: the core decides it. @type {import("./api.js").Account[]} */
  accounts: [],
  /** "name" or "custom": whether the user arranged the list by hand. */
  listOrder: "name",
  /** id → TimedCode */
  codes: new Map(),
  /** Unix second at which the soonest code expires. */
  nextBoundary: null,
  /** id → last HOTP code shown (kept until lock, since showing moves the counter). */
  hotpCodes: new Map(),
  /** backup_status's last answer: whether to remind about a backup. */
  backupStatus: null,
  query: "",
  screen: null,
  list: null,

  settings() {
    return { ...(app.status && app.status.settings) };
  },
  findAccount(id) {
    return app.accounts.find((account) => account.id === id) || null;
  },

  /** Re-reads accounts and codes (the CLI may have changed the vault). */
  refresh() {
    if (!refreshInFlight) {
      refreshInFlight = Promise.all([api.listAccounts(), refreshCodes(), fetchBackupStatus()])
        .then(([list]) => {
          setAccounts(list);
          showNoticesOfSync();
        })
        .catch(handleBackgroundError)
        .finally(() => (refreshInFlight = null));
    }
    return refreshInFlight;
  },

  /** Shows the list as the core sent it back after pinning, moving or sorting. */
  showAccountList(list) {
    setAccounts(list);
  },

  /** Pins or unpins `account` and says so to screen readers. */
  async setPinned(account, pinned) {
    try {
      setAccounts(await api.setPinned(account.id, pinned));
      if (app.list) app.list.announce(t(pinned ? "list.pinnedNote" : "list.unpinnedNote", { name: account.name }));
    } catch (error) {
      showErrorToast(error);
    }
  },

  /** Puts one changed account (e.g. after using a backup token) in place. */
  replaceAccount(account) {
    const index = app.accounts.findIndex((item) => item.id === account.id);
    if (index === -1) return;
    app.accounts[index] = account;
    if (app.list) app.list.updateAccount(account);
    notifyAccountsChanged();
  },

  /** After saveSettings / setPassword: keep the status, switch language and theme if asked. */
  async applyStatus(status) {
    const languageChanged = status.language !== currentLanguage();
    app.status = status;
    followChosenTheme(status);
    if (languageChanged) {
      await loadLanguage(status.language);
      render();
      reopenPanel();
    }
    updateTicker();
  },

  async lock() {
    if (app.screen !== "list") return;
    forgetUnlockedState();
    try {
      app.status = await api.lock();
    } catch (error) {
      showErrorToast(error);
      app.status = await api.status().catch(() => ({ ...app.status, vault: "locked" }));
    }
    render();
  },

  /** Called by first run and unlock with the status they got back. */
  async enterUnlocked(status) {
    app.status = status;
    followChosenTheme(status);
    if (status.language !== currentLanguage()) await loadLanguage(status.language);
    app.screen = "list";
    app.accounts = [];
    app.codes = new Map();
    app.list = createAccountList(app);
    screenRoot.replaceChildren(app.list.root);
    try {
      const [list] = await Promise.all([api.listAccounts(), refreshCodes(), fetchBackupStatus()]);
      setAccounts(list);
      showNoticesOfSync();
    } catch (error) {
      handleBackgroundError(error);
    }
    if (app.screen === "list") app.list.focusStart();
  },
};

/** Light, dark or system, as the unlocked vault says (theme-early.js paints
 * it); while locked the vault cannot say, and the last choice stays. */
function followChosenTheme(status) {
  if (status.vault !== "unlocked") return;
  document.dispatchEvent(new CustomEvent("safekeep:theme", { detail: status.settings.theme }));
}

/** @param {import("./api.js").AccountList} list */
function setAccounts({ order, accounts }) {
  if (app.screen !== "list") return;
  app.accounts = accounts;
  app.listOrder = order;
  app.list.setAccounts(accounts);
  notifyAccountsChanged();
  updateTicker();
  // A codes() answer that was already on its way may predate a new account: ask once more.
  if (accounts.some((account) => account.timed && !app.codes.has(account.id))) {
    const pending = codesInFlight || Promise.resolve();
    pending.catch(() => {}).then(() => refreshCodes()).catch(handleBackgroundError);
  }
}

/** A synced vault may have something to say: a token two computers used, a password changed elsewhere. */
function showNoticesOfSync() {
  if (app.screen === "list" && app.status && app.status.synced) showSyncNotices(app, app.list.syncNoticeSlot, { afterDone: () => app.list && app.list.focusStart() });
}

/** The reminder is a nicety: when backup_status fails, the list shows without it. */
function fetchBackupStatus() {
  return api
    .backupStatus()
    .then((status) => (app.backupStatus = status))
    .catch(() => (app.backupStatus = null));
}

function refreshCodes() {
  if (!codesInFlight) {
    codesInFlight = api
      .codes()
      .then((batch) => {
        if (app.screen !== "list") return;
        app.codes = new Map(Object.entries(batch.codes || {}));
        app.nextBoundary = soonestExpiry(app.codes);
        app.list.setCodes(app.codes);
        updateTicker();
      })
      .catch((error) => {
        app.nextBoundary = Date.now() / 1000 + 5; // try again in a few seconds
        throw error;
      })
      .finally(() => (codesInFlight = null));
  }
  return codesInFlight;
}

function soonestExpiry(codes) {
  let soonest = null;
  for (const code of codes.values()) if (soonest === null || code.valid_until < soonest) soonest = code.valid_until;
  return soonest;
}

/** At a period boundary, show the already known next code at once, then ask for new ones. */
function rollCodesOver(now) {
  for (const [id, code] of app.codes) {
    if (code.valid_until <= now) {
      app.codes.set(id, { current: code.next || "", next: "", valid_until: code.valid_until + code.period, period: code.period });
    }
  }
  app.list.setCodes(app.codes);
}

function onTick(nowMs) {
  if (app.screen !== "list") return;
  const now = nowMs / 1000;
  if (app.nextBoundary !== null && now >= app.nextBoundary) {
    rollCodesOver(now);
    app.nextBoundary = soonestExpiry(app.codes);
    // Another computer's changes reach a synced vault's folder at any
    // time: look for them once a period while the codes are in view.
    if (app.status && app.status.synced) app.refresh();
    else refreshCodes().catch(handleBackgroundError);
  }
  app.list.tick(now);
}

/** The tick runs only when something needs it: a countdown to draw. */
function updateTicker() {
  const needed = app.screen === "list" && app.codes.size > 0;
  if (needed) ticker.start();
  else ticker.stop();
}

/** Rust locked the app (Lock, or auto-lock while we were perhaps hidden). */
async function onLocked() {
  if (app.screen !== "list") return;
  forgetUnlockedState();
  app.status = await api.status().catch(() => ({ ...app.status, vault: "locked" }));
  render();
}

async function handleBackgroundError(error) {
  // The vault may have been locked or removed underneath us: follow the real state.
  try {
    const status = await api.status();
    if (status.vault !== "unlocked") {
      forgetUnlockedState();
      app.status = status;
      render();
      return;
    }
  } catch {
    /* fall through to showing the error */
  }
  const message = errorText(error);
  if (message !== lastBackgroundError) {
    lastBackgroundError = message;
    showErrorToast(error);
  }
}

/** Drops every code, token and panel from the window (on lock). */
function forgetUnlockedState() {
  ticker.stop();
  closeMenu({ restoreFocus: false });
  closePanel({ restoreFocus: false });
  clearToasts();
  app.screen = null;
  app.list = null;
  app.accounts = [];
  app.codes = new Map();
  app.nextBoundary = null;
  app.hotpCodes.clear();
  app.backupStatus = null;
  app.query = "";
  screenRoot.replaceChildren();
}

function render() {
  const vault = app.status ? app.status.vault : null;
  if (vault === "unlocked" && app.list) {
    // Same screen in a new language: rebuild it from the state we hold.
    app.list = createAccountList(app);
    screenRoot.replaceChildren(app.list.root);
    app.list.setAccounts(app.accounts);
    app.list.setCodes(app.codes);
    app.list.tick(Date.now() / 1000);
    return;
  }
  if (vault === "unlocked") {
    app.enterUnlocked(app.status);
    return;
  }
  app.screen = vault === "missing" ? "first-run" : "unlock";
  const view = vault === "missing" ? renderFirstRun(app) : renderUnlock(app);
  screenRoot.replaceChildren(view.root);
  view.focus();
}

function renderStartupError(error) {
  const retry = h("button", { type: "button", class: "button primary", text: t("common.tryAgain"), onclick: () => boot() });
  screenRoot.replaceChildren(
    h("main", { class: "auth-screen" }, h("div", { class: "auth-card" }, h("h1", { class: "auth-title", text: t("app.name") }), failureNote(error), retry)),
  );
}

function onKeyDown(event) {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod && !event.altKey && key === "l") {
    event.preventDefault();
    app.lock();
    return;
  }
  if (app.screen !== "list") return;
  if (key === "Escape") {
    if (menuIsOpen()) return;
    if (panelIsOpen()) {
      event.preventDefault();
      goBack();
    } else {
      app.list.escape();
    }
    return;
  }
  if (panelIsOpen()) return;
  if ((mod && !event.altKey && key === "f") || (key === "/" && !mod && !event.altKey && !isEditable(event.target))) {
    event.preventDefault();
    app.list.focusSearch();
  } else if (mod && !event.altKey && key === "n") {
    event.preventDefault();
    openAddAccount(app);
  } else if (mod && !event.altKey && key === "v" && !isEditable(event.target)) {
    // A picture of a QR code pasted on the list: read in the Add panel.
    event.preventDefault();
    openAddAccount(app, { tab: "image", paste: true });
  } else if (key.length === 1 && key !== " " && !mod && !event.altKey && !isEditable(event.target)) {
    // Type to search: focus moves before the key is handled, so the
    // character lands in the search field and starts a new query.
    app.list.focusSearch();
  }
}

function onBackInView() {
  if (app.screen !== "list" || document.hidden) return;
  app.refresh();
}

async function boot() {
  try {
    app.status = await api.status();
    await loadLanguage(app.status.language);
  } catch (error) {
    await loadLanguage("en").catch(() => {});
    renderStartupError(error);
    return;
  }
  render();
}

reportActivity();
api.onLocked(onLocked).catch(() => {});
api.onCloseToTrayNotice(showTrayNotice).catch(() => {});
api.onTrayProblem(showErrorToast).catch(() => {});
// Hidden, the window catches up when it is back in view (onBackInView).
api.onVaultChangedElsewhere(onBackInView).catch(() => {});
mountToasts(document.getElementById("toasts"));
setPanelHost(document.getElementById("panels"), screenRoot);
installImportDrop(app);
window.addEventListener("keydown", onKeyDown);
window.addEventListener("focus", onBackInView);
document.addEventListener("visibilitychange", () => {
  ticker.visibilityChanged();
  onBackInView();
});
// A file dropped outside the add panel must not make the window navigate to it.
window.addEventListener("dragover", (event) => event.preventDefault());
window.addEventListener("drop", (event) => event.preventDefault());
boot();
