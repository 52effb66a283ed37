// Owns the pieces every form in the window is built from: a labelled field,
// the error lines (one that moves under the field an error names, and plain
// ones under a form), radio choices, the new-password pair with its strength
// meter, and a button that shows it is busy. Views build their forms from
// these, so every form has the same classes, ids and aria wiring, and an
// error reads the same wherever it shows.

import * as api from "./api.js";
import { h, uid } from "./dom.js";
import { t, errorText } from "./i18n.js";

/** How long typing pauses before the meter asks Rust to measure again. */
const MEASURE_DELAY_MS = 150;
const STRENGTH_LABELS = ["password.veryWeak", "password.veryWeak", "password.weak", "password.good", "password.strong"];

/** A labelled field with an optional hint line; returns {element, input}. */
export function field({ label, input, hint }) {
  const id = input.id || uid("field");
  input.id = id;
  const hintElement = hint ? h("p", { class: "hint", id: `${id}-hint`, text: hint }) : null;
  if (hintElement) input.setAttribute("aria-describedby", hintElement.id);
  return { element: h("div", { class: "field" }, h("label", { class: "field-label", for: id, text: label }), input, hintElement), input };
}

/**
 * An error line that moves under whichever field the error names.
 * fields: {name: {element, input}}; fallbackAnchor: element to show it before.
 */
export function inlineError(testId, fields, fallbackAnchor) {
  const element = h("p", { class: "form-error", test: testId, id: uid(testId), role: "alert", hidden: true });
  let marked = null;
  return {
    element,
    show(error) {
      this.clear();
      const named = fields[error && error.field] || null;
      // A field hidden at the moment (e.g. the secret of a tokens-only account) cannot show it.
      const target = named && !named.element.closest("[hidden]") ? named : null;
      element.textContent = errorText(error);
      element.hidden = false;
      if (target) {
        target.element.append(element);
        target.input.setAttribute("aria-invalid", "true");
        target.input.dataset.describedBefore = target.input.getAttribute("aria-describedby") || "";
        target.input.setAttribute("aria-describedby", `${element.id} ${target.input.dataset.describedBefore}`.trim());
        marked = target.input;
        target.input.focus();
      } else {
        fallbackAnchor.before(element);
      }
    },
    clear() {
      element.hidden = true;
      element.textContent = "";
      if (marked) {
        marked.removeAttribute("aria-invalid");
        const before = marked.dataset.describedBefore;
        if (before) marked.setAttribute("aria-describedby", before);
        else marked.removeAttribute("aria-describedby");
        marked = null;
      }
    },
  };
}

/** A form's error line, empty and hidden until showFormError fills it. */
export function formError(test) {
  return h("p", { class: "form-error", test, role: "alert", hidden: true });
}

/** Shows `problem` (a translated string, or an error from api.js) in a form's error line. */
export function showFormError(element, problem) {
  element.textContent = errorText(problem);
  element.hidden = false;
}

/** An error line shown at once, for a step that failed outside a form (show a QR code, delete). */
export function failureNote(failure) {
  return h("p", { class: "form-error", role: "alert", text: errorText(failure) });
}

/** Marks a button busy while its action runs: it cannot be pressed twice, and looks it. */
export function busy(button, on) {
  if (on) button.dataset.busyHadFocus = String(document.activeElement === button);
  button.disabled = on;
  button.classList.toggle("is-busy", on);
  // A disabled button loses the keyboard focus to the page; give it back,
  // or a keyboard user is left nowhere (WCAG 2.4.3).
  const lost = !document.activeElement || document.activeElement === document.body;
  if (!on && button.dataset.busyHadFocus === "true" && lost) button.focus();
  if (!on) delete button.dataset.busyHadFocus;
}

/** One radio choice with a title and a hint under it (add tokens, restore a backup). */
export function choiceOption(input, title, hint) {
  return h("div", { class: "choice-option" }, input, h("label", { for: input.id }, h("span", { class: "choice-title", text: title }), h("span", { class: "hint", text: hint })));
}

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

/** A new password typed twice, with the strength meter under the first
 * (first run, settings, backup). */
export function passwordFields({ autocomplete = "new-password", newLabel = t("password.new") } = {}) {
  const newPassword = h("input", { type: "password", id: uid("new-password"), class: "input", test: "new-password", autocomplete });
  const repeatPassword = h("input", { type: "password", id: uid("repeat-password"), class: "input", test: "repeat-password", autocomplete });
  const meter = strengthMeter(newPassword);
  const newField = field({ label: newLabel, input: newPassword });
  newField.element.append(meter.element);
  const element = h("div", { class: "password-fields" }, newField.element, field({ label: t("password.repeat"), input: repeatPassword }).element);
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
