// Owns "Several computers": the Settings section (keep the vault in a folder
// a sync program keeps in step, this computer's name, the other computers
// with when each was last seen and "Remove…", files of the folder that were
// skipped), the first-run card "Use a vault from a synced folder" (choose
// the folder, the vault's password, this computer's name), and the banners
// over the list: a backup token two computers used (said once), and a
// password or key changed on another computer (with the password field to
// catch up). The rules are the core's; this draws what Rust answers.

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { icon } from "../icons.js";
import { t, errorText, formatDateTime } from "../i18n.js";
import { field, formError, showFormError, busy } from "../forms.js";
import { showToast } from "./toast.js";

/** A name field prefilled with the name Rust suggests (the host name). */
function deviceNameField(name) {
  const input = h("input", { type: "text", class: "input", test: "device-name", id: uid("device-name"), value: name, maxlength: "64", autocomplete: "off", spellcheck: "false" });
  return field({ label: t("sync.deviceName"), input, hint: t("sync.deviceNameHint") });
}

/** "Choose folder…" and the folder chosen; `onChosen(folder)` after a choice. */
function folderChooser(onChosen) {
  const path = h("p", { class: "path", test: "sync-folder-chosen", hidden: true });
  const button = h("button", { type: "button", class: "button", test: "choose-sync-folder" }, icon("folder"), t("sync.chooseFolder"));
  const note = formError("sync-folder-error");
  button.addEventListener("click", async () => {
    note.hidden = true;
    busy(button, true);
    try {
      const chosen = await api.chooseSyncFolder();
      if (chosen) {
        path.textContent = chosen.path;
        path.hidden = false;
        onChosen(chosen);
      }
    } catch (failure) {
      showFormError(note, failure);
    } finally {
      busy(button, false);
    }
  });
  return { element: h("div", { class: "field" }, h("p", { class: "field-label", text: t("sync.folder") }), path, h("div", { class: "button-row" }, button), note), button };
}

/** "The vault's password" (the one it has now), with `hint` under it when given. */
function vaultPasswordField(test, hint = undefined) {
  const input = h("input", { type: "password", class: "input", test, id: uid(test), autocomplete: "current-password" });
  return field({ label: t("sync.joinPassword"), input, hint });
}

/**
 * Submitting `form` sends the vault's password in `input` with `send`: an
 * empty field is refused in words, `button` is busy meanwhile, the field is
 * emptied once `send` succeeds, and a refusal shows in `error` with the
 * password selected to type again.
 */
function sendVaultPasswordOnSubmit(form, { input, error, button, send }) {
  form.addEventListener("input", () => (error.hidden = true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value) {
      showFormError(error, t("sync.passwordFirst"));
      input.focus();
      return;
    }
    busy(button, true);
    try {
      await send(input.value);
      input.value = "";
    } catch (failure) {
      showFormError(error, failure);
      busy(button, false);
      input.select();
      input.focus();
    }
  });
}

/**
 * The first-run card for a computer joining a vault another computer keeps
 * in a synced folder. `onBack` returns to "Create my vault".
 */
export function renderJoinCard(app, { onBack }) {
  let folderChosen = false;
  const names = deviceNameField("");
  api.syncStatus().then((view) => {
    if (!names.input.value) names.input.value = view.this_device;
  }).catch(() => {});
  const password = vaultPasswordField("join-password", t("sync.joinPasswordHint"));
  const passwordInput = password.input;
  const error = formError("join-error");
  error.id = uid("join-error");
  const join = h("button", { type: "submit", class: "button primary wide", test: "join-vault", text: t("sync.join") });
  const folder = folderChooser(() => {
    folderChosen = true;
    error.hidden = true;
    passwordInput.focus();
  });
  const back = h("button", { type: "button", class: "button link", test: "join-back", text: t("sync.joinBack"), onclick: onBack });
  const form = h("form", { class: "auth-form", novalidate: true }, folder.element, password.element, names.element, error, join, back);
  form.addEventListener("input", () => (error.hidden = true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!folderChosen) {
      showFormError(error, t("sync.folderFirst"));
      folder.button.focus();
      return;
    }
    if (!passwordInput.value) {
      showFormError(error, t("sync.passwordFirst"));
      passwordInput.setAttribute("aria-describedby", error.id);
      passwordInput.focus();
      return;
    }
    busy(join, true);
    try {
      const status = await api.joinSyncedVault(passwordInput.value, names.input.value);
      passwordInput.value = "";
      await app.enterUnlocked(status);
    } catch (failure) {
      showFormError(error, failure);
      if (failure.code === "sync-join-wrong-password" || failure.code === "vault-wrong-password") passwordInput.select();
      passwordInput.focus();
    } finally {
      busy(join, false);
    }
  });
  const card = h(
    "div",
    { class: "auth-card", test: "join-card" },
    h("div", { class: "auth-mark" }, icon("shield")),
    h("h1", { class: "auth-title", text: t("sync.joinTitle") }),
    h("p", { class: "auth-lead", text: t("sync.joinLead") }),
    h("p", { class: "hint", text: t("sync.joinWhyPassword") }),
    form,
  );
  return { card, focus: () => folder.button.focus() };
}

/** When another computer was last heard from, in words. */
function lastSeen(device) {
  return device.last_seen ? t("sync.lastSeen", { when: formatDateTime(device.last_seen) }) : t("sync.notSeenYet");
}

/** The Settings section "Several computers". */
export function syncSection(app) {
  const body = h("div", { class: "sync-body", test: "sync-body" });
  const section = h("section", { class: "section", test: "sync-section" }, h("h3", { class: "section-title", text: t("sync.title") }), body);
  draw();
  return section;

  /** Asks Rust how the vault is synced and draws it; then focuses `focusHook`'s element. */
  function draw(focusHook = null) {
    body.setAttribute("aria-busy", "true");
    api
      .syncStatus()
      .then((view) => {
        // replaceChildren would write a part left out (null) as "null".
        body.replaceChildren(...(view.synced ? drawSynced(view) : drawNotSynced(view)).filter(Boolean));
        const target = focusHook && body.querySelector(`[data-test='${focusHook}']`);
        if (target) target.focus();
      })
      .catch((failure) => body.replaceChildren(h("p", { class: "form-error", role: "alert", text: errorText(failure) })))
      .finally(() => body.removeAttribute("aria-busy"));
  }

  function drawSynced(view) {
    const others = view.others.length
      ? h(
          "ul",
          { class: "device-list", test: "other-devices" },
          view.others.map((device) => {
            const item = h("li", { class: "device-item", test: "other-device" });
            const remove = h("button", { type: "button", class: "button danger-outline small", test: "remove-device", text: t("sync.remove"), "aria-label": t("sync.removeNamed", { name: device.name }) });
            const line = h("div", { class: "device" }, icon("computer", { className: "device-icon" }), h("div", { class: "device-text" }, h("span", { class: "device-name", text: device.name }), h("span", { class: "hint", test: "device-last-seen", text: lastSeen(device) })), remove);
            remove.addEventListener("click", () => {
              remove.hidden = true;
              item.append(removeForm(device, () => {
                remove.hidden = false;
                remove.focus();
              }));
            });
            item.append(line);
            return item;
          }),
        )
      : h("p", { class: "hint", test: "no-other-devices", text: t("sync.alone") });
    const problems = view.problems.length
      ? h(
          "div",
          { class: "banner banner-warning", test: "sync-problems", role: "note" },
          icon("warning", { className: "banner-icon" }),
          h("div", { class: "banner-text" }, view.problems.map((problem) => h("p", { text: problem }))),
        )
      : null;
    return [
      h("p", { class: "section-text", text: t("sync.keptIn") }),
      h("p", { class: "path", test: "sync-folder", tabindex: "-1", text: view.folder }),
      h("p", { class: "section-text", test: "this-device", text: t("sync.thisDevice", { name: view.this_device }) }),
      h("h4", { class: "subsection-title", text: t("sync.othersTitle") }),
      others,
      problems,
      h("p", { class: "hint", text: t("sync.howToJoin") }),
    ];
  }

  function drawNotSynced(view) {
    const slots = (app.status && app.status.slots) || { password: false };
    const start = h("button", { type: "button", class: "button", test: "keep-in-folder", text: t("sync.keepInFolder"), disabled: !slots.password });
    const intro = [
      h("p", { class: "section-text", text: t("sync.intro") }),
      slots.password ? null : h("p", { class: "hint", test: "sync-needs-password", text: t("sync.needsPassword") }),
      h("div", { class: "button-row" }, start),
    ];
    start.addEventListener("click", async () => {
      busy(start, true);
      let chosen = null;
      try {
        chosen = await api.chooseSyncFolder();
      } catch (failure) {
        showToast(errorText(failure), { tone: "error", seconds: 8 });
      } finally {
        busy(start, false);
      }
      if (chosen) body.replaceChildren(confirmForm(chosen, view));
    });
    return intro;
  }

  /** "Remove Laptop?": what it does, the vault's password, then Remove or Cancel. */
  function removeForm(device, onCancel) {
    const password = vaultPasswordField("remove-device-password", t("sync.removePasswordHint"));
    const passwordInput = password.input;
    const error = formError("remove-device-error");
    const confirm = h("button", { type: "submit", class: "button danger", test: "remove-device-confirm", text: t("sync.removeConfirm", { name: device.name }) });
    const form = h(
      "form",
      { class: "form remove-device-form", test: "remove-device-form", novalidate: true },
      h("p", { class: "section-text", text: t("sync.removeWhat", { name: device.name }) }),
      h("p", { class: "hint", text: t("sync.removeStolen", { name: device.name }) }),
      password.element,
      error,
      h("div", { class: "button-row" }, confirm, h("button", { type: "button", class: "button", test: "remove-device-cancel", text: t("common.cancel"), onclick: () => {
        form.remove();
        onCancel();
      } })),
    );
    sendVaultPasswordOnSubmit(form, {
      input: passwordInput,
      error,
      button: confirm,
      send: async (given) => {
        await api.removeDevice(device.id, given);
        showToast(t("sync.removed", { name: device.name }), { seconds: 8 });
        draw("sync-folder");
      },
    });
    queueMicrotask(() => passwordInput.focus());
    return form;
  }

  /** "Move my vault there": the folder, this computer's name, and why. */
  function confirmForm(chosen, view) {
    const names = deviceNameField(view.this_device);
    const error = formError("enable-sync-error");
    const move = h("button", { type: "submit", class: "button primary", test: "enable-sync", text: t("sync.moveThere") });
    const cancel = h("button", { type: "button", class: "button", test: "enable-sync-cancel", text: t("common.cancel"), onclick: () => draw("keep-in-folder") });
    const form = h(
      "form",
      { class: "form", test: "enable-sync-form", novalidate: true },
      h("p", { class: "section-text", text: t("sync.moveLead") }),
      h("p", { class: "path", test: "sync-folder-chosen", text: chosen.path }),
      h("p", { class: "hint", text: t("sync.moveWhat") }),
      names.element,
      error,
      h("div", { class: "button-row" }, move, cancel),
    );
    form.addEventListener("input", () => (error.hidden = true));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      busy(move, true);
      try {
        const status = await api.enableSync(names.input.value);
        showToast(t("sync.moved"));
        await app.applyStatus(status);
        draw("sync-folder");
      } catch (failure) {
        showFormError(error, failure);
        busy(move, false);
      }
    });
    queueMicrotask(() => names.input.focus());
    return form;
  }
}

/**
 * Shows in `slot` what a synced vault has to say over the list: a backup
 * token two computers used (until the person dismisses it; then never again
 * on this computer), and a password or key changed on another computer,
 * with the password field that catches up. Quiet when there is nothing, or
 * it cannot be asked. `afterDone` runs once a banner was dealt with.
 */
export async function showSyncNotices(app, slot, { afterDone = () => {} } = {}) {
  let notices;
  try {
    notices = await api.syncNotices();
  } catch {
    return;
  }
  // Two tokens of one site used twice read the same: said once.
  const doubleUses = [...new Set(notices.double_uses)];
  // Drawn again only when it says something new: a redraw would take the
  // keyboard focus off the banner and wipe a password being typed.
  const said = JSON.stringify([doubleUses, notices.key_changed_elsewhere]);
  if (slot.dataset.said === said) return;
  slot.dataset.said = said;
  slot.replaceChildren(...[keyChangedBanner(app, notices.key_changed_elsewhere, slot, afterDone), doubleUseBanner(doubleUses, slot, afterDone)].filter(Boolean));
}

/** "A backup token of … may have been used twice", with "Got it". */
function doubleUseBanner(notices, slot, afterDone) {
  if (!notices.length) return null;
  const gotIt = h("button", { type: "button", class: "button", test: "dismiss-sync-notices", text: t("sync.gotIt") });
  const banner = h(
    "div",
    { class: "banner banner-warning", test: "sync-notice", role: "alert" },
    icon("warning", { className: "banner-icon" }),
    h("div", { class: "banner-text" }, notices.map((text) => h("p", { test: "sync-notice-text", text })), h("div", { class: "button-row" }, gotIt)),
  );
  gotIt.addEventListener("click", async () => {
    busy(gotIt, true);
    try {
      await api.dismissSyncNotices();
      banner.remove();
      slot.dataset.said = "";
      afterDone();
    } catch (failure) {
      busy(gotIt, false);
      showToast(errorText(failure), { tone: "error", seconds: 8 });
    }
  });
  return banner;
}

/** "The vault's password was changed on …", with its password field. */
function keyChangedBanner(app, text, slot, afterDone) {
  if (!text) return null;
  const password = vaultPasswordField("catch-up-password");
  const error = formError("catch-up-error");
  const submit = h("button", { type: "submit", class: "button primary", test: "catch-up", text: t("sync.catchUp") });
  const form = h("form", { class: "form", novalidate: true }, password.element, error, h("div", { class: "button-row" }, submit));
  const banner = h(
    "div",
    { class: "banner banner-warning", test: "key-changed-elsewhere", role: "alert" },
    icon("key", { className: "banner-icon" }),
    h("div", { class: "banner-text" }, h("p", { test: "key-changed-text", text }), form),
  );
  sendVaultPasswordOnSubmit(form, {
    input: password.input,
    error,
    button: submit,
    send: async (given) => {
      const status = await api.catchUpWithNewPassword(given);
      banner.remove();
      slot.dataset.said = "";
      showToast(t("sync.caughtUp"));
      await app.applyStatus(status);
      app.refresh();
      afterDone();
    },
  });
  return banner;
}
