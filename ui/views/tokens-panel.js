// Owns the backup-tokens panel of one account: how many are unused, the big
// "Use backup token" (copy + mark used, with Undo), the running-low and
// exhausted banners, the token list (masked unless revealed; used ones struck
// through with their date) with a per-token menu, and "Add tokens" with a live
// preview that names what it leaves out, and a Replace that asks first and can
// be undone. Revealed codes are dropped from the DOM when hidden or closed.
// No unused token leaves unmarked: the menu's "Use this one" copies and marks
// it in one step, and revealed unused codes can be neither selected nor copied.

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
    return account.name;
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
  const leftOutList = h("ul", { class: "left-out-list" });
  const addLeftOut = h("button", { type: "button", class: "button small", test: "tokens-add-left-out", text: t("tokens.addLeftOut") });
  const leftOutTitle = h("p", { class: "banner-title" });
  const leftOutBox = h(
    "div",
    { class: "banner banner-warning left-out", test: "tokens-left-out", hidden: true },
    icon("warning", { className: "banner-icon" }),
    h("div", { class: "banner-text" }, leftOutTitle, leftOutList, h("div", { class: "button-row" }, addLeftOut)),
  );
  const replaceConfirm = h("div", { class: "replace-confirm", test: "tokens-replace-ask", hidden: true });
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
  const formActions = h("div", { class: "form-actions" }, cancelAdd, submit);
  const addForm = h(
    "form",
    { class: "form", novalidate: true },
    h("div", { class: "field" }, h("label", { class: "field-label", for: textareaId, text: t("tokens.pasteLabel") }), textarea, preview, leftOutBox),
    modeChoice,
    addError,
    replaceConfirm,
    formActions,
  );
  const addSection = h("section", { class: "section add-tokens", hidden: true }, h("h3", { class: "section-title", text: t("tokens.addTitle") }), addForm);

  panel.body.append(summary, addSection, listSection);

  // ---- drawing ----
  function drawSummary() {
    const account = app.findAccount(id);
    if (!account) return;
    const { unused, total, state } = account.tokens;
    panel.setTitle(account.name, account.issuer ? account.label : "");
    count.textContent = total > 0 ? t("tokens.count", { unused, total, count: total }) : t("tokens.countNone");
    count.classList.toggle("is-danger", total > 0 && unused === 0);

    bannerSlot.replaceChildren();
    if (state === "running_low" || state === "exhausted") {
      // Both are warnings: the site's "Generate more" is due. At 0 the big
      // button below already leads to the paste form.
      const strong = state === "exhausted";
      const text = strong ? t("tokens.bannerNone", { site: site() }) : t("tokens.bannerLow", { count: unused, site: site() });
      const paste = strong ? null : h("div", { class: "button-row" }, h("button", { type: "button", class: "button small", test: "tokens-banner-paste", text: t("tokens.bannerPaste"), onclick: openAdd }));
      bannerSlot.append(
        h(
          "div",
          { class: ["banner", strong ? "banner-danger" : "banner-warning"], test: "tokens-banner", role: strong ? "alert" : "status" },
          icon("warning", { className: "banner-icon" }),
          h("div", { class: "banner-text" }, h("p", { text }), paste),
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

  // When none are left, the user just pressed "Generate more" on the site:
  // the new batch replaces the old one.
  function chooseStartMode() {
    const account = app.findAccount(id);
    const exhausted = account?.tokens.state === "exhausted";
    (exhausted ? replaceRadio : appendRadio).checked = true;
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
        used
          ? { label: t("tokens.copy"), test: "token-copy", onSelect: () => copyOne(row) }
          : { label: t("tokens.useThis"), test: "token-use-this", onSelect: () => copyOne(row) },
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

  // An unused token is marked used in the same step as it is copied, with
  // the same Undo as "Use backup token"; a used one is only copied.
  async function copyOne(row) {
    try {
      const result = await api.copyToken(id, row.index);
      app.replaceAccount(result.tokens.account);
      if (result.marked_used) {
        showToast(t("tokens.usedToast"), {
          seconds: 10,
          action: { label: t("common.undo"), test: "toast-undo", onClick: () => undo() },
        });
      } else {
        showToast(copiedMessage(result.clear_after_seconds));
      }
    } catch (failure) {
      showError(failure);
      app.refresh();
    }
  }

  // Revealed unused codes cannot be selected (CSS), and a copy that would
  // still carry one (select-all, a selection dragged across the list) is
  // refused: only "Use this one" puts an unused token on the clipboard.
  function selectionHoldsUnusedToken() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed) return false;
    return [...list.querySelectorAll(".token-row.is-revealed:not(.is-used) .token-code")].some((code) => selection.containsNode(code, true));
  }
  function refuseUnusedCopy(event) {
    if (!selectionHoldsUnusedToken()) return;
    event.preventDefault();
    event.clipboardData?.setData("text/plain", "");
    showToast(t("tokens.copyBlocked"), { seconds: 6 });
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
    if (addSection.hidden) chooseStartMode();
    addSection.hidden = false;
    addOpenButton.hidden = true;
    textarea.focus();
  }
  function closeAdd() {
    addSection.hidden = true;
    addOpenButton.hidden = false;
    textarea.value = "";
    preview.textContent = "";
    showLeftOut([]);
    hideReplaceConfirm();
    addError.hidden = true;
  }

  function syncSubmitLabel() {
    submit.textContent = replaceRadio.checked ? t("tokens.submitReplace") : t("tokens.submitAppend");
  }
  const chosenMode = () => (replaceRadio.checked ? "replace" : "append");

  // The pieces the paste left out, each with its line and why, and one
  // click to add them too. They are the user's own paste, shown back.
  function showLeftOut(pieces) {
    leftOutBox.hidden = pieces.length === 0;
    leftOutTitle.textContent = t("tokens.leftOutTitle", { count: pieces.length });
    leftOutList.replaceChildren(
      ...pieces.map((piece) =>
        h(
          "li",
          { class: "left-out-piece", test: "tokens-left-out-piece" },
          h("span", { class: "left-out-line", text: t("tokens.leftOutLine", { line: piece.line }) }),
          h("span", { class: "left-out-code", text: piece.piece }),
          h("span", { class: "left-out-why", text: t(`tokens.leftOut_${piece.reason}`) }),
        ),
      ),
    );
  }

  let previewTimer = null;
  let previewSeq = 0;
  function schedulePreview() {
    clearTimeout(previewTimer);
    addError.hidden = true;
    const text = textarea.value;
    hideReplaceConfirm();
    if (!text.trim()) {
      previewSeq += 1;
      preview.textContent = "";
      preview.classList.remove("is-problem");
      showLeftOut([]);
      return;
    }
    previewTimer = setTimeout(async () => {
      const seq = ++previewSeq;
      try {
        const report = await api.previewTokens(id, text, chosenMode(), "recognised");
        if (seq !== previewSeq) return;
        const found = report.added + report.already_stored;
        const parts = [t("tokens.previewFound", { count: found })];
        if (report.already_stored > 0) parts.push(t("tokens.previewAlready", { count: report.already_stored }));
        if (report.repeated_in_paste > 0) parts.push(t("tokens.previewRepeated", { count: report.repeated_in_paste }));
        if (report.dropped > 0) parts.push(t("tokens.previewDrops", { count: report.dropped }));
        preview.textContent = parts.join(", ");
        preview.classList.toggle("is-problem", report.added === 0);
        showLeftOut(report.left_out);
      } catch (failure) {
        if (seq !== previewSeq) return;
        preview.textContent = failure.message || String(failure);
        preview.classList.add("is-problem");
        showLeftOut([]);
      }
    }, PREVIEW_DELAY_MS);
  }

  function hideReplaceConfirm() {
    replaceConfirm.hidden = true;
    replaceConfirm.replaceChildren();
    formActions.hidden = false;
  }

  // Replace asks first, naming how many unused tokens it drops.
  function askReplace(report, keep) {
    const text = report.dropped_unused > 0 ? t("tokens.replaceConfirmText", { count: report.dropped_unused, total: report.dropped, site: site() }) : t("tokens.replaceConfirmTextUsed", { total: report.dropped });
    const confirm = h("button", { type: "button", class: "button warning-button", test: "tokens-replace-confirm", text: t("tokens.submitReplace"), onclick: () => replace(keep) });
    const cancel = h("button", { type: "button", class: "button", test: "tokens-replace-cancel", text: t("common.cancel"), onclick: () => { hideReplaceConfirm(); submit.focus(); } });
    replaceConfirm.replaceChildren(
      h(
        "div",
        { class: "banner banner-warning", role: "alert" },
        icon("warning", { className: "banner-icon" }),
        h("div", { class: "banner-text" }, h("p", { class: "banner-title", text: t("tokens.replaceConfirmTitle") }), h("p", { text }), h("div", { class: "button-row" }, confirm, cancel)),
      ),
    );
    replaceConfirm.hidden = false;
    formActions.hidden = true;
    confirm.focus();
  }

  async function replace(keep) {
    addError.hidden = true;
    replaceConfirm.querySelectorAll("button").forEach((button) => (button.disabled = true));
    try {
      const report = await api.replaceTokens(id, textarea.value, keep);
      closeAdd();
      showToast(t("tokens.replacedToast", { count: report.added, old: t("tokens.oldTokens", { count: report.dropped }) }), {
        seconds: 10,
        action: { label: t("common.undo"), test: "toast-undo", onClick: () => undoReplace() },
      });
      await app.refresh();
      primary.focus();
    } catch (failure) {
      hideReplaceConfirm();
      addError.textContent = failure.message || String(failure);
      addError.hidden = false;
      textarea.focus();
    }
  }

  async function undoReplace() {
    try {
      const result = await api.undoReplaceTokens(id);
      app.replaceAccount(result.account);
      showToast(t("tokens.replaceUndone"));
    } catch (failure) {
      showError(failure);
      app.refresh();
    }
  }

  async function submitPaste(keep) {
    addError.hidden = true;
    hideReplaceConfirm();
    submit.disabled = true;
    addLeftOut.disabled = true;
    try {
      if (chosenMode() === "replace") {
        const report = await api.previewTokens(id, textarea.value, "replace", keep);
        if (report.added + report.already_stored === 0) {
          // Let the core say why nothing can be added.
          await api.replaceTokens(id, textarea.value, keep);
        } else if (report.dropped > 0) {
          askReplace(report, keep);
        } else {
          await replace(keep);
        }
        return;
      }
      const report = await api.addTokens(id, textarea.value, keep);
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
      addLeftOut.disabled = false;
    }
  }

  primary.addEventListener("click", () => (primary.dataset.action === "use" ? useToken() : openAdd()));
  revealButton.addEventListener("click", () => setRevealed(!revealed));
  addOpenButton.addEventListener("click", openAdd);
  cancelAdd.addEventListener("click", () => {
    closeAdd();
    addOpenButton.focus();
  });
  textarea.addEventListener("input", schedulePreview);
  for (const radio of [appendRadio, replaceRadio]) {
    radio.addEventListener("change", () => {
      syncSubmitLabel();
      schedulePreview();
    });
  }
  addLeftOut.addEventListener("click", () => submitPaste("all"));
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    submitPaste("recognised");
  });
  list.addEventListener("copy", refuseUnusedCopy);
  list.addEventListener("cut", refuseUnusedCopy);
  list.addEventListener("dragstart", (event) => {
    if (selectionHoldsUnusedToken()) event.preventDefault();
  });
  // A selection that starts outside the list (select-all) is copied from
  // wherever focus is; catch that too while the panel is open.
  const onDocumentCopy = (event) => {
    if (!list.contains(event.target)) refuseUnusedCopy(event);
  };
  document.addEventListener("copy", onDocumentCopy, true);

  panel.onAccountsChanged = () => {
    if (!app.findAccount(id)) {
      panel.close();
      return;
    }
    drawSummary();
    loadTokens();
  };
  panel.onCleanup(() => {
    document.removeEventListener("copy", onDocumentCopy, true);
    showLeftOut([]);
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
    chooseStartMode();
    addSection.hidden = false;
    addOpenButton.hidden = true;
    panel.focus(textarea);
  } else {
    panel.focus(primary);
  }
  return panel;
}
