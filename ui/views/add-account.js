// Owns the "Add account" panel: three tabs — Paste link (otpauth://), QR image
// (the system's open dialog, an image dropped anywhere on the window while the panel is
// open, a picture pasted with Ctrl+V, or the QR codes on the screen) and Enter manually (with Advanced settings, and a tokens-only choice
// for sites that gave nothing but backup tokens). Errors appear under the
// field they are about; nothing else changes on error.

import * as api from "../api.js";
import { h, uid, isEditable } from "../dom.js";
import { icon } from "../icons.js";
import { t } from "../i18n.js";
import { field, inlineError, busy } from "../forms.js";
import { openPanel } from "./panel.js";
import { showToast } from "./toast.js";
import { openTokensPanel } from "./tokens-panel.js";
import { importReport } from "./transfer.js";

const IMAGE_TYPES = ["image/png", "image/jpeg"];

async function afterAdded(app, accounts, panel) {
  panel.close();
  await app.refresh();
  if (accounts.length === 1) {
    const [account] = accounts;
    showToast(t("add.added", { name: account.name }));
    if (account.kind === "none") openTokensPanel(app, account.id, { addOpen: true });
    else if (app.list) app.list.focusAccount(account.id);
  } else {
    showToast(t("add.addedMany", { count: accounts.length }));
    if (accounts.length > 0 && app.list) app.list.focusAccount(accounts[0].id);
  }
}

function uriTab(app, panel) {
  const input = h("input", { type: "text", class: "input mono-input", test: "uri-input", autocomplete: "off", spellcheck: "false", placeholder: "otpauth://totp/…" });
  const uri = field({ label: t("add.uri.label"), input, hint: t("add.uri.hint") });
  const submit = h("button", { type: "submit", class: "button primary", test: "uri-submit", text: t("add.submit") });
  const error = inlineError("uri-error", { uri }, submit);
  const form = h("form", { class: "form", novalidate: true }, uri.element, h("div", { class: "form-actions" }, submit));
  input.addEventListener("input", () => error.clear());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    busy(submit, true);
    try {
      const account = await api.addAccountFromUri(input.value.trim());
      await afterAdded(app, [account], panel);
    } catch (failure) {
      error.show({ ...failure, field: failure.field || "uri" });
    } finally {
      busy(submit, false);
    }
  });
  return { element: form, first: input };
}

function imageTab(app, panel) {
  // The system's open dialog, run from Rust (which reads the picture), in the
  // window's language: no unstyled browser control, no file access for the page.
  const choose = h("button", { type: "button", class: "button", test: "image-choose", id: uid("image-choose") }, icon("file"), t("add.image.choose"));
  const status = h("p", { class: "hint", role: "status" });
  const dropZone = h(
    "div",
    { class: "drop-zone" },
    icon("image", { className: "drop-icon" }),
    h("label", { class: "drop-title", for: choose.id, text: t("add.image.drop") }),
    choose,
    h("p", { class: "hint", text: t("add.image.hint") }),
  );
  const scan = h("button", { type: "button", class: "button", test: "scan-screen" }, icon("qr"), t("add.image.scan"));
  const capture = h(
    "div",
    {},
    scan,
    h("p", { class: "hint", text: t("add.image.scanHint") }),
    h("p", { class: "hint", text: t("add.image.paste") }),
  );
  const report = h("div", { test: "capture-report" });
  const image = { element: dropZone, input: choose };
  const error = inlineError("image-error", { image }, status);
  const element = h("div", { class: "form" }, dropZone, capture, status, report);

  /** Adds the accounts of the QR codes in a picture Rust takes itself (the
   * clipboard's, or the screen): the panel closes when every code was read,
   * and otherwise shows the import report. */
  async function addCaptured(take, reading) {
    error.clear();
    report.replaceChildren();
    status.textContent = reading;
    dropZone.classList.add("is-busy");
    try {
      const result = await take();
      status.textContent = "";
      if ((result.rejected || []).length === 0) {
        panel.close();
        await app.refresh();
        showToast(t("add.addedMany", { count: result.added }));
      } else {
        await app.refresh();
        report.replaceChildren(importReport(result));
      }
    } catch (failure) {
      status.textContent = "";
      error.show({ ...failure, field: "image" });
    } finally {
      dropZone.classList.remove("is-busy");
    }
  }
  const paste = () => addCaptured(api.importClipboardPicture, t("add.image.reading"));
  scan.addEventListener("click", () => addCaptured(api.importScreen, t("add.image.scanning")));

  /** Adds the accounts of a picture: `bytes` of one dropped, or null for the
   * one chosen in the dialog. */
  async function add(bytes) {
    status.textContent = t("add.image.reading");
    dropZone.classList.add("is-busy");
    try {
      const accounts = await api.addAccountsFromImage(bytes);
      status.textContent = "";
      await afterAdded(app, accounts, panel);
    } catch (failure) {
      status.textContent = "";
      error.show({ ...failure, field: "image" });
    } finally {
      dropZone.classList.remove("is-busy");
    }
  }

  /** A picture dropped on the window. */
  async function read(file) {
    error.clear();
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) {
      error.show({ message: t("add.image.wrongType"), field: "image" });
      return;
    }
    await add(new Uint8Array(await file.arrayBuffer()));
  }

  choose.addEventListener("click", async () => {
    error.clear();
    try {
      if (await api.chooseFile("image")) await add(null);
    } catch (failure) {
      error.show({ ...failure, field: "image" });
    }
  });
  return { element, first: choose, read, paste, dropZone };
}

function manualTab(app, panel) {
  let tokensOnly = false;
  let advancedOpen = false;

  const issuer = field({ label: t("add.manual.issuer"), input: h("input", { type: "text", class: "input", test: "manual-issuer", autocomplete: "off", placeholder: t("add.manual.issuerPlaceholder") }) });
  const label = field({ label: t("add.manual.label"), input: h("input", { type: "text", class: "input", test: "manual-label", autocomplete: "off", spellcheck: "false", placeholder: t("add.manual.labelPlaceholder") }) });
  const secret = field({
    label: t("add.manual.secret"),
    input: h("input", { type: "text", class: "input mono-input", test: "manual-secret", autocomplete: "off", spellcheck: "false", autocapitalize: "characters" }),
    hint: t("add.manual.secretHint"),
  });

  const select = (test, options, value) =>
    h(
      "select",
      { class: "input", test },
      options.map(([optionValue, text]) => h("option", { value: optionValue, text, selected: optionValue === value })),
    );
  const kind = field({
    label: t("add.manual.kind"),
    input: select("manual-kind", [
      ["totp", t("add.manual.kindTotp")],
      ["hotp", t("add.manual.kindHotp")],
      ["steam", t("add.manual.kindSteam")],
    ], "totp"),
  });
  const algorithm = field({ label: t("add.manual.algorithm"), input: select("manual-algorithm", [["SHA1", "SHA1"], ["SHA256", "SHA256"], ["SHA512", "SHA512"]], "SHA1") });
  const digits = field({ label: t("add.manual.digits"), input: select("manual-digits", [["6", "6"], ["7", "7"], ["8", "8"]], "6") });
  const period = field({ label: t("add.manual.period"), input: h("input", { type: "number", class: "input", test: "manual-period", min: "1", max: "3600", value: "30", inputmode: "numeric" }) });
  const counter = field({ label: t("add.manual.counter"), input: h("input", { type: "number", class: "input", test: "manual-counter", min: "0", value: "0", inputmode: "numeric" }) });

  const advancedId = uid("advanced");
  const advanced = h("div", { class: "advanced-grid", id: advancedId, hidden: true }, kind.element, algorithm.element, digits.element, period.element, counter.element);
  const advancedToggle = h(
    "button",
    { type: "button", class: "button link", test: "manual-advanced", "aria-expanded": "false", "aria-controls": advancedId },
    icon("chevronDown", { className: "toggle-chevron" }),
    t("add.manual.advanced"),
  );
  const tokensOnlyToggle = h("button", { type: "button", class: "button link", test: "manual-tokens-only", "aria-pressed": "false" });
  const tokensOnlyNote = h("p", { class: "hint callout", hidden: true, text: t("add.manual.tokensOnlyNote") });

  const submit = h("button", { type: "submit", class: "button primary", test: "manual-submit", text: t("add.submit") });
  const error = inlineError("manual-error", { issuer, label, secret, period, digits, counter, algorithm }, submit);

  function syncKind() {
    const value = kind.input.value;
    algorithm.element.hidden = value === "steam";
    digits.element.hidden = value === "steam";
    period.element.hidden = value !== "totp";
    counter.element.hidden = value !== "hotp";
  }
  function syncTokensOnly() {
    secret.element.hidden = tokensOnly;
    advancedToggle.hidden = tokensOnly;
    advanced.hidden = tokensOnly || !advancedOpen;
    tokensOnlyNote.hidden = !tokensOnly;
    tokensOnlyToggle.setAttribute("aria-pressed", String(tokensOnly));
    tokensOnlyToggle.textContent = tokensOnly ? t("add.manual.hasSecret") : t("add.manual.tokensOnly");
  }
  kind.input.addEventListener("change", syncKind);
  advancedToggle.addEventListener("click", () => {
    advancedOpen = !advancedOpen;
    advanced.hidden = !advancedOpen;
    advancedToggle.setAttribute("aria-expanded", String(advancedOpen));
    if (advancedOpen) kind.input.focus();
  });
  tokensOnlyToggle.addEventListener("click", () => {
    tokensOnly = !tokensOnly;
    error.clear();
    syncTokensOnly();
  });
  syncKind();
  syncTokensOnly();

  const form = h(
    "form",
    { class: "form", novalidate: true },
    issuer.element,
    label.element,
    secret.element,
    tokensOnlyNote,
    h("div", { class: "link-row" }, advancedToggle, tokensOnlyToggle),
    advanced,
    h("div", { class: "form-actions" }, submit),
  );
  form.addEventListener("input", () => error.clear());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    const value = kind.input.value;
    const fields = {
      issuer: issuer.input.value.trim(),
      label: label.input.value.trim(),
      secret: tokensOnly ? "" : secret.input.value,
      kind: tokensOnly ? "none" : value,
      algorithm: algorithm.input.value,
      digits: value === "steam" ? 5 : Number(digits.input.value),
      period: Number(period.input.value),
      counter: Number(counter.input.value),
    };
    busy(submit, true);
    try {
      const account = await api.addAccountManually(fields);
      secret.input.value = "";
      await afterAdded(app, [account], panel);
    } catch (failure) {
      error.show(failure);
    } finally {
      busy(submit, false);
    }
  });
  return { element: form, first: issuer.input };
}

export function openAddAccount(app, { tab = "uri", animate = true, paste = false } = {}) {
  const panel = openPanel({
    testId: "add-panel",
    title: t("add.title"),
    className: "panel-add",
    animate,
    reopen: (options) => openAddAccount(app, { tab: current, ...options }),
  });
  let current = tab;

  const tabs = [
    { name: "uri", test: "tab-uri", label: t("add.tabs.uri"), icon: "link", build: uriTab },
    { name: "image", test: "tab-image", label: t("add.tabs.image"), icon: "qr", build: imageTab },
    { name: "manual", test: "tab-manual", label: t("add.tabs.manual"), icon: "pencil", build: manualTab },
  ].map((spec) => {
    const content = spec.build(app, panel);
    const tabId = uid("tab");
    const pageId = uid("tabpanel");
    const button = h(
      "button",
      { type: "button", role: "tab", class: "tab", test: spec.test, id: tabId, "aria-controls": pageId },
      icon(spec.icon, { className: "tab-icon" }),
      h("span", { text: spec.label }),
    );
    const page = h("div", { role: "tabpanel", class: "tab-page", id: pageId, "aria-labelledby": tabId }, content.element);
    return { ...spec, content, button, page };
  });

  function select(name, { focus = false } = {}) {
    current = name;
    for (const item of tabs) {
      const on = item.name === name;
      item.button.setAttribute("aria-selected", String(on));
      item.button.tabIndex = on ? 0 : -1;
      item.page.hidden = !on;
    }
    if (focus) tabs.find((item) => item.name === name).button.focus();
  }

  const tabList = h("div", { class: "tabs", role: "tablist", "aria-label": t("add.tabs.label") }, tabs.map((item) => item.button));
  tabList.addEventListener("keydown", (event) => {
    const index = tabs.findIndex((item) => item.name === current);
    let next = null;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    select(tabs[next].name, { focus: true });
  });
  for (const item of tabs) item.button.addEventListener("click", () => select(item.name));

  panel.body.append(tabList, ...tabs.map((item) => item.page));
  select(current);

  // Drop an image anywhere on the window while this panel is open.
  const imageTabSpec = tabs.find((item) => item.name === "image");
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  const onDragOver = (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    if (current !== "image") select("image");
    panel.root.classList.add("is-drop-target");
  };
  const onDragLeave = (event) => {
    if (event.relatedTarget === null) panel.root.classList.remove("is-drop-target");
  };
  const onDrop = (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    panel.root.classList.remove("is-drop-target");
    select("image");
    imageTabSpec.content.read(event.dataTransfer.files[0]);
  };
  window.addEventListener("dragover", onDragOver);
  window.addEventListener("dragleave", onDragLeave);
  window.addEventListener("drop", onDrop);
  // Ctrl+V outside a text field: the picture on the clipboard, read in Rust.
  const pastePicture = () => {
    select("image");
    imageTabSpec.content.paste();
  };
  const onKeyDown = (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (!mod || event.altKey || event.key.toLowerCase() !== "v" || isEditable(event.target)) return;
    event.preventDefault();
    pastePicture();
  };
  window.addEventListener("keydown", onKeyDown);
  panel.onCleanup(() => {
    window.removeEventListener("dragover", onDragOver);
    window.removeEventListener("dragleave", onDragLeave);
    window.removeEventListener("drop", onDrop);
    window.removeEventListener("keydown", onKeyDown);
  });

  panel.focus(tabs.find((item) => item.name === current).content.first);
  if (paste) pastePicture();
  return panel;
}
