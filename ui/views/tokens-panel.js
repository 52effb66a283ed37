// Owns the backup-tokens panel of one account: how many are unused, the big
// "Use backup token" (copy + mark used, with Undo), the running-low and
// exhausted banners, the token list (masked unless revealed; used ones struck
// through with their date) with a per-token menu, and "Add tokens" with a live
// preview. Revealed codes are dropped from the DOM when hidden or closed.

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { icon } from "../icons.js";
import { t, formatDateTime } from "../i18n.js";
import { openPanel } from "./panel.js";
import { showToast, showError } from "./toast.js";
import { openMenu, closeMenu } from "./menu.js";

const PREVIEW_DELAY_MS = 250;

function copiedMessage(seconds) {
  return seconds > 0 ? t("toast.copiedClears", { seconds }) : t("toast.copied");
}

export function openTokensPanel(app, id, { addOpen = false, animate = true } = {}) {
  const start = app.findAccount(id);
  if (!start) return null;
  const site = () => {
    const account = app.findAccount(id) || start;
    return account.issuer || account.label;
  };
  const panel = openPanel({
    testId: "tokens-panel",
    title: site(),
    subtitle: start.issuer ? start.label : "",
    className: "panel-tokens",
    animate,
    reopen: (options) => openTokensPanel(app, id, { addOpen: !addSection.hidden, ...options }),
  });

  let revealed = false;
  let rows = [];
  let loadSeq = 0;

  // ---- summary: count, banner, primary action ----
  const count = h("p", { class: "tokens-count", test: "tokens-count" });
  const bannerSlot = h("div", { class: "banner-slot" });
  const primary = h("button", { type: "button", class: "button primary wide big", test: "use-token" });
  const primaryHint = h("p", { class: "hint center" });
  const useError = h("p", { class: "form-error", test: "tokens-error", role: "alert", hidden: true });
  const summary = h("section", { class: "tokens-summary" }, count, bannerSlot, primary, useError, primaryHint);

  // ---- list ----
  const revealButton = h("button", { type: "button", class: "button small ghost", test: "tokens-reveal", "aria-pressed": "false" });
  const addOpenButton = h("button", { type: "button", class: "button small ghost", test: "tokens-add-open" }, icon("plus"), t("tokens.add"));
  const listTitleId = uid("tokens-list-title");
  const list = h("ol", { class: "token-list", "aria-labelledby": listTitleId });
  const listHead = h("div", { class: "section-head" }, h("h3", { class: "section-title", id: listTitleId, text: t("tokens.listTitle") }), h("div", { class: "section-tools" }, revealButton, addOpenButton));
  const listSection = h("section", { class: "section" }, listHead, list);

  // ---- add tokens ----
  const textareaId = uid("tokens-textarea");
  const textarea = h("textarea", { id: textareaId, class: "input mono-input", test: "tokens-textarea", rows: "6", spellcheck: "false", autocomplete: "off", placeholder: "ab12-cd34\nef56-gh78\n…" });
  const preview = h("p", { class: "tokens-preview", test: "tokens-preview", "aria-live": "polite" });
  const modeName = uid("mode");
  const appendRadio = h("input", { type: "radio", name: modeName, value: "append", test: "tokens-append", checked: true, id: uid("append") });
  const replaceRadio = h("input", { type: "radio", name: modeName, value: "replace", test: "tokens-replace", id: uid("replace") });
  const modeChoice = h(
    "fieldset",
    { class: "choice" },
    h("legend", { class: "field-label", text: t("tokens.modeLegend") }),
    h("div", { class: "choice-option" }, appendRadio, h("label", { for: appendRadio.id }, h("span", { class: "choice-title", text: t("tokens.append") }), h("span", { class: "hint", text: t("tokens.appendHint") }))),
    h("div", { class: "choice-option" }, replaceRadio, h("label", { for: replaceRadio.id }, h("span", { class: "choice-title", text: t("tokens.replace") }), h("span", { class: "hint", text: t("tokens.replaceHint") }))),
  );
  const addError = h("p", { class: "form-error", test: "tokens-add-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "button primary", test: "tokens-submit", text: t("tokens.submitAppend") });
  const cancelAdd = h("button", { type: "button", class: "button", test: "tokens-add-cancel", text: t("common.cancel") });
  const addForm = h(
    "form",
    { class: "form", novalidate: true },
    h("div", { class: "field" }, h("label", { class: "field-label", for: textareaId, text: t("tokens.pasteLabel") }), textarea, preview),
    modeChoice,
    addError,
    h("div", { class: "form-actions" }, cancelAdd, submit),
  );
  const addSection = h("section", { class: "section add-tokens", hidden: true }, h("h3", { class: "section-title", text: t("tokens.addTitle") }), addForm);

  panel.body.append(summary, addSection, listSection);

  // ---- drawing ----
  function drawSummary() {
    const account = app.findAccount(id);
    if (!account) return;
    const { unused, total, state } = account.tokens;
    panel.setTitle(account.issuer || account.label, account.issuer ? account.label : "");
    count.textContent = total > 0 ? t("tokens.count", { unused, total, count: total }) : t("tokens.countNone");
    count.classList.toggle("is-danger", total > 0 && unused === 0);

    bannerSlot.replaceChildren();
    if (state === "running_low" || state === "exhausted") {
      const strong = state === "exhausted";
      bannerSlot.append(
        h(
          "div",
          { class: ["banner", strong ? "banner-danger" : "banner-calm"], test: "tokens-banner", role: strong ? "alert" : "status" },
          icon(strong ? "warning" : "info", { className: "banner-icon" }),
          h("p", { class: "banner-text", text: strong ? t("tokens.bannerNone", { site: site() }) : t("tokens.bannerLow", { count: unused, site: site() }) }),
        ),
      );
    }
    const canUse = unused > 0;
    primary.replaceChildren(icon(canUse ? "key" : "plus"), h("span", { text: canUse ? t("tokens.use") : total > 0 ? t("tokens.addNew") : t("tokens.add") }));
    primary.dataset.action = canUse ? "use" : "add";
    primaryHint.textContent = canUse ? t("tokens.useHint", { site: site() }) : t("tokens.noneHint", { site: site() });
    modeChoice.hidden = total === 0;
    if (total === 0) appendRadio.checked = true;
    syncSubmitLabel();
  }

  function tokenRow(row) {
    const used = row.used_at !== null && row.used_at !== undefined;
    const shown = revealed && row.code ? row.code : row.masked;
    const menuButton = h(
      "button",
      { type: "button", class: "icon-button small", test: "token-menu", "aria-haspopup": "menu", "aria-expanded": "false", "aria-label": t("tokens.menuLabel", { number: row.index + 1 }) },
      icon("more"),
    );
    menuButton.addEventListener("click", () =>
      openMenu(menuButton, [
        { label: t("tokens.copy"), test: "token-copy", onSelect: () => copyOne(row) },
        used
          ? { label: t("tokens.markUnused"), test: "token-mark-unused", onSelect: () => markUsed(row, false) }
          : { label: t("tokens.markUsed"), test: "token-mark-used", onSelect: () => markUsed(row, true) },
      ]),
    );
    return h(
      "li",
      { class: ["token-row", used ? "is-used" : null, revealed && row.code ? "is-revealed" : null], test: "token-row", dataset: { used: String(used), index: String(row.index) } },
      h("span", { class: "token-number", "aria-hidden": "true", text: String(row.index + 1) }),
      h("span", { class: "token-code", test: "token-code", text: shown, "aria-label": revealed && row.code ? null : t("tokens.hiddenLabel") }),
      h("span", { class: "token-state", text: used ? t("tokens.usedAt", { when: formatDateTime(row.used_at) }) : "" }),
      menuButton,
    );
  }

  function drawList() {
    closeMenu({ restoreFocus: false }); // its button is about to be replaced
    const focusedIndex = list.contains(document.activeElement) ? document.activeElement.closest("[data-test='token-row']")?.dataset.index : null;
    // Unused tokens first (what is left matters most), each group in the site's order.
    const isUsed = (row) => (row.used_at === null || row.used_at === undefined ? 0 : 1);
    const ordered = [...rows].sort((a, b) => isUsed(a) - isUsed(b) || a.index - b.index);
    list.replaceChildren(...ordered.map(tokenRow));
    listSection.hidden = rows.length === 0;
    revealButton.replaceChildren(icon(revealed ? "eyeOff" : "eye"), h("span", { text: revealed ? t("tokens.hide") : t("tokens.reveal") }));
    revealButton.setAttribute("aria-pressed", String(revealed));
    if (focusedIndex !== null && focusedIndex !== undefined) list.querySelector(`[data-index='${focusedIndex}'] [data-test='token-menu']`)?.focus();
  }

  /** Plain text only with a grant from the Reveal click; any other reload (after a
   * change) shows the tokens masked again. */
  async function loadTokens(grant = null) {
    const seq = ++loadSeq;
    try {
      const fresh = await api.listTokens(id, grant !== null, grant);
      if (seq !== loadSeq || !panel.isOpen) return;
      revealed = grant !== null;
      rows = fresh;
      drawList();
    } catch (failure) {
      if (panel.isOpen) showError(failure);
    }
  }

  // ---- actions ----
  async function useToken() {
    useError.hidden = true;
    primary.disabled = true;
    try {
      const result = await api.useBackupToken(id);
      app.replaceAccount(result.account);
      showToast(t("tokens.usedToast"), {
        seconds: 10,
        action: { label: t("common.undo"), test: "toast-undo", onClick: () => undo() },
      });
    } catch (failure) {
      useError.textContent = failure.message || String(failure);
      useError.hidden = false;
      app.refresh();
    } finally {
      primary.disabled = false;
    }
  }

  async function undo() {
    try {
      const result = await api.undoTokenUse(id);
      app.replaceAccount(result.account);
      showToast(t("tokens.undone"));
    } catch (failure) {
      showError(failure);
    }
  }

  async function copyOne(row) {
    try {
      const { clear_after_seconds: seconds } = await api.copyToken(id, row.index);
      showToast(copiedMessage(seconds));
    } catch (failure) {
      showError(failure);
    }
  }

  async function markUsed(row, used) {
    try {
      const fresh = await api.setTokenUsed(id, row.index, used);
      if (!revealed) {
        rows = fresh;
        drawList();
      }
      await app.refresh(); // new counts; reloads the list too
    } catch (failure) {
      showError(failure);
    }
  }

  async function setRevealed(on) {
    if (!on) {
      revealed = false;
      // Drop the revealed codes from the DOM at once, before the masked list arrives.
      rows = rows.map((row) => ({ ...row, code: null }));
      drawList();
      loadTokens();
      return;
    }
    try {
      // The grant comes from this click: Rust reveals the tokens only after it.
      loadTokens(await api.grantReveal({ what: "tokens", id }));
    } catch (failure) {
      showError(failure);
    }
  }

  function openAdd() {
    addSection.hidden = false;
    addOpenButton.hidden = true;
    textarea.focus();
  }
  function closeAdd() {
    addSection.hidden = true;
    addOpenButton.hidden = false;
    textarea.value = "";
    preview.textContent = "";
    addError.hidden = true;
  }

  function syncSubmitLabel() {
    submit.textContent = replaceRadio.checked ? t("tokens.submitReplace") : t("tokens.submitAppend");
  }

  let previewTimer = null;
  let previewSeq = 0;
  function schedulePreview() {
    clearTimeout(previewTimer);
    addError.hidden = true;
    const text = textarea.value;
    if (!text.trim()) {
      previewSeq += 1;
      preview.textContent = "";
      preview.classList.remove("is-problem");
      return;
    }
    previewTimer = setTimeout(async () => {
      const seq = ++previewSeq;
      try {
        const report = await api.previewTokens(id, text);
        if (seq !== previewSeq) return;
        const found = report.added + report.already_stored;
        const parts = [t("tokens.previewFound", { count: found })];
        if (report.already_stored > 0) parts.push(t("tokens.previewAlready", { count: report.already_stored }));
        if (report.repeated_in_paste > 0) parts.push(t("tokens.previewRepeated", { count: report.repeated_in_paste }));
        preview.textContent = parts.join(", ");
        preview.classList.toggle("is-problem", report.added === 0);
      } catch (failure) {
        if (seq !== previewSeq) return;
        preview.textContent = failure.message || String(failure);
        preview.classList.add("is-problem");
      }
    }, PREVIEW_DELAY_MS);
  }

  primary.addEventListener("click", () => (primary.dataset.action === "use" ? useToken() : openAdd()));
  revealButton.addEventListener("click", () => setRevealed(!revealed));
  addOpenButton.addEventListener("click", openAdd);
  cancelAdd.addEventListener("click", () => {
    closeAdd();
    addOpenButton.focus();
  });
  textarea.addEventListener("input", schedulePreview);
  appendRadio.addEventListener("change", syncSubmitLabel);
  replaceRadio.addEventListener("change", syncSubmitLabel);
  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    addError.hidden = true;
    const mode = replaceRadio.checked ? "replace" : "append";
    submit.disabled = true;
    try {
      const report = await api.addTokens(id, textarea.value, mode);
      closeAdd();
      const message = report.already_stored > 0 ? t("tokens.addedToastSkipped", { count: report.added, skipped: report.already_stored }) : t("tokens.addedToast", { count: report.added });
      showToast(message);
      await app.refresh();
      primary.focus();
    } catch (failure) {
      addError.textContent = failure.message || String(failure);
      addError.hidden = false;
      textarea.focus();
    } finally {
      submit.disabled = false;
    }
  });

  panel.onAccountsChanged = () => {
    if (!app.findAccount(id)) {
      panel.close();
      return;
    }
    drawSummary();
    loadTokens();
  };
  panel.onCleanup(() => {
    clearTimeout(previewTimer);
    loadSeq += 1;
    rows = [];
    list.replaceChildren();
    textarea.value = "";
  });

  drawSummary();
  drawList();
  loadTokens();
  const total = start.tokens.total;
  if (addOpen || total === 0) {
    addSection.hidden = false;
    addOpenButton.hidden = true;
    panel.focus(textarea);
  } else {
    panel.focus(primary);
  }
  return panel;
}
