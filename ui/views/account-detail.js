// Owns the account detail panel: edit the site name, account name and notes,
// open the account's backup tokens, show its QR code to move it to a phone
// (behind a warning), and delete it after a short confirmation (then Undo,
// see account-delete.js). The row's ⋯ menu opens it at the QR warning or the
// delete confirmation (`start`), so those keep one path each.

import * as api from "../api.js";
import { h, svgToDataUri } from "../dom.js";
import { icon } from "../icons.js";
import { t } from "../i18n.js";
import { busy, field, inlineError, failureNote } from "../forms.js";
import { openPanel } from "./panel.js";
import { showToast } from "./toast.js";
import { openTokensPanel } from "./tokens-panel.js";
import { deleteAccount } from "./account-delete.js";

function describeKind(account) {
  switch (account.kind) {
    case "totp":
      return t("detail.kindTotp", { digits: account.digits, period: account.period });
    case "hotp":
      return t("detail.kindHotp", { digits: account.digits });
    case "steam":
      return t("detail.kindSteam");
    default:
      return t("detail.kindNone");
  }
}

/** `start`: "show-qr" or "delete" opens the panel at that step, as the row's
 * ⋯ menu asks; the user still confirms there. */
export function openAccountDetail(app, id, { animate = true, start = null } = {}) {
  const account = app.findAccount(id);
  if (!account) return null;
  const panel = openPanel({
    testId: "detail-panel",
    title: account.name,
    subtitle: account.issuer ? account.label : "",
    animate,
    reopen: (options) => openAccountDetail(app, id, options),
  });

  // ---- edit ----
  const issuer = field({ label: t("add.manual.issuer"), input: h("input", { type: "text", class: "input", test: "detail-issuer", value: account.issuer, autocomplete: "off" }) });
  const label = field({ label: t("add.manual.label"), input: h("input", { type: "text", class: "input", test: "detail-label", value: account.label, autocomplete: "off", spellcheck: "false" }) });
  const notes = field({ label: t("detail.notes"), input: h("textarea", { class: "input", test: "detail-notes", rows: "3", value: account.notes || "" }), hint: t("detail.notesHint") });
  const save = h("button", { type: "submit", class: "button primary", test: "detail-save", text: t("detail.save") });
  const error = inlineError("detail-error", { issuer, label, notes }, save);
  const form = h("form", { class: "form", novalidate: true }, issuer.element, label.element, notes.element, h("div", { class: "form-actions" }, save));
  form.addEventListener("input", () => error.clear());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    busy(save, true);
    try {
      const updated = await api.updateAccount(id, { issuer: issuer.input.value.trim(), label: label.input.value.trim(), notes: notes.input.value });
      app.replaceAccount(updated);
      panel.setTitle(updated.name, updated.issuer ? updated.label : "");
      showToast(t("detail.saved"));
      app.refresh();
    } catch (failure) {
      error.show(failure);
    } finally {
      busy(save, false);
    }
  });

  const kindLine = h("p", { class: "meta-line" }, icon("info", { className: "meta-icon" }), h("span", { text: describeKind(account) }));

  // ---- backup tokens ----
  const tokens = account.tokens;
  const tokensSection = h(
    "section",
    { class: "section" },
    h("h3", { class: "section-title", text: t("detail.tokensTitle") }),
    h("p", { class: "section-text", text: tokens.total > 0 ? t("tokens.count", { unused: tokens.unused, total: tokens.total, count: tokens.total }) : t("detail.noTokens") }),
    h("button", { type: "button", class: "button", test: "detail-open-tokens", onclick: () => openTokensPanel(app, id) }, icon("key"), tokens.total > 0 ? t("detail.openTokens") : t("detail.addTokens")),
  );

  // ---- QR code to move to a phone ----
  const qrArea = h("div", { class: "qr-area" });
  function qrIdle() {
    qrArea.replaceChildren(
      h("p", { class: "section-text", text: t("detail.qrText") }),
      h("button", { type: "button", class: "button", test: "show-qr", onclick: qrWarn }, icon("phone"), t("detail.qrShow")),
    );
  }
  function qrWarn() {
    const confirm = h("button", { type: "button", class: "button warning-button", test: "qr-confirm", text: t("detail.qrConfirm"), onclick: qrReveal });
    qrArea.replaceChildren(
      h(
        "div",
        { class: "banner banner-warning", role: "note" },
        icon("warning", { className: "banner-icon" }),
        h("div", { class: "banner-text" }, h("p", { class: "banner-title", text: t("detail.qrWarningTitle") }), h("p", { text: t("detail.qrWarning") })),
      ),
      h("div", { class: "button-row" }, confirm, h("button", { type: "button", class: "button", text: t("common.cancel"), onclick: () => { qrIdle(); qrArea.querySelector("button").focus(); } })),
    );
    confirm.focus();
  }
  async function qrReveal() {
    try {
      // The grant comes from this click: Rust reveals the secret only after it.
      const grant = await api.grantReveal({ what: "account-qr", id });
      const { svg } = await api.accountQrSvg(id, grant);
      const image = h("img", { class: "qr-image", test: "qr-image", alt: t("detail.qrAlt", { name: account.name }), src: svgToDataUri(svg) });
      const hide = h("button", { type: "button", class: "button", test: "hide-qr", text: t("detail.qrHide"), onclick: () => { qrIdle(); qrArea.querySelector("button").focus(); } });
      qrArea.replaceChildren(h("div", { class: "qr-frame" }, image), h("p", { class: "hint", text: t("detail.qrScan") }), hide);
      hide.focus();
    } catch (failure) {
      qrArea.append(failureNote(failure));
    }
  }
  qrIdle();
  const qrSection =
    account.kind === "none" ? null : h("section", { class: "section" }, h("h3", { class: "section-title", text: t("detail.qrTitle") }), qrArea);

  // ---- delete ----
  const deleteArea = h("div", { class: "delete-area" });
  function deleteIdle() {
    deleteArea.replaceChildren(
      h("button", { type: "button", class: "button danger-outline", test: "delete-account", onclick: deleteConfirm }, icon("trash"), t("detail.delete")),
    );
  }
  function deleteConfirm() {
    const confirm = h("button", {
      type: "button",
      class: "button danger",
      test: "delete-confirm",
      text: t("detail.deleteConfirm"),
      onclick: async () => {
        busy(confirm, true);
        try {
          await deleteAccount(app, account, { deleted: () => panel.close() });
        } catch (failure) {
          busy(confirm, false);
          deleteArea.append(failureNote(failure));
        }
      },
    });
    const cancel = h("button", { type: "button", class: "button", text: t("common.cancel"), onclick: () => { deleteIdle(); deleteArea.querySelector("button").focus(); } });
    deleteArea.replaceChildren(
      h(
        "div",
        { class: "banner banner-danger", role: "note" },
        icon("warning", { className: "banner-icon" }),
        h(
          "div",
          { class: "banner-text" },
          h("p", { class: "banner-title", text: t("detail.deleteTitle", { name: account.name }) }),
          h("p", { text: tokens.total > 0 ? t("detail.deleteTextTokens", { count: tokens.total }) : t("detail.deleteText") }),
        ),
      ),
      h("div", { class: "button-row" }, confirm, cancel),
    );
    cancel.focus();
  }
  deleteIdle();

  panel.body.append(
    form,
    kindLine,
    tokensSection,
    qrSection,
    h("section", { class: "section" }, h("h3", { class: "section-title", text: t("detail.dangerTitle") }), deleteArea),
  );
  panel.onCleanup(() => qrArea.replaceChildren());
  panel.onAccountsChanged = () => {
    if (!app.findAccount(id)) panel.close();
  };
  if (start === "show-qr" && qrSection) qrWarn();
  else if (start === "delete") deleteConfirm();
  else panel.focus(issuer.input);
  return panel;
}
