// Owns the settings panel: auto-lock minutes and Lock now, clipboard clearing,
// language (System / English / Nederlands, applied at once), the theme
// (System / Light / Dark, applied at once), the list order (by name, or as
// arranged by hand with "Sort by name" to go back), the tray (whether one is
// there, closing into it) and starting at login, the password slot
// (add / change / remove, with what it is for, and "ask for my password after
// a lock and at start"), several computers (see sync.js), backup & transfer
// (see transfer.js), and About: the version and licence (asked of Rust), that it
// works offline, and the data folder.

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { icon } from "../icons.js";
import { t, errorText } from "../i18n.js";
import { field, formError, showFormError, busy, passwordFields } from "../forms.js";
import { openPanel } from "./panel.js";
import { showToast, showErrorToast } from "./toast.js";
import { transferSection } from "./transfer.js";
import { syncSection } from "./sync.js";

const SAVE_DELAY_MS = 600;
let focusAfterReopen = null;

function numberInput(test, value, max) {
  return h("input", { type: "number", class: "input number-input", test, min: "0", max: String(max), step: "1", inputmode: "numeric", value: String(value), id: uid(test) });
}

/** Label, then [input] unit ✓ saved, then the hint. */
function numberField({ label, input, unit, note, hint }) {
  const hintElement = h("p", { class: "hint", id: `${input.id}-hint`, text: hint });
  input.setAttribute("aria-describedby", hintElement.id);
  return h(
    "div",
    { class: "field" },
    h("label", { class: "field-label", for: input.id, text: label }),
    h("div", { class: "number-line" }, input, h("span", { class: "unit", text: unit }), note),
    hintElement,
  );
}

export function openSettings(app, { animate = true } = {}) {
  const panel = openPanel({ testId: "settings-panel", title: t("settings.title"), className: "panel-settings", animate, reopen: (options) => openSettings(app, options) });
  const settings = app.settings();
  async function save(changes, note = null) {
    const next = { ...app.settings(), ...changes };
    try {
      const status = await api.saveSettings(next);
      if (note) note.replaceChildren(icon("check"), h("span", { text: t("settings.saved") }));
      await app.applyStatus(status);
      return true;
    } catch (failure) {
      if (note) note.textContent = "";
      showErrorToast(failure);
      return false;
    }
  }

  /** A whole-number setting saved shortly after typing stops (and on change); returns its "Saved" note. */
  function autoSaved(input, key, max) {
    let timer = null;
    const saved = h("span", { class: "saved-note", role: "status" });
    const commit = () => {
      clearTimeout(timer);
      const value = Number.parseInt(input.value, 10);
      if (!Number.isFinite(value) || value < 0 || value > max) {
        input.setAttribute("aria-invalid", "true");
        return;
      }
      input.removeAttribute("aria-invalid");
      if (value !== app.settings()[key]) save({ [key]: value }, saved);
    };
    input.addEventListener("input", () => {
      saved.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(commit, SAVE_DELAY_MS);
    });
    input.addEventListener("change", commit);
    panel.onCleanup(() => clearTimeout(timer));
    return saved;
  }

  // ---- locking ----
  const autoLockInput = numberInput("auto-lock", settings.auto_lock_minutes, 1440);
  const autoLockSaved = autoSaved(autoLockInput, "auto_lock_minutes", 1440);
  const lockNow = h("button", { type: "button", class: "button", test: "lock-now", onclick: () => app.lock() }, icon("lock"), t("settings.lockNow"));
  const lockSection = h(
    "section",
    { class: "section" },
    h("h3", { class: "section-title", text: t("settings.lockTitle") }),
    numberField({ label: t("settings.autoLock"), input: autoLockInput, unit: t("settings.minutes"), note: autoLockSaved, hint: t("settings.autoLockHint") }),
    h("div", { class: "button-row" }, lockNow, h("span", { class: "hint", text: t("settings.lockNowHint") })),
  );

  // ---- clipboard ----
  const clipboardInput = numberInput("clipboard-clear", settings.clipboard_clear_seconds, 3600);
  const clipboardSaved = autoSaved(clipboardInput, "clipboard_clear_seconds", 3600);
  const clipboardSection = h(
    "section",
    { class: "section" },
    h("h3", { class: "section-title", text: t("settings.clipboardTitle") }),
    numberField({ label: t("settings.clipboard"), input: clipboardInput, unit: t("settings.seconds"), note: clipboardSaved, hint: t("settings.clipboardHint") }),
  );

  // ---- language ----
  const language = h(
    "select",
    { class: "input", test: "language", id: uid("language") },
    [
      ["", t("settings.languageSystem")],
      ["en", "English"],
      ["nl", "Nederlands"],
    ].map(([value, text]) => h("option", { value, text, selected: (settings.language || "") === value })),
  );
  language.addEventListener("change", async () => {
    focusAfterReopen = "language";
    await save({ language: language.value || null });
    focusAfterReopen = null;
  });
  const languageSection = h(
    "section",
    { class: "section" },
    h("h3", { class: "section-title", text: t("settings.languageTitle") }),
    field({ label: t("settings.language"), input: language }).element,
  );

  // ---- theme ----
  const theme = h(
    "select",
    { class: "input", test: "theme", id: uid("theme") },
    ["system", "light", "dark"].map((value) => h("option", { value, text: t(`settings.theme.${value}`), selected: (settings.theme || "system") === value })),
  );
  theme.addEventListener("change", () => save({ theme: theme.value }));
  const themeSection = h(
    "section",
    { class: "section" },
    h("h3", { class: "section-title", text: t("settings.themeTitle") }),
    field({ label: t("settings.themeLabel"), input: theme }).element,
  );

  // ---- password ----
  const slots = (app.status && app.status.slots) || { keychain: true, password: false, password_at_unlock: false };
  const fields = passwordFields({ newLabel: t("settings.newPassword") });
  const passwordError = formError("password-error");
  const setButton = h("button", { type: "submit", class: "button primary", test: "set-password", text: slots.password ? t("settings.changePassword") : t("settings.addPassword") });
  // A synced vault's password is how the other computers join and follow a new key.
  const synced = Boolean(app.status && app.status.synced);
  const removeButton = slots.password
    ? h("button", { type: "button", class: "button danger-outline", test: "remove-password", text: t("settings.removePassword"), disabled: !slots.keychain || synced })
    : null;
  const passwordForm = h("form", { class: "form", novalidate: true }, fields.element, passwordError, h("div", { class: "button-row" }, setButton, removeButton));
  const explain = !slots.keychain ? t("settings.passwordOnly") : slots.password ? t("settings.passwordBoth") : t("settings.passwordNone");
  // Only meaningful with both: without a keychain slot the password is always asked.
  const askBox =
    slots.password && slots.keychain
      ? h("input", { type: "checkbox", id: uid("password-at-unlock"), test: "password-at-unlock", checked: slots.password_at_unlock })
      : null;
  const askField = askBox
    ? h(
        "div",
        { class: "field" },
        h("div", { class: "check-line" }, askBox, h("label", { for: askBox.id, text: t("settings.askPassword") })),
        h("p", { class: "hint", id: `${askBox.id}-hint`, text: t("settings.askPasswordHint") }),
      )
    : null;
  if (askBox) askBox.setAttribute("aria-describedby", `${askBox.id}-hint`);
  const passwordSection = h(
    "section",
    { class: "section" },
    h("h3", { class: "section-title", text: t("settings.passwordTitle") }),
    h("p", { class: "section-text", text: explain }),
    h("p", { class: "hint", test: "passwords-which", text: t("password.which") }),
    askField,
    removeButton && !slots.keychain ? h("p", { class: "hint", text: t("settings.removeNeedsKeychain") }) : null,
    removeButton && slots.keychain && synced ? h("p", { class: "hint", test: "remove-password-synced", text: t("sync.removeWhileSynced") }) : null,
    passwordForm,
  );
  const showPasswordError = (problem, input) => {
    showFormError(passwordError, problem);
    if (input) input.focus();
  };
  passwordForm.addEventListener("input", () => (passwordError.hidden = true));
  passwordForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    passwordError.hidden = true;
    const result = fields.read();
    if (result.problem) {
      showPasswordError(result.problem, result.field);
      return;
    }
    busy(setButton, true);
    try {
      const status = await api.setPassword(result.password);
      fields.clear();
      showToast(slots.password ? t("settings.passwordChanged") : t("settings.passwordAdded"));
      await app.applyStatus(status);
      focusAfterReopen = "set-password";
      openSettings(app, { animate: false });
    } catch (failure) {
      showPasswordError(failure, fields.newPassword);
    } finally {
      busy(setButton, false);
    }
  });
  if (askBox) {
    askBox.addEventListener("change", async () => {
      passwordError.hidden = true;
      const on = askBox.checked;
      busy(askBox, true);
      try {
        const status = await api.setPasswordAtUnlock(on);
        showToast(on ? t("settings.askPasswordOn") : t("settings.askPasswordOff"));
        await app.applyStatus(status);
      } catch (failure) {
        askBox.checked = !on;
        showPasswordError(failure);
      } finally {
        busy(askBox, false);
      }
    });
  }
  if (removeButton) {
    removeButton.addEventListener("click", async () => {
      passwordError.hidden = true;
      busy(removeButton, true);
      try {
        const status = await api.removePassword();
        showToast(t("settings.passwordRemoved"));
        await app.applyStatus(status);
        focusAfterReopen = "set-password";
        openSettings(app, { animate: false });
      } catch (failure) {
        busy(removeButton, false);
        showPasswordError(failure);
      }
    });
  }

  // ---- the tray and starting at login ----
  const trayText = h("p", { class: "section-text", test: "tray-status" });
  // Off until Rust says how they stand, so a click never races the answer.
  const closeToTray = h("input", { type: "checkbox", id: uid("close-to-tray"), test: "close-to-tray", disabled: true });
  const startAtLogin = h("input", { type: "checkbox", id: uid("start-at-login"), test: "start-at-login", disabled: true });
  const checkField = (box, label, hint) => {
    const hintElement = h("p", { class: "hint", id: `${box.id}-hint`, text: hint });
    box.setAttribute("aria-describedby", hintElement.id);
    return h("div", { class: "field" }, h("div", { class: "check-line" }, box, h("label", { for: box.id, text: label })), hintElement);
  };
  // The quick pick's shortcut: pressing keys with Ctrl, Alt or Super in the
  // field records them; it can also be typed ("Ctrl+Alt+J") and saved with
  // Enter, which is the only way to name a shortcut another program holds
  // (its keys never reach this window).
  const shortcutInput = h("input", { type: "text", class: "input shortcut-input", test: "quick-pick-shortcut", id: uid("quick-pick-shortcut"), disabled: true, autocomplete: "off", spellcheck: "false" });
  const shortcutOff = h("input", { type: "checkbox", id: uid("quick-pick-off"), test: "quick-pick-off", disabled: true });
  const shortcutNote = h("p", { class: "hint", test: "quick-pick-note", role: "status" });
  let lastShortcut = null;
  async function saveShortcut(shortcut) {
    try {
      drawDesktop(await api.setQuickPickShortcut(shortcut));
      shortcutNote.textContent = shortcut ? t("settings.quickPickSaved", { shortcut }) : "";
    } catch (failure) {
      shortcutInput.value = lastShortcut || "";
      shortcutNote.textContent = errorText(failure);
    }
  }
  shortcutInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const typed = shortcutInput.value.trim();
      if (typed && typed !== lastShortcut) saveShortcut(typed);
      return;
    }
    if (!(event.ctrlKey || event.altKey || event.metaKey)) return;
    const key = event.key.length === 1 ? event.key.toUpperCase() : /^F\d+$/.test(event.key) ? event.key : null;
    if (!key) return;
    event.preventDefault();
    const modifiers = [event.ctrlKey && "Ctrl", event.altKey && "Alt", event.shiftKey && "Shift", event.metaKey && "Super"].filter(Boolean);
    const shortcut = [...modifiers, key].join("+");
    shortcutInput.value = shortcut;
    saveShortcut(shortcut);
  });
  shortcutOff.addEventListener("change", () => saveShortcut(shortcutOff.checked ? null : "Ctrl+Alt+K"));
  function drawDesktop(desktop) {
    lastShortcut = desktop.quick_pick_shortcut;
    shortcutInput.value = desktop.quick_pick_shortcut || "";
    shortcutInput.disabled = !desktop.quick_pick_shortcut;
    shortcutOff.checked = !desktop.quick_pick_shortcut;
    shortcutOff.disabled = false;
    trayText.textContent = t(desktop.tray_available ? "settings.trayThere" : "settings.trayMissing");
    closeToTray.checked = desktop.close_to_tray;
    startAtLogin.checked = desktop.start_at_login;
    closeToTray.disabled = false;
    startAtLogin.disabled = false;
  }
  /** A box whose change `apply(on)` saves; the box shows what Rust kept. */
  function savedBox(box, apply) {
    box.addEventListener("change", async () => {
      const on = box.checked;
      busy(box, true);
      try {
        drawDesktop(await apply(on));
      } catch (failure) {
        box.checked = !on;
        showErrorToast(failure);
      } finally {
        busy(box, false);
      }
    });
  }
  savedBox(closeToTray, api.setCloseToTray);
  savedBox(startAtLogin, api.setStartAtLogin);
  api.desktopSettings().then(drawDesktop).catch((failure) => (trayText.textContent = errorText(failure)));
  const traySection = h(
    "section",
    { class: "section", test: "tray-section" },
    h("h3", { class: "section-title", text: t("settings.trayTitle") }),
    trayText,
    checkField(closeToTray, t("settings.closeToTray"), t("settings.closeToTrayHint")),
    checkField(startAtLogin, t("settings.startAtLogin"), t("settings.startAtLoginHint")),
    h(
      "div",
      { class: "field" },
      h("label", { class: "field-label", for: shortcutInput.id, text: t("settings.quickPick") }),
      shortcutInput,
      h("p", { class: "hint", text: t("settings.quickPickHint") }),
      shortcutNote,
    ),
    checkField(shortcutOff, t("settings.quickPickOff"), ""),
  );

  // ---- about ----
  const version = h("p", { class: "section-text", test: "about-version" });
  const licence = h("p", { class: "hint", test: "about-licence" });
  api
    .appInfo()
    .then((info) => {
      version.textContent = t("settings.version", { version: info.version });
      licence.textContent = t("settings.licence", { licence: info.licence });
    })
    .catch((failure) => (version.textContent = errorText(failure)));
  const aboutSection = h(
    "section",
    { class: "section about", test: "about-section" },
    h("h3", { class: "section-title", text: t("settings.aboutTitle") }),
    h("p", { class: "section-text", test: "about-offline", text: t("settings.about") }),
    version,
    licence,
    h("p", { class: "hint", text: t("settings.dataFolder") }),
    h("p", { class: "path", text: (app.status && app.status.data_dir) || "" }),
  );

  // ---- list order ----
  // Moving a row makes the order the user's own; this is the way back.
  const orderText = h("p", { class: "section-text", test: "list-order" });
  const sortByName = h("button", { type: "button", class: "button", test: "sort-by-name", text: t("settings.sortByName") });
  function drawOrder() {
    const custom = app.listOrder === "custom";
    orderText.textContent = t(custom ? "settings.orderCustom" : "settings.orderName");
    sortByName.hidden = !custom;
  }
  sortByName.addEventListener("click", async () => {
    try {
      app.showAccountList(await api.sortAccountsByName());
      drawOrder();
      orderText.focus();
      showToast(t("list.sortedByName"));
    } catch (error) {
      showErrorToast(error);
    }
  });
  orderText.tabIndex = -1;
  drawOrder();
  const orderSection = h(
    "section",
    { class: "section" },
    h("h3", { class: "section-title", text: t("settings.orderTitle") }),
    orderText,
    h("p", { class: "hint", text: t("settings.orderHint") }),
    h("div", { class: "button-row" }, sortByName),
  );

  panel.body.append(lockSection, clipboardSection, languageSection, themeSection, orderSection, traySection, passwordSection, syncSection(app), transferSection(app, (options) => openSettings(app, options)), aboutSection);

  const focusTarget = focusAfterReopen ? panel.root.querySelector(`[data-test='${focusAfterReopen}']`) : autoLockInput;
  focusAfterReopen = null;
  panel.focus(focusTarget);
  return panel;
}
