// Owns the backup-tokens panel of one account: how many are unused, the big
// "Use backup token" (copy + mark used, with Undo), the running-low and
// exhausted banners, the token list (masked unless revealed; used ones struck
// through with their date) with a per-token menu, and "Add tokens" with a live
// preview that names what it leaves out, and a Replace that asks first and can
// be undone. Revealed codes are dropped from the DOM when hidden or closed.
// No unused token leaves unmarked: the menu's "Use this one" copies and marks
// it in one step, and revealed unused codes can be neither selected nor copied.
//
// openTokensPanel puts the panel together from its parts, each below with
// what it is for: the summary, the token list (and the guard on copying from
// it), the paste form with its live preview and the replace question. The
// parts share `ctx`: {app, id, panel, site}, site() being the account's name
// for messages.

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { icon } from "../icons.js";
import { t, formatDateTime, errorText } from "../i18n.js";
import { field, formError, showFormError, choiceOption, busy } from "../forms.js";
import { openPanel } from "./panel.js";
import { showToast, showErrorToast, showCopiedToast } from "./toast.js";
import { openMenu, closeMenu } from "./menu.js";

const PREVIEW_DELAY_MS = 250;

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
    reopen: (options) => openTokensPanel(app, id, { addOpen: paste.isOpen, ...options }),
  });

  const ctx = { app, id, panel, site };
  const summary = tokensSummary(ctx, { openAdd: () => paste.open() });
  const list = tokenList(ctx, { openAdd: () => paste.open() });
  const paste = pasteForm(ctx, {
    addOpenButton: list.addOpenButton,
    async afterSaved() {
      await app.refresh();
      summary.primary.focus();
    },
  });
  panel.body.append(summary.element, paste.element, list.element);

  function drawSummary() {
    const account = app.findAccount(id);
    if (!account) return;
    const { unused, total, state } = account.tokens;
    panel.setTitle(account.name, account.issuer ? account.label : "");
    summary.draw({ unused, total, state });
    paste.showModeChoice(total > 0);
  }

  panel.onAccountsChanged = () => {
    if (!app.findAccount(id)) {
      panel.close();
      return;
    }
    drawSummary();
    list.load();
  };

  drawSummary();
  list.draw();
  list.load();
  if (addOpen || start.tokens.total === 0) paste.open();
  else panel.focus(summary.primary);
  return panel;
}

/** A toast with Undo for ten seconds after a step that changed the tokens
 * (one used, or all replaced). `undo(id)` is the api call that takes the step
 * back and answers with the account; `undoneKey` words the toast after it. */
function offerUndo({ app, id }, message, undo, undoneKey, { refreshOnFailure = false } = {}) {
  showToast(message, {
    seconds: 10,
    action: {
      label: t("common.undo"),
      test: "toast-undo",
      onClick: async () => {
        try {
          const result = await undo(id);
          app.replaceAccount(result.account);
          showToast(t(undoneKey));
        } catch (failure) {
          showErrorToast(failure);
          if (refreshOnFailure) app.refresh();
        }
      },
    },
  });
}

/** The top of the panel: how many tokens are unused, a banner when they run
 * low or out, and one big button. It is what a person locked out needs first:
 * "Use backup token" copies the next one and marks it used in one step (with
 * Undo); with none left the same button opens the paste form instead. */
function tokensSummary(ctx, { openAdd }) {
  const { app, id, site } = ctx;
  const count = h("p", { class: "tokens-count", test: "tokens-count" });
  const bannerSlot = h("div", { class: "banner-slot" });
  const primary = h("button", { type: "button", class: "button primary wide big", test: "use-token" });
  const primaryHint = h("p", { class: "hint center" });
  const useError = formError("tokens-error");
  const element = h("section", { class: "tokens-summary" }, count, bannerSlot, primary, useError, primaryHint);

  function draw({ unused, total, state }) {
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
  }

  async function useToken() {
    useError.hidden = true;
    busy(primary, true);
    try {
      const result = await api.useBackupToken(id);
      app.replaceAccount(result.account);
      offerUndo(ctx, t("tokens.usedToast"), api.undoTokenUse, "tokens.undone");
    } catch (failure) {
      showFormError(useError, failure);
      app.refresh();
    } finally {
      busy(primary, false);
    }
  }

  primary.addEventListener("click", () => (primary.dataset.action === "use" ? useToken() : openAdd()));
  return { element, primary, draw };
}

/** The tokens themselves, unused first: masked unless the whole list is
 * revealed, used ones struck through with when; each with a menu to copy it
 * or mark it used or unused. The only place plain codes appear, so it asks
 * Rust for them only with the grant of a Reveal click and drops them again
 * when hidden, after any change, and when the panel closes. */
function tokenList(ctx, { openAdd }) {
  const { app, id, panel } = ctx;
  let revealed = false;
  let rows = [];
  let loadSeq = 0;

  const revealButton = h("button", { type: "button", class: "button small ghost", test: "tokens-reveal", "aria-pressed": "false" });
  const addOpenButton = h("button", { type: "button", class: "button small ghost", test: "tokens-add-open" }, icon("plus"), t("tokens.add"));
  const listTitleId = uid("tokens-list-title");
  const list = h("ol", { class: "token-list", "aria-labelledby": listTitleId });
  const listHead = h("div", { class: "section-head" }, h("h3", { class: "section-title", id: listTitleId, text: t("tokens.listTitle") }), h("div", { class: "section-tools" }, revealButton, addOpenButton));
  const element = h("section", { class: "section" }, listHead, list);

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

  function draw() {
    closeMenu({ restoreFocus: false }); // its button is about to be replaced
    const focusedIndex = list.contains(document.activeElement) ? document.activeElement.closest("[data-test='token-row']")?.dataset.index : null;
    // Unused tokens first (what is left matters most), each group in the site's order.
    const isUsed = (row) => (row.used_at === null || row.used_at === undefined ? 0 : 1);
    const ordered = [...rows].sort((a, b) => isUsed(a) - isUsed(b) || a.index - b.index);
    list.replaceChildren(...ordered.map(tokenRow));
    element.hidden = rows.length === 0;
    revealButton.replaceChildren(icon(revealed ? "eyeOff" : "eye"), h("span", { text: revealed ? t("tokens.hide") : t("tokens.reveal") }));
    revealButton.setAttribute("aria-pressed", String(revealed));
    if (focusedIndex !== null && focusedIndex !== undefined) list.querySelector(`[data-index='${focusedIndex}'] [data-test='token-menu']`)?.focus();
  }

  /** Plain text only with a grant from the Reveal click; any other reload (after a
   * change) shows the tokens masked again. */
  async function load(grant = null) {
    const seq = ++loadSeq;
    try {
      const fresh = await api.listTokens(id, grant !== null, grant);
      if (seq !== loadSeq || !panel.isOpen) return;
      revealed = grant !== null;
      rows = fresh;
      draw();
    } catch (failure) {
      if (panel.isOpen) showErrorToast(failure);
    }
  }

  // An unused token is marked used in the same step as it is copied, with
  // the same Undo as "Use backup token"; a used one is only copied.
  async function copyOne(row) {
    try {
      const result = await api.copyToken(id, row.index);
      app.replaceAccount(result.tokens.account);
      if (result.marked_used) offerUndo(ctx, t("tokens.usedToast"), api.undoTokenUse, "tokens.undone");
      else showCopiedToast(result.clear_after_seconds);
    } catch (failure) {
      showErrorToast(failure);
      app.refresh();
    }
  }

  async function markUsed(row, used) {
    try {
      const fresh = await api.setTokenUsed(id, row.index, used);
      if (!revealed) {
        rows = fresh;
        draw();
      }
      await app.refresh(); // new counts; reloads the list too
    } catch (failure) {
      showErrorToast(failure);
    }
  }

  async function setRevealed(on) {
    if (!on) {
      revealed = false;
      // Drop the revealed codes from the DOM at once, before the masked list arrives.
      rows = rows.map((row) => ({ ...row, code: null }));
      draw();
      load();
      return;
    }
    try {
      // The grant comes from this click: Rust reveals the tokens only after it.
      load(await api.grantReveal({ what: "tokens", id }));
    } catch (failure) {
      showErrorToast(failure);
    }
  }

  revealButton.addEventListener("click", () => setRevealed(!revealed));
  addOpenButton.addEventListener("click", openAdd);
  guardUnusedTokens(list, panel);
  panel.onCleanup(() => {
    loadSeq += 1;
    rows = [];
    list.replaceChildren();
  });
  return { element, addOpenButton, draw, load };
}

/** Revealed unused codes cannot be selected (CSS), and a copy that would
 * still carry one (select-all, a selection dragged across the list) is
 * refused: only "Use this one" puts an unused token on the clipboard, and it
 * marks the token used in the same step. */
function guardUnusedTokens(list, panel) {
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
  panel.onCleanup(() => document.removeEventListener("copy", onDocumentCopy, true));
}

/** "Add tokens": paste what the site showed, add them to the current ones or
 * replace them (after the site's "Generate more"). The paste is the user's
 * only copy of new tokens, so the form keeps it on any error and says what
 * the core recognised before anything is stored. */
function pasteForm(ctx, { addOpenButton, afterSaved }) {
  const { app, id, panel } = ctx;
  const textarea = h("textarea", { id: uid("tokens-textarea"), class: "input mono-input", test: "tokens-textarea", rows: "6", spellcheck: "false", autocomplete: "off", placeholder: "ab12-cd34\nef56-gh78\n…" });
  const modeName = uid("mode");
  const appendRadio = h("input", { type: "radio", name: modeName, value: "append", test: "tokens-append", checked: true, id: uid("append") });
  const replaceRadio = h("input", { type: "radio", name: modeName, value: "replace", test: "tokens-replace", id: uid("replace") });
  const chosenMode = () => (replaceRadio.checked ? "replace" : "append");
  const preview = pastePreview(ctx, textarea, chosenMode);
  const pasteField = field({ label: t("tokens.pasteLabel"), input: textarea });
  pasteField.element.append(preview.line, preview.leftOutBox);
  const modeChoice = h(
    "fieldset",
    { class: "choice" },
    h("legend", { class: "field-label", text: t("tokens.modeLegend") }),
    choiceOption(appendRadio, t("tokens.append"), t("tokens.appendHint")),
    choiceOption(replaceRadio, t("tokens.replace"), t("tokens.replaceHint")),
  );
  const addError = formError("tokens-add-error");
  const submit = h("button", { type: "submit", class: "button primary", test: "tokens-submit", text: t("tokens.submitAppend") });
  const cancelAdd = h("button", { type: "button", class: "button", test: "tokens-add-cancel", text: t("common.cancel") });
  const formActions = h("div", { class: "form-actions" }, cancelAdd, submit);
  const replaceSlot = h("div", { class: "replace-confirm", test: "tokens-replace-ask", hidden: true });
  const question = replaceQuestion(ctx, { slot: replaceSlot, formActions, submit, replace });
  const form = h("form", { class: "form", novalidate: true }, pasteField.element, modeChoice, addError, replaceSlot, formActions);
  const element = h("section", { class: "section add-tokens", hidden: true }, h("h3", { class: "section-title", text: t("tokens.addTitle") }), form);

  function syncSubmitLabel() {
    submit.textContent = replaceRadio.checked ? t("tokens.submitReplace") : t("tokens.submitAppend");
  }

  // When none are left, the user just pressed "Generate more" on the site:
  // the new batch replaces the old one.
  function chooseStartMode() {
    const account = app.findAccount(id);
    const exhausted = account?.tokens.state === "exhausted";
    (exhausted ? replaceRadio : appendRadio).checked = true;
    syncSubmitLabel();
  }

  /** With no tokens stored there is nothing to replace: no choice, and Add it is. */
  function showModeChoice(hasTokens) {
    modeChoice.hidden = !hasTokens;
    if (!hasTokens) appendRadio.checked = true;
    syncSubmitLabel();
  }

  function open() {
    if (element.hidden) chooseStartMode();
    element.hidden = false;
    addOpenButton.hidden = true;
    textarea.focus();
  }

  function close() {
    element.hidden = true;
    addOpenButton.hidden = false;
    textarea.value = "";
    preview.clear();
    question.hide();
    addError.hidden = true;
  }

  function previewPaste() {
    addError.hidden = true;
    question.hide();
    preview.schedule();
  }

  function showAddError(failure) {
    showFormError(addError, failure);
    textarea.focus();
  }

  async function replace(keep) {
    addError.hidden = true;
    replaceSlot.querySelectorAll("button").forEach((button) => (button.disabled = true));
    try {
      const report = await api.replaceTokens(id, textarea.value, keep);
      close();
      offerUndo(ctx, t("tokens.replacedToast", { count: report.added, old: t("tokens.oldTokens", { count: report.dropped }) }), api.undoReplaceTokens, "tokens.replaceUndone", { refreshOnFailure: true });
      await afterSaved();
    } catch (failure) {
      question.hide();
      showAddError(failure);
    }
  }

  async function submitPaste(keep) {
    addError.hidden = true;
    question.hide();
    submit.disabled = true;
    preview.addLeftOut.disabled = true;
    try {
      if (chosenMode() === "replace") {
        const report = await api.previewTokens(id, textarea.value, "replace", keep);
        if (report.added + report.already_stored === 0) {
          // Let the core say why nothing can be added.
          await api.replaceTokens(id, textarea.value, keep);
        } else if (report.dropped > 0) {
          question.ask(report, keep);
        } else {
          await replace(keep);
        }
        return;
      }
      const report = await api.addTokens(id, textarea.value, keep);
      close();
      const message = report.already_stored > 0 ? t("tokens.addedToastSkipped", { count: report.added, skipped: report.already_stored }) : t("tokens.addedToast", { count: report.added });
      showToast(message);
      await afterSaved();
    } catch (failure) {
      showAddError(failure);
    } finally {
      submit.disabled = false;
      preview.addLeftOut.disabled = false;
    }
  }

  cancelAdd.addEventListener("click", () => {
    close();
    addOpenButton.focus();
  });
  textarea.addEventListener("input", previewPaste);
  for (const radio of [appendRadio, replaceRadio]) {
    radio.addEventListener("change", () => {
      syncSubmitLabel();
      previewPaste();
    });
  }
  preview.addLeftOut.addEventListener("click", () => submitPaste("all"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitPaste("recognised");
  });
  panel.onCleanup(() => (textarea.value = ""));

  return {
    element,
    open,
    showModeChoice,
    get isOpen() {
      return !element.hidden;
    },
  };
}

/** The live answer to a paste, a moment after typing stops: how many tokens
 * it holds, how many are stored already or repeated, and each piece it left
 * out with its line and why, with one click to add those too. Nothing in a
 * paste is dropped unsaid. The pieces are the user's own paste, shown back. */
function pastePreview({ id, panel }, textarea, chosenMode) {
  const line = h("p", { class: "tokens-preview", test: "tokens-preview", "aria-live": "polite" });
  const leftOutList = h("ul", { class: "left-out-list" });
  const addLeftOut = h("button", { type: "button", class: "button small", test: "tokens-add-left-out", text: t("tokens.addLeftOut") });
  const leftOutTitle = h("p", { class: "banner-title" });
  const leftOutBox = h(
    "div",
    { class: "banner banner-warning left-out", test: "tokens-left-out", hidden: true },
    icon("warning", { className: "banner-icon" }),
    h("div", { class: "banner-text" }, leftOutTitle, leftOutList, h("div", { class: "button-row" }, addLeftOut)),
  );
  let timer = null;
  let seq = 0;

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

  function schedule() {
    clearTimeout(timer);
    const text = textarea.value;
    if (!text.trim()) {
      seq += 1;
      line.textContent = "";
      line.classList.remove("is-problem");
      showLeftOut([]);
      return;
    }
    timer = setTimeout(async () => {
      const asked = ++seq;
      try {
        const report = await api.previewTokens(id, text, chosenMode(), "recognised");
        if (asked !== seq) return;
        const found = report.added + report.already_stored;
        const parts = [t("tokens.previewFound", { count: found })];
        if (report.already_stored > 0) parts.push(t("tokens.previewAlready", { count: report.already_stored }));
        if (report.repeated_in_paste > 0) parts.push(t("tokens.previewRepeated", { count: report.repeated_in_paste }));
        if (report.dropped > 0) parts.push(t("tokens.previewDrops", { count: report.dropped }));
        line.textContent = parts.join(", ");
        line.classList.toggle("is-problem", report.added === 0);
        showLeftOut(report.left_out);
      } catch (failure) {
        if (asked !== seq) return;
        line.textContent = errorText(failure);
        line.classList.add("is-problem");
        showLeftOut([]);
      }
    }, PREVIEW_DELAY_MS);
  }

  function clear() {
    line.textContent = "";
    showLeftOut([]);
  }

  panel.onCleanup(() => {
    showLeftOut([]);
    clearTimeout(timer);
  });
  return { line, leftOutBox, addLeftOut, schedule, clear };
}

/** Replace drops every token stored now, so it asks first, naming how many
 * unused ones it drops, in place of the form's buttons; `replace(keep)` runs
 * on yes, and the toast after it offers Undo. */
function replaceQuestion({ site }, { slot, formActions, submit, replace }) {
  function hide() {
    slot.hidden = true;
    slot.replaceChildren();
    formActions.hidden = false;
  }

  function ask(report, keep) {
    const text = report.dropped_unused > 0 ? t("tokens.replaceConfirmText", { count: report.dropped_unused, total: report.dropped, site: site() }) : t("tokens.replaceConfirmTextUsed", { total: report.dropped });
    const confirm = h("button", { type: "button", class: "button warning-button", test: "tokens-replace-confirm", text: t("tokens.submitReplace"), onclick: () => replace(keep) });
    const cancel = h("button", { type: "button", class: "button", test: "tokens-replace-cancel", text: t("common.cancel"), onclick: () => { hide(); submit.focus(); } });
    slot.replaceChildren(
      h(
        "div",
        { class: "banner banner-warning", role: "alert" },
        icon("warning", { className: "banner-icon" }),
        h("div", { class: "banner-text" }, h("p", { class: "banner-title", text: t("tokens.replaceConfirmTitle") }), h("p", { text }), h("div", { class: "button-row" }, confirm, cancel)),
      ),
    );
    slot.hidden = false;
    formActions.hidden = true;
    confirm.focus();
  }

  return { hide, ask };
}
