// Owns moving accounts in and out: the "Backup & transfer" section of the
// settings, the panels it opens (make an encrypted backup, restore one, import
// another app's export, export unencrypted files and the recovery sheet), an
// import file dropped anywhere on the list screen, and the one reminder to
// make a backup after the accounts changed.
//
// Where a file is written is chosen in the system's save dialog, which the
// commands open; each panel shows the path of what it wrote. A file to read
// is chosen in the system's open dialog, also from Rust, which reads it.

import * as api from "../api.js";
import { h, uid, svgToDataUri } from "../dom.js";
import { icon } from "../icons.js";
import { t, formatDateTime, errorText } from "../i18n.js";
import { field, formError, showFormError, failureNote, busy, choiceOption, passwordFields } from "../forms.js";
import { openPanel, panelIsOpen } from "./panel.js";

// Dismissed for this session only: the next start reminds again if still due.
let reminderDismissed = false;

function writtenBanner({ test, title, path, note }) {
  return h(
    "div",
    { class: "banner banner-calm", test, role: "status" },
    icon("check", { className: "banner-icon" }),
    h("div", { class: "banner-text" }, h("span", { class: "banner-title", text: title }), h("span", { class: "path", test: `${test}-path`, text: path }), note ? h("span", { class: "banner-detail", text: note }) : null),
  );
}

/** What an export (a file, or the QR codes for a phone) does not hold: each
 * account left out with the reason, and whether backup tokens stayed behind;
 * null when it holds everything. */
function leftOutBanner(test, { left_out: leftOut, tokens_left_out: tokensLeftOut }) {
  if (leftOut.length === 0 && !tokensLeftOut) return null;
  const accounts = leftOut.length
    ? [
        h("p", { class: "banner-title", text: t("export.leftOutTitle", { count: leftOut.length }) }),
        h("ul", { class: "rejected-list" }, ...leftOut.map(({ name, reason }) => h("li", { class: "banner-detail", test: `${test}-name`, text: t(`export.leftOutReason.${reason}`, { name }) }))),
      ]
    : [];
  const tokens = tokensLeftOut ? h("p", { class: "banner-detail", test: `${test}-tokens`, text: t("export.tokensLeftOut") }) : null;
  return h("div", { class: "banner banner-warning", test, role: "note" }, icon("warning", { className: "banner-icon" }), h("div", { class: "banner-text" }, ...accounts, tokens));
}

/** A "Choose a file…" button that opens the system's open dialog for `kind`
 * ("import" | "backup"), with its label and the name of the file chosen.
 * Rust remembers the file and reads it when it is used. `chosen(name)` runs
 * after each choice. */
function chooseField(test, label, kind, chosen) {
  const button = h("button", { type: "button", class: "button", test, id: uid(test) }, icon("file"), t("transfer.chooseFile"));
  const name = h("span", { class: "hint chosen-name", test: `${test}-name` });
  const state = { name: null };
  button.addEventListener("click", async () => {
    const picked = await api.chooseFile(kind).catch((failure) => {
      name.textContent = errorText(failure);
      return null;
    });
    if (!picked) return;
    state.name = picked.name;
    name.textContent = picked.name;
    chosen(picked.name);
  });
  const { element } = field({ label, input: h("div", { class: "button-row" }, button, name) });
  return { element, button, state };
}

/** The bytes of a file dropped on the window. One moved or deleted since it
 * was dropped rejects with our words, not the browser's ("The object can not
 * be found here."). */
async function readChosen(file) {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw t("transfer.fileGone", { name: file.name });
  }
}

// ---- the settings section ----

/** The "Backup & transfer" section of the settings panel; `settings` reopens
 * that panel, where Back from the panels this section opens returns. */
export function transferSection(app, settings) {
  const lastBackup = h("p", { class: "section-text", test: "last-backup", text: t("transfer.lastBackupNever") });
  api
    .backupStatus()
    .then((status) => {
      lastBackup.textContent = status.last_backup_at ? t("transfer.lastBackupAt", { date: formatDateTime(status.last_backup_at) }) : t("transfer.lastBackupNever");
    })
    .catch((failure) => (lastBackup.textContent = errorText(failure)));
  const button = (test, text, onclick, primary = false) => h("button", { type: "button", class: ["button", primary ? "primary" : null], test, text, onclick });
  return h(
    "section",
    { class: "section", test: "transfer-section" },
    h("h3", { class: "section-title", text: t("transfer.title") }),
    lastBackup,
    h("div", { class: "button-row wrap" }, button("open-backup", t("transfer.makeBackup"), () => openBackupPanel(app, { parent: settings }), true), button("open-restore", t("transfer.restore"), () => openRestorePanel(app, { parent: settings }))),
    h("div", { class: "button-row wrap" }, button("open-import", t("transfer.import"), () => openImportPanel(app, { parent: settings })), button("open-export", t("transfer.export"), () => openExportPanel(app, { parent: settings }))),
  );
}

// ---- make a backup ----

export function openBackupPanel(app, { animate = true, parent = null } = {}) {
  const panel = openPanel({ testId: "backup-panel", title: t("backup.title"), animate, parent, reopen: (options) => openBackupPanel(app, { ...options, parent }) });
  const fields = passwordFields({ newLabel: t("backup.password") });
  const error = formError("backup-error");
  const submit = h("button", { type: "submit", class: "button primary", test: "backup-submit", text: t("backup.submit") });
  const result = h("div", { class: "result-slot" });
  const form = h(
    "form",
    { class: "form", novalidate: true },
    h("p", { class: "section-text", text: t("backup.explain") }),
    fields.element,
    h("p", { class: "hint", text: t("backup.passwordHint") }),
    h("p", { class: "hint", test: "passwords-which", text: t("backup.passwordsWhich") }),
    error,
    h("div", { class: "form-actions" }, submit),
  );
  form.addEventListener("input", () => (error.hidden = true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const read = fields.read();
    if (read.problem) {
      showFormError(error, read.problem);
      read.field.focus();
      return;
    }
    busy(submit, true);
    try {
      const written = await api.makeBackup(read.password);
      // Cancelled in the save dialog: the passwords stay for another try.
      if (!written) return;
      fields.clear();
      hideReminder();
      result.replaceChildren(writtenBanner({ test: "backup-written", title: t("backup.written", { count: written.accounts }), path: written.path, note: t("backup.writtenNote") }));
    } catch (failure) {
      showFormError(error, failure);
    } finally {
      busy(submit, false);
    }
  });
  panel.body.append(form, result);
  panel.focus(fields.newPassword);
  return panel;
}

// ---- restore a backup ----

export function openRestorePanel(app, { animate = true, parent = null } = {}) {
  const panel = openPanel({ testId: "restore-panel", title: t("restore.title"), animate, parent, reopen: (options) => openRestorePanel(app, { ...options, parent }) });
  const file = chooseField("restore-choose", t("restore.file"), "backup", () => (error.hidden = true));
  const passwordInput = h("input", { type: "password", class: "input", test: "restore-password", id: uid("restore-password"), autocomplete: "off" });
  const radio = (value, checked) => h("input", { type: "radio", name: "restore-mode", value, checked, id: uid(`restore-${value}`), test: `restore-${value}` });
  const mergeRadio = radio("merge", true);
  const replaceRadio = radio("replace", false);
  const error = formError("restore-error");
  const submit = h("button", { type: "submit", class: "button primary", test: "restore-submit", text: t("restore.submit") });
  const result = h("div", { class: "result-slot" });
  const form = h(
    "form",
    { class: "form", novalidate: true },
    h("p", { class: "section-text", text: t("restore.explain") }),
    file.element,
    field({ label: t("restore.password"), input: passwordInput }).element,
    h("fieldset", { class: "choice" }, h("legend", { class: "field-label", text: t("restore.modeLegend") }), choiceOption(mergeRadio, t("restore.merge"), t("restore.mergeHint")), choiceOption(replaceRadio, t("restore.replace"), t("restore.replaceHint"))),
    error,
    h("div", { class: "form-actions" }, submit),
  );
  form.addEventListener("input", () => (error.hidden = true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.state.name) {
      showFormError(error, t("restore.noFile"));
      file.button.focus();
      return;
    }
    if (passwordInput.value === "") {
      showFormError(error, t("restore.noPassword"));
      passwordInput.focus();
      return;
    }
    busy(submit, true);
    try {
      const report = await api.restoreBackup(passwordInput.value, replaceRadio.checked ? "replace" : "merge");
      passwordInput.value = "";
      await app.refresh();
      const lines = [t("restore.reportAdded", { count: report.added }), t("restore.reportMatched", { count: report.matched })];
      if (report.mode === "replace" && report.only_in_vault > 0) lines.push(t("restore.reportRemoved", { count: report.only_in_vault }));
      if (report.kept_used > 0) lines.push(t("restore.reportKeptUsed", { count: report.kept_used }));
      result.replaceChildren(
        h(
          "div",
          { class: "banner banner-calm", test: "restore-report", role: "status" },
          icon("check", { className: "banner-icon" }),
          h("div", { class: "banner-text" }, h("span", { class: "banner-title", text: t("restore.done", { count: report.in_backup }) }), ...lines.map((text) => h("span", { class: "banner-detail", text }))),
        ),
      );
    } catch (failure) {
      showFormError(error, failure);
      if (failure.field === "password") passwordInput.focus();
      else if (failure.code === "chosen-file-unreadable") file.button.focus();
    } finally {
      busy(submit, false);
    }
  });
  panel.body.append(form, result);
  panel.focus(file.button);
  return panel;
}

// ---- import another app's export ----

/** Opens the import panel; `file` (e.g. dropped on the list) is read at once. */
export function openImportPanel(app, { animate = true, file: dropped = null, parent = null } = {}) {
  const panel = openPanel({ testId: "import-panel", title: t("import.title"), animate, parent, reopen: (options) => openImportPanel(app, { ...options, parent }) });
  const file = chooseField("import-choose", t("import.file"), "import", () => {
    chosenName.hidden = true;
    source = { bytes: null };
    start();
  });
  const passwordInput = h("input", { type: "password", class: "input", test: "import-password", id: uid("import-password"), autocomplete: "off" });
  const passwordSubmit = h("button", { type: "submit", class: "button primary", test: "import-submit", text: t("import.submit") });
  const passwordError = formError("import-password-error");
  const passwordForm = h(
    "form",
    { class: "form reveal-section", novalidate: true, hidden: true },
    h("p", { class: "section-text", text: t("import.passwordNeeded") }),
    field({ label: t("import.password"), input: passwordInput }).element,
    passwordError,
    h("div", { class: "form-actions" }, passwordSubmit),
  );
  const error = formError("import-error");
  const result = h("div", { class: "result-slot" });
  // What to import: {bytes} of a dropped file, or {bytes: null} for the file
  // chosen in the dialog, which Rust reads; null before either.
  let source = null;

  async function run(password) {
    error.hidden = true;
    passwordError.hidden = true;
    result.replaceChildren();
    busy(passwordSubmit, true);
    try {
      const report = await api.importFile(source.bytes, password);
      passwordForm.hidden = true;
      passwordInput.value = "";
      source = null;
      await app.refresh();
      result.replaceChildren(importReport(report));
    } catch (failure) {
      if (failure.code === "import-password-needed") {
        passwordForm.hidden = false;
        passwordInput.focus();
      } else if (failure.field === "password") {
        passwordForm.hidden = false;
        showFormError(passwordError, failure);
        passwordInput.select();
      } else {
        passwordForm.hidden = true;
        showFormError(error, failure);
      }
    } finally {
      busy(passwordSubmit, false);
    }
  }

  const chosenName = h("p", { class: "hint", test: "import-file-name", hidden: true });

  function start() {
    result.replaceChildren();
    passwordForm.hidden = true;
    return run(null);
  }

  /** A file dropped on the window, read here (no dialog chose it). */
  async function read(dropped) {
    if (!dropped) return;
    chosenName.textContent = t("import.chosen", { name: dropped.name });
    chosenName.hidden = false;
    try {
      source = { bytes: await readChosen(dropped) };
    } catch (failure) {
      source = null;
      showFormError(error, failure);
      return;
    }
    await start();
  }

  passwordForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (passwordInput.value === "") {
      showFormError(passwordError, t("import.noPassword"));
      passwordInput.focus();
      return;
    }
    if (source) run(passwordInput.value);
  });
  panel.body.append(h("p", { class: "section-text", text: t("import.explain") }), file.element, h("p", { class: "hint", text: t("import.drop") }), chosenName, error, passwordForm, result);
  panel.focus(file.button);
  if (dropped) read(dropped);
  return panel;
}

/** The banner saying what an import added, skipped and could not read. */
export function importReport(report) {
  const rejected = report.rejected || [];
  return h(
    "div",
    { class: ["banner", rejected.length ? "banner-warning" : "banner-calm"], test: "import-report", role: "status" },
    icon(rejected.length ? "warning" : "check", { className: "banner-icon" }),
    h(
      "div",
      { class: "banner-text" },
      h("span", { class: "banner-title", test: "import-added", text: t("import.added", { count: report.added }) }),
      h("span", { class: "banner-detail", test: "import-skipped", text: t("import.skipped", { count: report.skipped_duplicates }) }),
      rejected.length ? h("span", { class: "banner-detail", test: "import-rejected", text: t("import.rejected", { count: rejected.length }) }) : null,
      rejected.length ? h("ul", { class: "rejected-list" }, ...rejected.map((entry) => h("li", { class: "banner-detail" }, h("strong", { text: entry.name || t("import.unnamed") }), ` — ${entry.reason}`))) : null,
    ),
  );
}

/** While the list screen shows and no panel is open, a file dropped anywhere is imported. */
export function installImportDrop(app) {
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  const active = () => app.screen === "list" && !panelIsOpen();
  const onDragOver = (event) => {
    if (!active() || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };
  const onDrop = (event) => {
    if (!active() || !hasFiles(event)) return;
    event.preventDefault();
    const dropped = event.dataTransfer.files[0];
    if (dropped) openImportPanel(app, { file: dropped });
  };
  window.addEventListener("dragover", onDragOver);
  window.addEventListener("drop", onDrop);
}

// ---- export and the recovery sheet ----

export function openExportPanel(app, { animate = true, parent = null } = {}) {
  const panel = openPanel({ testId: "export-panel", title: t("export.title"), animate, parent, reopen: (options) => openExportPanel(app, { ...options, parent }) });
  const error = formError("export-error");
  const result = h("div", { class: "result-slot", tabindex: "-1" });
  let chosen = null;

  async function write(format, includeSecrets, button) {
    error.hidden = true;
    result.replaceChildren();
    busy(button, true);
    try {
      const written = await api.exportFile(format, includeSecrets);
      if (!written) return;
      const title = format === "sheet" ? t("export.sheetWritten") : t("export.written", { count: written.accounts });
      const note = format === "sheet" ? t("export.sheetNote") : t("export.writtenNote");
      result.replaceChildren(writtenBanner({ test: "export-written", title, path: written.path, note }), leftOutBanner("export-left-out", written) ?? "");
    } catch (failure) {
      showFormError(error, failure);
    } finally {
      busy(button, false);
    }
  }

  // Plain exports: pick a format, then confirm that the file is not encrypted.
  const confirmButton = h("button", { type: "button", class: "button danger-outline", test: "export-confirm", text: t("export.confirm") });
  const cancelButton = h("button", { type: "button", class: "button", test: "export-cancel", text: t("common.cancel") });
  const confirmBox = h(
    "div",
    { class: "banner banner-warning", test: "export-warning", role: "alert", hidden: true },
    icon("warning", { className: "banner-icon" }),
    h("div", { class: "banner-text" }, h("span", { class: "banner-title", text: t("export.warningTitle") }), h("span", { class: "banner-detail", text: t("export.warning") }), h("div", { class: "button-row" }, cancelButton, confirmButton)),
  );
  const formatButton = (format, test, text) =>
    h("button", {
      type: "button",
      class: "button",
      test,
      text,
      onclick: () => {
        chosen = format;
        result.replaceChildren();
        confirmBox.hidden = false;
        confirmButton.focus();
      },
    });
  cancelButton.addEventListener("click", () => {
    confirmBox.hidden = true;
    chosen = null;
  });
  confirmButton.addEventListener("click", async () => {
    if (!chosen) return;
    await write(chosen, false, confirmButton);
    confirmBox.hidden = true;
    chosen = null;
    // The report is below the buttons, often below the fold: bring it up,
    // and take the focus from the button just hidden.
    if (result.firstChild) result.focus();
  });

  // The recovery sheet: tokens always, secret keys if asked.
  const secretsBox = h("input", { type: "checkbox", id: uid("sheet-secrets"), test: "sheet-secrets" });
  const printButton = h("button", { type: "button", class: "button primary", test: "print-sheet", text: t("export.sheetPrint") });
  printButton.addEventListener("click", async () => {
    error.hidden = true;
    result.replaceChildren();
    busy(printButton, true);
    try {
      await api.printRecoverySheet(secretsBox.checked);
    } catch (failure) {
      showFormError(error, failure);
    } finally {
      busy(printButton, false);
    }
  });
  const sheetButton = h("button", { type: "button", class: "button", test: "save-sheet", text: t("export.sheetSave") });
  sheetButton.addEventListener("click", () => write("sheet", secretsBox.checked, sheetButton));

  // Move to a phone: Google Authenticator's transfer QR codes, one at a time,
  // behind the same warning as an account's QR code; gone from the DOM when hidden.
  const googleArea = h("div", { class: "qr-area" });
  function googleIdle() {
    googleArea.replaceChildren(
      h("p", { class: "section-text", text: t("export.googleExplain") }),
      h("button", { type: "button", class: "button", test: "export-google", onclick: googleWarn }, icon("phone"), t("export.googleShow")),
    );
  }
  const googleBackToIdle = () => {
    googleIdle();
    googleArea.querySelector("button").focus();
  };
  function googleWarn() {
    const confirm = h("button", { type: "button", class: "button warning-button", test: "google-confirm", text: t("export.googleConfirm"), onclick: googleReveal });
    googleArea.replaceChildren(
      h(
        "div",
        { class: "banner banner-warning", test: "google-warning", role: "note" },
        icon("warning", { className: "banner-icon" }),
        h("div", { class: "banner-text" }, h("p", { class: "banner-title", text: t("export.googleWarningTitle") }), h("p", { text: t("export.googleWarning") })),
      ),
      h("div", { class: "button-row" }, confirm, h("button", { type: "button", class: "button", test: "google-cancel", text: t("common.cancel"), onclick: googleBackToIdle })),
    );
    confirm.focus();
  }
  async function googleReveal() {
    let found;
    try {
      // The grant comes from this click: Rust reveals the secrets only after it.
      const grant = await api.grantReveal({ what: "google-export" });
      found = await api.googleExportQrCodes(grant);
    } catch (failure) {
      googleArea.append(failureNote(failure));
      return;
    }
    const leftOut = leftOutBanner("google-left-out", found) ?? "";
    const hide = h("button", { type: "button", class: "button", test: "google-hide", text: t("export.googleClose"), onclick: googleBackToIdle });
    const total = found.codes.length;
    if (total === 0) {
      googleArea.replaceChildren(h("p", { class: "section-text", test: "google-nothing", text: t("export.googleNothing") }), leftOut, hide);
      return;
    }
    let index = 0;
    const frame = h("div", { class: "qr-frame" });
    const count = h("p", { class: "hint", test: "google-qr-count", "aria-live": "polite" });
    const back = h("button", { type: "button", class: "button", test: "google-qr-back", text: t("export.googleBack") });
    const next = h("button", { type: "button", class: "button primary", test: "google-qr-next", text: t("export.googleNext") });
    const show = () => {
      const params = { index: index + 1, total };
      frame.replaceChildren(h("img", { class: "qr-image", test: "google-qr", alt: t("export.googleAlt", params), src: svgToDataUri(found.codes[index]) }));
      count.textContent = t("export.googleCount", params);
      back.disabled = index === 0;
      next.disabled = index === total - 1;
    };
    back.addEventListener("click", () => {
      if (index > 0) index -= 1;
      show();
    });
    next.addEventListener("click", () => {
      if (index < total - 1) index += 1;
      show();
    });
    show();
    googleArea.replaceChildren(
      frame,
      count,
      h("div", { class: "button-row" }, back, next),
      h("p", { class: "hint", text: t("export.googleScan") }),
      h("p", { class: "section-text", test: "google-carried", text: t("export.googleCarried", { count: found.carried }) }),
      leftOut,
      hide,
    );
    (total > 1 ? next : hide).focus();
  }
  googleIdle();
  panel.onCleanup(() => googleArea.replaceChildren());

  // Aegis, encrypted with a password of its own: nothing leaves in the clear.
  const encryptedFields = passwordFields({ newLabel: t("export.encryptedPassword") });
  const encryptedSubmit = h("button", { type: "submit", class: "button primary", test: "export-aegis-encrypted", text: t("export.encryptedSubmit") });
  const encryptedForm = h(
    "form",
    { class: "form", novalidate: true },
    h("p", { class: "section-text", text: t("export.encryptedExplain") }),
    encryptedFields.element,
    h("div", { class: "form-actions" }, encryptedSubmit),
  );
  encryptedForm.addEventListener("input", () => (error.hidden = true));
  encryptedForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    result.replaceChildren();
    const read = encryptedFields.read();
    if (read.problem) {
      showFormError(error, read.problem);
      read.field.focus();
      return;
    }
    busy(encryptedSubmit, true);
    try {
      const written = await api.exportAegisEncrypted(read.password);
      if (!written) return;
      encryptedFields.clear();
      const title = t("export.written", { count: written.accounts });
      result.replaceChildren(writtenBanner({ test: "export-encrypted-written", title, path: written.path, note: t("export.encryptedNote") }), leftOutBanner("export-left-out", written) ?? "");
      result.focus();
    } catch (failure) {
      showFormError(error, failure);
    } finally {
      busy(encryptedSubmit, false);
    }
  });

  panel.body.append(
    h("section", { class: "section" }, h("h3", { class: "section-title", text: t("export.googleTitle") }), googleArea),
    h("section", { class: "section" }, h("h3", { class: "section-title", text: t("export.encryptedTitle") }), encryptedForm),
    h(
      "section",
      { class: "section" },
      h("h3", { class: "section-title", text: t("export.plainTitle") }),
      h("p", { class: "section-text", text: t("export.plainExplain") }),
      h("div", { class: "button-row wrap" }, formatButton("otpauth", "export-otpauth", t("export.otpauth")), formatButton("aegis", "export-aegis", t("export.aegis"))),
      confirmBox,
    ),
    h(
      "section",
      { class: "section" },
      h("h3", { class: "section-title", text: t("export.sheetTitle") }),
      h("p", { class: "section-text", text: t("export.sheetExplain") }),
      h("div", { class: "check-line" }, secretsBox, h("label", { for: secretsBox.id, text: t("export.sheetSecrets") })),
      h("div", { class: "button-row" }, printButton, sheetButton),
    ),
    error,
    result,
  );
  panel.focus();
  return panel;
}

// ---- the reminder ----

function hideReminder() {
  for (const el of document.querySelectorAll("[data-test='backup-reminder']")) el.remove();
}

/** Shows, in `slot` on the list screen, one dismissable reminder when the accounts
 * changed since the last backup; once dismissed it stays away for the session.
 * `status` is backup_status's answer, fetched with the accounts so the banner
 * arrives in the same frame as the rows instead of pushing them down later. */
export function showBackupReminder(app, slot, status) {
  if (!status || !status.changed_since || reminderDismissed || slot.firstChild) return;
  const dismiss = () => {
    reminderDismissed = true;
    hideReminder();
  };
  const makeNow = h("button", { type: "button", class: "button primary", test: "reminder-backup", text: t("reminder.makeNow"), onclick: () => {
    dismiss();
    openBackupPanel(app);
  } });
  const later = h("button", { type: "button", class: "button", test: "reminder-dismiss", text: t("reminder.dismiss"), onclick: dismiss });
  slot.replaceChildren(
    h(
      "div",
      { class: "banner banner-calm reminder", test: "backup-reminder", role: "status" },
      icon("info", { className: "banner-icon" }),
      h("div", { class: "banner-text" }, h("span", { class: "banner-title", text: status.last_backup_at ? t("reminder.changed") : t("reminder.never") }), h("div", { class: "button-row" }, makeNow, later)),
    ),
  );
}
