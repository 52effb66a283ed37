// Owns the first-run screen (no vault yet): one sentence about Safekeep,
// "Create my vault" (key in the OS keychain), and the optional password —
// required, with the reason in plain words, when no keychain can be reached.
// Also the new-password fields with their strength meter, shared with Settings
// and the backup form.

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { icon } from "../icons.js";
import { t } from "../i18n.js";

/** How long typing pauses before the meter asks Rust to measure again. */
const MEASURE_DELAY_MS = 150;
const STRENGTH_LABELS = ["password.veryWeak", "password.veryWeak", "password.weak", "password.good", "password.strong"];

/** The strength meter under a new-password field: four segments and one line
 * saying how strong it is and, when too weak, why and what helps. Rust measures
 * (zxcvbn) and refuses a too-weak password; this only shows it as the user types. */
function strengthMeter(input) {
  const segments = [0, 1, 2, 3].map(() => h("span", { class: "meter-segment" }));
  const text = h("p", { class: "meter-text", id: uid("password-meter-text") });
  const meter = h("div", { class: "strength-meter", test: "password-meter", hidden: true }, h("div", { class: "meter-bar", "aria-hidden": "true" }, segments), text);
  input.setAttribute("aria-describedby", text.id);
  let timer = null;
  let asked = 0;
  function show(strength) {
    meter.hidden = false;
    meter.dataset.score = String(strength.score);
    meter.dataset.acceptable = String(strength.acceptable);
    meter.classList.toggle("is-weak", !strength.acceptable);
    segments.forEach((segment, index) => segment.classList.toggle("is-on", index < Math.max(1, strength.score)));
    const label = h("strong", { text: t(STRENGTH_LABELS[strength.score] || "password.veryWeak") });
    const why = strength.acceptable ? [] : [strength.weakness, strength.advice[0]].filter(Boolean);
    text.replaceChildren(label, ...why.map((part) => ` ${part}`));
  }
  function reset() {
    clearTimeout(timer);
    asked += 1;
    meter.hidden = true;
    text.replaceChildren();
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (input.value === "") {
      reset();
      return;
    }
    timer = setTimeout(async () => {
      const ask = ++asked;
      try {
        const strength = await api.passwordStrength(input.value);
        if (ask === asked && input.value !== "") show(strength);
      } catch {
        // The meter is advice; the refusal on submit is what counts.
      }
    }, MEASURE_DELAY_MS);
  });
  return { element: meter, reset };
}

export function passwordFields({ autocomplete = "new-password", newLabel = t("password.new") } = {}) {
  const newId = uid("new-password");
  const repeatId = uid("repeat-password");
  const newPassword = h("input", { type: "password", id: newId, class: "input", test: "new-password", autocomplete });
  const repeatPassword = h("input", { type: "password", id: repeatId, class: "input", test: "repeat-password", autocomplete });
  const meter = strengthMeter(newPassword);
  const element = h(
    "div",
    { class: "password-fields" },
    h("div", { class: "field" }, h("label", { class: "field-label", for: newId, text: newLabel }), newPassword, meter.element),
    h("div", { class: "field" }, h("label", { class: "field-label", for: repeatId, text: t("password.repeat") }), repeatPassword),
  );
  return {
    element,
    newPassword,
    repeatPassword,
    /** The password, or a translated problem to show. */
    read() {
      const value = newPassword.value;
      if (value === "") return { problem: t("password.empty"), field: newPassword };
      if (value !== repeatPassword.value) return { problem: t("password.mismatch"), field: repeatPassword };
      return { password: value };
    },
    clear() {
      newPassword.value = "";
      repeatPassword.value = "";
      meter.reset();
    },
  };
}

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
    passwordRequired ? null : h("p", { class: "hint", text: t("firstRun.passwordReason") }),
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
        error.textContent = result.problem;
        error.hidden = false;
        result.field.setAttribute("aria-describedby", errorId);
        result.field.focus();
        return;
      }
      password = result.password;
    }
    createButton.disabled = true;
    createButton.classList.add("is-busy");
    try {
      const status = await api.createVault(password);
      fields.clear();
      await app.enterUnlocked(status);
    } catch (failure) {
      error.textContent = failure.message || String(failure);
      error.hidden = false;
      if (failure.field === "password") fields.newPassword.focus();
    } finally {
      createButton.disabled = false;
      createButton.classList.remove("is-busy");
    }
  });

  const root = h(
    "main",
    { class: "auth-screen" },
    h(
      "div",
      { class: "auth-card" },
      h("div", { class: "auth-mark" }, icon("shield")),
      h("h1", { class: "auth-title", text: t("firstRun.title") }),
      h("p", { class: "auth-lead", text: t("firstRun.lead") }),
      form,
      passwordRequired ? null : h("p", { class: "auth-footnote", text: t("firstRun.keychainNote") }),
    ),
  );

  return {
    root,
    focus: () => (passwordRequired ? fields.newPassword.focus() : createButton.focus()),
  };
}
