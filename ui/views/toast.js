// Owns the toast at the bottom centre of the window (aria-live="polite"):
// one short message at a time, optionally with one action such as Undo.

import { h } from "../dom.js";
import { t, errorText } from "../i18n.js";

let region = null;
let active = null;

export function mountToasts(element) {
  region = element;
}

function dismiss(toast) {
  if (!toast || active !== toast) return;
  clearTimeout(toast.timer);
  active = null;
  toast.el.remove();
  document.body.classList.remove("has-toast");
}

/**
 * showToast("Copied", {action: {label: "Undo", test: "toast-undo", onClick}, seconds: 10, tone: "error"})
 */
export function showToast(message, { action = null, seconds = 4, tone = "info" } = {}) {
  if (!region) return;
  dismiss(active);
  const toast = { el: null, timer: null };
  const actionButton = action
    ? h("button", {
        type: "button",
        class: "toast-action",
        test: action.test || "toast-action",
        text: action.label,
        onclick: () => {
          dismiss(toast);
          action.onClick();
        },
      })
    : null;
  toast.el = h("div", { class: ["toast", `toast-${tone}`], test: "toast" }, h("span", { class: "toast-message", text: message }), actionButton);
  region.append(toast.el);
  // Scrolling areas end above the toast as tall as it is: a Dutch message
  // wraps to two lines and would cover a button under a fixed margin.
  const covered = window.innerHeight - toast.el.getBoundingClientRect().top;
  document.body.style.setProperty("--toast-room", `${Math.ceil(covered) + 8}px`);
  document.body.classList.add("has-toast");
  active = toast;

  const expire = () => {
    // Never pull the toast away from under the keyboard focus.
    if (toast.el.contains(document.activeElement)) {
      toast.el.addEventListener("focusout", () => (toast.timer = setTimeout(() => dismiss(toast), 1500)), { once: true });
      return;
    }
    dismiss(toast);
  };
  toast.timer = setTimeout(expire, seconds * 1000);
}

/** "Copied", and when the clipboard will be cleared (never, at 0 seconds). */
export function showCopiedToast(seconds) {
  showToast(seconds > 0 ? t("toast.copiedClears", { seconds }) : t("toast.copied"));
}

/** An error as a toast, for a failure that belongs to no form (copy a code, undo). */
export function showErrorToast(error) {
  showToast(errorText(error), { tone: "error", seconds: 8 });
}

export function clearToasts() {
  dismiss(active);
}
