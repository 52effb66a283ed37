// Owns the first-run screen (no vault yet): one sentence about Safekeep,
// "Create my vault" (key in the OS keychain), and the optional password —
// required, with the reason in plain words, when no keychain can be reached;
// and the way to "Use a vault from a synced folder" instead (sync.js).

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { icon } from "../icons.js";
import { t } from "../i18n.js";
import { passwordFields, showFormError, busy } from "../forms.js";
import { renderJoinCard } from "./sync.js";

export function renderFirstRun(app) {
  const keychain = app.status.keychain || { available: true, problem: null };
  const passwordRequired = !keychain.available;
  let passwordOpen = passwordRequired;

  const fields = passwordFields();
  const errorId = uid("create-error");
  const error = h("p", { class: "form-error", id: errorId, test: "create-error", role: "alert", hidden: true });
  const passwordSection = h(
    "div",
    { class: "reveal-section", id: uid("password-section"), hidden: !passwordOpen },
    h("p", { class: "hint", test: "passwords-which", text: passwordRequired ? t("password.which") : t("firstRun.passwordReason") }),
    fields.element,
  );
  const createButton = h("button", { type: "submit", class: "button primary wide", test: "create-vault" }, t("firstRun.create"));

  const toggle = passwordRequired
    ? null
    : h(
        "button",
        { type: "button", class: "button link", test: "also-password", "aria-expanded": "false", "aria-controls": passwordSection.id },
        icon("chevronDown", { className: "toggle-chevron" }),
        t("firstRun.alsoPassword"),
      );
  if (toggle) {
    toggle.addEventListener("click", () => {
      passwordOpen = !passwordOpen;
      toggle.setAttribute("aria-expanded", String(passwordOpen));
      passwordSection.hidden = !passwordOpen;
      if (passwordOpen) fields.newPassword.focus();
      else fields.clear();
    });
  }

  const keychainProblem = passwordRequired
    ? h(
        "div",
        { class: "banner banner-warning", test: "keychain-problem", role: "note" },
        icon("warning", { className: "banner-icon" }),
        h(
          "div",
          { class: "banner-text" },
          h("p", { class: "banner-title", text: t("firstRun.noKeychainTitle") }),
          h("p", { text: t("firstRun.noKeychainText") }),
          keychain.problem ? h("p", { class: "banner-detail", text: keychain.problem }) : null,
        ),
      )
    : null;

  const form = h("form", { class: "auth-form", novalidate: true }, keychainProblem, passwordSection, error, createButton, toggle);

  // A refusal is about what was typed; once it changes, the meter speaks.
  form.addEventListener("input", () => (error.hidden = true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    let password = null;
    if (passwordOpen) {
      const result = fields.read();
      if (result.problem) {
        showFormError(error, result.problem);
        result.field.setAttribute("aria-describedby", errorId);
        result.field.focus();
        return;
      }
      password = result.password;
    }
    busy(createButton, true);
    try {
      const status = await api.createVault(password);
      fields.clear();
      await app.enterUnlocked(status);
    } catch (failure) {
      showFormError(error, failure);
      if (failure.field === "password") fields.newPassword.focus();
    } finally {
      busy(createButton, false);
    }
  });

  // A second computer joins the vault the first keeps in a synced folder.
  const joinInstead = h("button", { type: "button", class: "button link", test: "use-synced-vault", text: t("firstRun.useSyncedVault") });
  const card = h(
    "div",
    { class: "auth-card" },
    h("div", { class: "auth-mark" }, icon("shield")),
    h("h1", { class: "auth-title", text: t("firstRun.title") }),
    h("p", { class: "auth-lead", text: t("firstRun.lead") }),
    form,
    passwordRequired ? null : h("p", { class: "auth-footnote", text: t("firstRun.keychainNote") }),
    h("div", { class: "auth-alternative" }, joinInstead),
  );
  const root = h("main", { class: "auth-screen" }, card);
  joinInstead.addEventListener("click", () => {
    fields.clear();
    const join = renderJoinCard(app, {
      onBack: () => {
        root.replaceChildren(card);
        joinInstead.focus();
      },
    });
    root.replaceChildren(join.card);
    join.focus();
  });

  return {
    root,
    focus: () => (passwordRequired ? fields.newPassword.focus() : createButton.focus()),
  };
}
