// Owns one row of the account list: initials badge, issuer and account name,
// the code (click or Enter copies), the countdown ring with the next code in
// the last seconds, HOTP "Show code" / "Next", and the backup-token chip that
// opens the tokens panel, the pin mark, and the row's ⋯ menu (copy, edit,
// show QR, pin, delete). Redrawn once per second by tick(); no timers here.
// Moving rows (drag, Alt+arrows) is the list's: see account-list.js.

import * as api from "../api.js";
import { h, svg } from "../dom.js";
import { icon } from "../icons.js";
import { t } from "../i18n.js";
import { showErrorToast, showCopiedToast } from "./toast.js";
import { openTokensPanel } from "./tokens-panel.js";
import { openAccountDetail } from "./account-detail.js";
import { openMenu } from "./menu.js";

const RING_RADIUS = 9;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;
const ENDING_SECONDS = 5;
// Until its last seconds the ring moves in tenths of the period (3 s of a
// 30 s code), the last ENDING_SECONDS one by one. Every move is a repaint
// of the window, ~20 ms of a core without a GPU: one a second kept an idle
// window at 1.9 % of a core; a tenth at a time is what a code's lifetime
// needs to be read at a glance.
const RING_STEPS = 10;

/** Stable hue 0–359 from the issuer's name, for the badge colour. */
export function hueFor(name) {
  let hash = 2166136261;
  for (const char of name.trim().toLowerCase()) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 16777619);
  }
  return Math.abs(hash) % 360;
}

/** "Therapieland" → "T", "Mijn Overheid" → "MO". */
export function initialsFor(name) {
  const words = name.trim().split(/[\s._@-]+/u).filter(Boolean);
  if (words.length === 0) return "?";
  const first = (word) => Array.from(word)[0].toLocaleUpperCase();
  return words.length > 1 ? first(words[0]) + first(words[1]) : first(words[0]);
}


/** "3/5": unused of all a site's backup tokens, as the chip shows it. */
const tokensCount = (tokens) => `${tokens.unused}/${tokens.total}`;

/** The small "3/5" chip; warning at one left, danger with "none left" at zero. */
export function tokensChip(tokens) {
  const tone = tokens.state === "exhausted" ? "danger" : tokens.state === "running_low" ? "warning" : "neutral";
  return h(
    "span",
    { class: ["chip", `chip-${tone}`], test: "tokens-chip" },
    icon("key", { className: "chip-icon" }),
    h("span", { class: "chip-count", text: tokensCount(tokens) }),
    // The space is not drawn (flex), but keeps the words apart for a
    // screen reader and for the label that must contain them (WCAG 2.5.3).
    tokens.state === "exhausted" ? [" ", h("span", { class: "chip-note", text: t("row.noneLeft") })] : null,
  );
}

export function createAccountRow(app, initialAccount) {
  let account = initialAccount;
  let code = null; // TimedCode for time-based accounts
  let codeButton = null;
  let nextCode = null;
  let nextWrap = null;
  let ringFill = null;
  let lastOffset = null;
  // A new code for a row off screen waits until the row is drawn again.
  let codeNotShown = false;
  let ending = false;
  let copiedTimer = null;

  const root = h("li", { class: "row", test: "account-row", tabindex: "0", dataset: { id: account.id } });

  async function copy() {
    try {
      const { clear_after_seconds: seconds } = await api.copyCode(account.id);
      showCopiedToast(seconds);
      if (codeButton) {
        codeButton.classList.add("is-copied");
        clearTimeout(copiedTimer);
        copiedTimer = setTimeout(() => codeButton && codeButton.classList.remove("is-copied"), 900);
      }
    } catch (error) {
      showErrorToast(error);
    }
  }

  async function showHotp() {
    try {
      const { code: value } = await api.hotpNextCode(account.id);
      app.hotpCodes.set(account.id, value);
      render();
      root.querySelector("[data-test='hotp-show']")?.focus();
    } catch (error) {
      showErrorToast(error);
    }
  }

  const openTokens = () => openTokensPanel(app, account.id);

  /** The ⋯ menu: each entry goes the way the same action goes elsewhere
   * (the row's own action, the details page, its QR reveal and its delete
   * confirmation), so the menu adds no second path to a secret. */
  function openRowMenu(anchor) {
    const { id } = account;
    const first = account.timed || (account.kind === "hotp" && app.hotpCodes.has(id))
      ? { label: t("row.menuCopy"), test: "menu-copy" }
      : account.kind === "hotp"
        ? { label: t("row.showCode"), test: "menu-copy" }
        : { label: account.tokens.total > 0 ? t("row.backupTokens") : t("row.addBackupTokens"), test: "menu-tokens" };
    openMenu(anchor, [
      { ...first, onSelect: activate },
      { label: t("row.menuEdit"), test: "menu-edit", onSelect: () => openAccountDetail(app, id) },
      account.kind === "none" ? null : { label: t("row.menuShowQr"), test: "menu-show-qr", onSelect: () => openAccountDetail(app, id, { start: "show-qr" }) },
      { label: account.pinned ? t("row.menuUnpin") : t("row.menuPin"), test: "menu-pin", onSelect: () => app.setPinned(account, !account.pinned) },
      { label: t("row.menuDelete"), test: "menu-delete", tone: "danger", onSelect: () => openAccountDetail(app, id, { start: "delete" }) },
    ].filter(Boolean));
  }

  /** Click on the row or Enter on it: the row's main action. */
  function activate() {
    if (account.timed) copy();
    else if (account.kind === "hotp") {
      if (app.hotpCodes.has(account.id)) copy();
      else showHotp();
    } else openTokens();
  }

  function tokensButton(large) {
    const tokens = account.tokens;
    const hasTokens = tokens.total > 0;
    return h(
      "button",
      {
        type: "button",
        class: ["tokens-button", large ? "tokens-button-large" : null],
        test: "open-tokens",
        // Starts with the words the button shows, so a voice user can say them (WCAG 2.5.3).
        "aria-label": hasTokens
          ? t("row.tokensLabel", { site: account.name, count: tokens.state === "exhausted" ? `${tokensCount(tokens)} ${t("row.noneLeft")}` : tokensCount(tokens) })
          : t("row.addTokensLabel", { site: account.name }),
        title: t("row.tokensHint"),
        onclick: openTokens,
      },
      large ? h("span", { class: "tokens-button-text", text: hasTokens ? t("row.backupTokens") : t("row.addBackupTokens") }) : null,
      large && hasTokens ? " " : null,
      hasTokens ? tokensChip(tokens) : null,
      large ? icon("chevronRight", { className: "tokens-button-chevron" }) : null,
    );
  }

  function codeArea() {
    if (account.timed) {
      codeButton = h("button", { type: "button", class: "code", test: "code", tabindex: "-1", title: t("row.copyHint"), onclick: copy });
      ringFill = svg("circle", { class: "ring-fill", cx: 12, cy: 12, r: RING_RADIUS, "stroke-dasharray": RING_LENGTH.toFixed(3), transform: "rotate(-90 12 12)" });
      const ring = svg("svg", { class: "ring", viewBox: "0 0 24 24", "aria-hidden": "true" }, svg("circle", { class: "ring-track", cx: 12, cy: 12, r: RING_RADIUS }), ringFill);
      nextCode = h("span", { class: "next-code", test: "next-code" });
      nextWrap = h("span", { class: "next", "aria-hidden": "true" }, h("span", { class: "next-label", text: t("row.next") }), nextCode);
      lastOffset = null;
      return h("div", { class: "row-code" }, h("div", { class: "code-line" }, codeButton, ring), nextWrap);
    }
    if (account.kind === "hotp") {
      const shown = app.hotpCodes.get(account.id);
      if (!shown) {
        return h(
          "div",
          { class: "row-code" },
          h("button", { type: "button", class: "button small", test: "hotp-show", onclick: showHotp }, t("row.showCode")),
        );
      }
      codeButton = h("button", { type: "button", class: "code", test: "code", tabindex: "-1", title: t("row.copyHint"), onclick: copy, text: shown });
      return h(
        "div",
        { class: "row-code" },
        h(
          "div",
          { class: "code-line" },
          codeButton,
          h("button", { type: "button", class: "icon-button small", test: "hotp-show", "aria-label": t("row.nextCode"), title: t("row.nextCode"), onclick: showHotp }, icon("next")),
        ),
      );
    }
    return h("div", { class: "row-code" }, tokensButton(true));
  }

  function render() {
    const focusedTest = root.contains(document.activeElement) && document.activeElement !== root ? document.activeElement.dataset.test : null;
    codeButton = nextCode = nextWrap = ringFill = null;
    ending = false;
    root.classList.remove("is-ending");

    const name = account.name;
    const badge = h("span", { class: "badge", "aria-hidden": "true", text: initialsFor(name) });
    badge.style.setProperty("--badge-hue", String(hueFor(name)));
    const sub = h("div", { class: "row-sub" }, account.issuer && account.label ? h("span", { class: "row-label", text: account.label }) : null);
    if (account.kind !== "none" && account.tokens.total > 0) sub.append(tokensButton(false));
    const pinMark = account.pinned ? h("span", { class: "pin-mark", test: "pin-mark", title: t("row.pinned") }, icon("pin", { label: t("row.pinned") })) : null;
    const names = h("div", { class: "row-names" }, h("div", { class: "row-title" }, pinMark, h("span", { class: "row-issuer", text: name })), sub);
    const details = h(
      "button",
      { type: "button", class: "icon-button row-more", test: "row-menu", "aria-label": t("row.menu", { name }), title: t("row.menuHint"), "aria-haspopup": "menu", "aria-expanded": "false" },
      icon("more"),
    );
    details.addEventListener("click", () => openRowMenu(details));
    root.replaceChildren(badge, names, codeArea(), details);
    showCode();
    nameRow();
    if (focusedTest) root.querySelector(`[data-test='${focusedTest}']`)?.focus();
  }

  function showCode() {
    if (!codeButton || !account.timed) return;
    const current = code && code.current ? code.current : "";
    codeButton.textContent = current || "··· ···";
    if (current && performance.getEntriesByName("safekeep:first-code").length === 0) performance.mark("safekeep:first-code");
    codeButton.classList.toggle("is-pending", !current);
    codeButton.setAttribute("aria-label", current ? t("row.copyCode", { code: current }) : t("row.loading"));
    nextCode.textContent = code && code.next ? code.next : "";
    lastOffset = null;
    if (code) drawRing(Date.now() / 1000);
    nameRow();
  }

  /**
   * The row's name, one sentence a screen reader reads on arrival:
   * "GitHub, me@example.org, code 946 264, 12 seconds left". Set when the
   * row is drawn, when its code changes and when it gets the focus, never
   * by the once-a-second tick: a focused row whose name changed every
   * second would be read again every second. So the seconds are those
   * left when the user arrived, and a new code is read once a period.
   */
  function nameRow() {
    const name = account.issuer && account.label ? t("row.name", { issuer: account.issuer, label: account.label }) : account.name;
    let sentence = name;
    if (account.timed) {
      const current = code && code.current;
      const seconds = current ? Math.max(1, Math.ceil(code.valid_until - Date.now() / 1000)) : 0;
      sentence = current ? t("row.sentence", { name, code: current, count: seconds }) : t("row.sentenceLoading", { name });
    } else if (account.kind === "hotp" && app.hotpCodes.has(account.id)) {
      sentence = t("row.sentenceCounter", { name, code: app.hotpCodes.get(account.id) });
    }
    if (root.getAttribute("aria-label") !== sentence) root.setAttribute("aria-label", sentence);
  }

  function drawRing(now) {
    if (!ringFill || !code) return;
    const remaining = Math.max(0, code.valid_until - now);
    const step = code.period / RING_STEPS;
    const shown = remaining > ENDING_SECONDS ? Math.ceil(remaining / step) * step : Math.ceil(remaining);
    const fraction = Math.min(1, shown / code.period);
    const offset = (RING_LENGTH * (1 - fraction)).toFixed(2);
    if (offset !== lastOffset) {
      ringFill.setAttribute("stroke-dashoffset", offset);
      lastOffset = offset;
    }
    const isEnding = Math.ceil(remaining) <= ENDING_SECONDS && Boolean(code.next);
    if (isEnding !== ending) {
      ending = isEnding;
      root.classList.toggle("is-ending", ending);
      nextWrap.setAttribute("aria-hidden", String(!ending));
    }
  }

  root.addEventListener("click", (event) => {
    if (event.target.closest("button")) return;
    activate();
  });
  // The menu key, Shift+F10 or a right click anywhere on the row opens its
  // ⋯ menu (instead of the web view's own context menu).
  const openMenuFromRow = (event) => {
    event.preventDefault();
    openRowMenu(root.querySelector("[data-test='row-menu']"));
  };
  root.addEventListener("contextmenu", openMenuFromRow);
  // Before the screen reader reads the name of the row it arrives on.
  root.addEventListener("focus", nameRow);
  root.addEventListener("keydown", (event) => {
    if (event.key === "ContextMenu" || (event.shiftKey && event.key === "F10")) openMenuFromRow(event);
    if (event.target !== root) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      activate();
    }
  });

  render();

  return {
    root,
    get account() {
      return account;
    },
    update(next) {
      account = next;
      render();
    },
    /** A new code; `onScreen: false` keeps it until the next tick(). */
    setCode(timedCode, { onScreen = true } = {}) {
      if (!account.timed) return;
      const same = code && timedCode && code.current === timedCode.current && code.next === timedCode.next && code.valid_until === timedCode.valid_until;
      code = timedCode || null;
      if (same) return;
      codeNotShown = !onScreen;
      if (onScreen) showCode();
    },
    tick(now) {
      if (codeNotShown) {
        codeNotShown = false;
        showCode();
      } else {
        drawRing(now);
      }
    },
    matches(query) {
      return account.issuer.toLocaleLowerCase().includes(query) || account.label.toLocaleLowerCase().includes(query);
    },
    activate,
  };
}
