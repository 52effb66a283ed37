// Owns the unlock screen: "Unlock" with the OS keychain, or the vault password
// (when the vault has only a password, the user chose to be asked for it after
// a lock and at start, or the keychain cannot help); inline errors, and "Open it anyway" for a vault older than the last one
// seen here (rollback warning).

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { icon } from "../icons.js";
import { t, errorText } from "../i18n.js";
import { field, busy } from "../forms.js";

const PASSWORD_HINT_CODES = new Set(["vault-key-missing-use-password", "vault-key-wrong-use-password", "vault-keychain-use-password", "vault-needs-password", "vault-password-at-unlock"]);

export function renderUnlock(app) {
  const slots = app.status.slots || { keychain: false, password: true, password_at_unlock: false };
  // The user asked for the password after a lock and at start: no one-click keychain unlock.
  const keychainUnlocks = slots.keychain && !slots.password_at_unlock;
  let usePassword = !keychainUnlocks;
  let lastPassword = null;
  let pendingError = null;

  const card = h("div", { class: "auth-card" });
  const root = h("main", { class: "auth-screen" }, card);
  let focusTarget = null;

  function errorBlock(failure) {
    if (!failure) return null;
    const rolledBack = failure.code === "vault-rolled-back";
    const openAnyway = rolledBack
      ? h("button", {
          type: "button",
          class: "button warning-button",
          test: "open-anyway",
          text: t("unlock.openAnyway"),
          onclick: (event) => {
            event.currentTarget.disabled = true;
            enter(() => api.acceptOlderVault(lastPassword));
          },
        })
      : null;
    return h(
      "div",
      { class: ["unlock-error", rolledBack ? "banner banner-warning" : null] },
      rolledBack ? icon("warning", { className: "banner-icon" }) : null,
      h("div", { class: "banner-text" }, h("p", { class: "form-error", id: "unlock-error", test: "unlock-error", role: "alert", text: errorText(failure) }), openAnyway),
    );
  }

  /** Opens the vault with `request` (unlock, or open an older vault anyway);
   * a refusal is drawn in the card, once `onRefused` has seen it. */
  async function enter(request, onRefused = () => {}) {
    try {
      const status = await request();
      lastPassword = null;
      await app.enterUnlocked(status);
    } catch (failure) {
      pendingError = failure;
      onRefused(failure);
      draw();
    }
  }

  function attempt(button, password) {
    busy(button, true);
    lastPassword = password;
    enter(
      () => api.unlock(password),
      // A refusal only the password gets past turns the card to the password form.
      (failure) => {
        if (!usePassword && slots.password && PASSWORD_HINT_CODES.has(failure.code)) usePassword = true;
      },
    );
  }

  function draw() {
    const failure = pendingError;
    const parts = [h("div", { class: "auth-mark" }, icon("lock")), h("h1", { class: "auth-title", text: t("unlock.title") })];

    if (usePassword) {
      const inputId = uid("unlock-password");
      const input = h("input", {
        type: "password",
        id: inputId,
        class: "input",
        test: "unlock-password",
        autocomplete: "current-password",
        "aria-invalid": failure && failure.code === "vault-wrong-password" ? "true" : null,
        "aria-describedby": failure ? "unlock-error" : null,
      });
      const submit = h("button", { type: "submit", class: "button primary wide", test: "unlock" }, t("unlock.unlock"));
      const form = h(
        "form",
        { class: "auth-form", novalidate: true },
        h("p", { class: "auth-lead", text: slots.password_at_unlock ? t("unlock.passwordAtUnlockLead") : slots.keychain ? t("unlock.passwordLead") : t("unlock.passwordOnlyLead") }),
        field({ label: t("unlock.password"), input }).element,
        errorBlock(failure),
        submit,
        keychainUnlocks
          ? h("button", { type: "button", class: "button link", test: "use-keychain-instead", text: t("unlock.useKeychain"), onclick: () => switchMode(false) })
          : null,
      );
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        attempt(submit, input.value);
      });
      parts.push(form);
      focusTarget = input;
    } else {
      const unlockButton = h("button", { type: "button", class: "button primary wide", test: "unlock" }, t("unlock.unlock"));
      unlockButton.addEventListener("click", () => attempt(unlockButton, null));
      parts.push(
        h(
          "div",
          { class: "auth-form" },
          h("p", { class: "auth-lead", text: t("unlock.keychainLead") }),
          errorBlock(failure),
          unlockButton,
          slots.password
            ? h("button", { type: "button", class: "button link", test: "use-password-instead", text: t("unlock.usePassword"), onclick: () => switchMode(true) })
            : null,
        ),
      );
      focusTarget = unlockButton; // never put the focus on "Open it anyway"
    }
    card.replaceChildren(...parts);
    if (root.isConnected) (focusTarget || card.querySelector("button")).focus();
  }

  function switchMode(password) {
    usePassword = password;
    pendingError = null;
    draw();
  }

  draw();
  return { root, focus: () => (focusTarget || card.querySelector("button")).focus() };
}
