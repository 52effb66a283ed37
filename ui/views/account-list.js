// Owns the main screen: the top bar (name, search, add, lock, settings), the
// list of account rows with keyboard navigation and filtering, moving a row
// (drag, or Alt+↑/↓ on it, said in a polite live region), and the empty
// state. Rows themselves are drawn by account-row.js. The rows come in the
// order the core decides (pinned first, then by name or as arranged); the
// list keeps it.

import * as api from "../api.js";
import { h } from "../dom.js";
import { icon } from "../icons.js";
import { t } from "../i18n.js";
import { createAccountRow } from "./account-row.js";
import { openAddAccount } from "./add-account.js";
import { openSettings } from "./settings.js";
import { showBackupReminder, openImportPanel } from "./transfer.js";
import { showErrorToast } from "./toast.js";

/** How far the pointer must travel with the button down before a press on
 * a row becomes a drag rather than a click (which copies the code). */
const DRAG_THRESHOLD_PX = 6;
/** A drag this close to the list's top or bottom edge scrolls the list, by
 * SCROLL_STEP_PX per pointer move, so a row can go where the eye cannot see. */
const SCROLL_EDGE_PX = 48;
const SCROLL_STEP_PX = 24;
// A long list is built in parts: the first part before the first frame, the
// rest in tasks after it. Building 1,000 rows at once kept the first code off
// the screen for ~500 ms; a part is more than a tall window shows.
const ROWS_BEFORE_FIRST_PAINT = 40;
const ROWS_PER_TASK = 250;

/** Runs `then` once what the page has now was painted (at once while hidden,
 * when nothing paints). */
function afterPaint(then) {
  if (document.hidden) setTimeout(then, 0);
  else requestAnimationFrame(() => setTimeout(then, 0));
}

export function createAccountList(app) {
  let rows = new Map();
  let loaded = false;

  const searchInput = h("input", {
    type: "search",
    class: "search-input",
    test: "search",
    placeholder: t("list.searchPlaceholder"),
    "aria-label": t("list.searchLabel"),
    "aria-keyshortcuts": "/ Control+F",
    autocomplete: "off",
    spellcheck: "false",
    value: app.query,
  });
  const topBar = h(
    "header",
    { class: "topbar" },
    h("div", { class: "brand" }, icon("shield", { className: "brand-mark" }), h("span", { class: "brand-name", text: t("app.name") })),
    h("label", { class: "search" }, icon("search", { className: "search-icon" }), searchInput),
    h(
      "div",
      { class: "topbar-actions" },
      h(
        "button",
        { type: "button", class: "icon-button", test: "add", "aria-label": t("list.add"), title: t("list.addHint"), "aria-keyshortcuts": "Control+N", onclick: () => openAddAccount(app) },
        icon("plus"),
      ),
      h(
        "button",
        { type: "button", class: "icon-button", test: "lock", "aria-label": t("list.lock"), title: t("list.lockHint"), "aria-keyshortcuts": "Control+L", onclick: () => app.lock() },
        icon("lock"),
      ),
      h("button", { type: "button", class: "icon-button", test: "settings", "aria-label": t("list.settings"), title: t("list.settings"), onclick: () => openSettings(app) }, icon("settings")),
    ),
  );

  const listElement = h("ul", { class: "accounts", "aria-label": t("list.accountsLabel") });
  const addFirst = h("button", { type: "button", class: "button primary", onclick: () => openAddAccount(app) }, icon("plus"), t("empty.add"));
  const emptyState = h(
    "div",
    { class: "empty-state", test: "empty-state", hidden: true },
    h("div", { class: "empty-mark" }, icon("shield")),
    h("h2", { class: "empty-title", text: t("empty.title") }),
    h("p", { class: "empty-text", text: t("empty.text") }),
    h("div", { class: "button-row center" }, addFirst, h("button", { type: "button", class: "button", test: "empty-import", onclick: () => openImportPanel(app) }, t("empty.import"))),
  );
  const noMatches = h("p", { class: "no-matches", hidden: true, role: "status" });
  const announcer = h("p", { class: "list-announcer", test: "list-announcer", role: "status", "aria-live": "polite" });
  const reminderSlot = h("div", { class: "reminder-slot" });
  // What a synced vault's merge must say once (sync.js fills it).
  const syncNoticeSlot = h("div", { class: "reminder-slot" });
  const body = h("main", { class: "list-body" }, syncNoticeSlot, reminderSlot, listElement, emptyState, noMatches, announcer);
  const root = h("div", { class: "screen screen-list" }, topBar, body);

  let rowsByElement = new Map();
  // Only rows on screen are redrawn: each second's ring and each new code.
  // Redrawing every row of a 1,000-account vault kept 6 % of a core busy
  // for rows nobody could see; a row coming into view catches up as it
  // arrives.
  const onScreen = new Set();
  const visibility = new IntersectionObserver(
    (entries) => {
      const now = Date.now() / 1000;
      for (const entry of entries) {
        const row = rowsByElement.get(entry.target);
        if (!row) continue;
        if (entry.isIntersecting) {
          onScreen.add(row);
          row.tick(now);
        } else {
          onScreen.delete(row);
        }
      }
    },
    { root: body },
  );
  // In the order the list shows them: a search can move rows up.
  const visibleRows = () => [...listElement.children].map((element) => rowsByElement.get(element)).filter((row) => row && !row.root.hidden);

  /** The list's order for `query`: every row in the core's order, except that
   * rows whose issuer or account name is exactly the query come first
   * (typing "site4" shows Site4 above Site40–49). The one place the order
   * of search results is decided. */
  function orderFor(query) {
    const all = [...rows.values()];
    if (!query) return all;
    const exact = (row) => [row.account.issuer, row.account.label].some((name) => name.toLocaleLowerCase() === query);
    return [...all.filter(exact), ...all.filter((row) => !exact(row))];
  }

  function placeRows(order) {
    const wanted = order.map((row) => row.root);
    const inOrder = wanted.length === listElement.children.length && wanted.every((el, i) => listElement.children[i] === el);
    if (inOrder) return;
    const active = document.activeElement;
    const focused = wanted.find((el) => el.contains(active));
    listElement.replaceChildren(...wanted);
    if (focused && !focused.contains(document.activeElement)) (active.isConnected ? active : focused).focus();
  }

  function applyFilter() {
    const query = app.query.trim().toLocaleLowerCase();
    let shown = 0;
    for (const row of rows.values()) {
      const match = !query || row.matches(query);
      row.root.hidden = !match;
      if (match) shown += 1;
    }
    placeRows(orderFor(query));
    emptyState.hidden = !loaded || rows.size > 0;
    noMatches.hidden = rows.size === 0 || shown > 0;
    if (!noMatches.hidden) noMatches.textContent = t("list.noMatches", { query: app.query.trim() });
  }

  function focusRowAt(index) {
    const visible = visibleRows();
    if (visible.length === 0) return;
    visible[Math.max(0, Math.min(index, visible.length - 1))].root.focus();
  }

  searchInput.addEventListener("input", () => {
    app.query = searchInput.value;
    applyFilter();
    // Each new search shows its matches from the top, best match first.
    body.scrollTop = 0;
  });
  searchInput.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      focusRowAt(0);
    } else if (event.key === "Enter") {
      // Enter in the search field copies the first match: find and copy in one go.
      const first = visibleRows()[0];
      if (first) {
        event.preventDefault();
        first.activate();
      }
    }
  });

  /** Says `text` to screen readers, once. */
  function announce(text) {
    announcer.textContent = "";
    // A new text node each time, so the same words are said again.
    requestAnimationFrame(() => (announcer.textContent = text));
  }

  /** Moves `row` to `position` in the whole list; the core keeps it within
   * its group (pinned or not) and sends the list back in its new order. */
  async function moveRow(row, position) {
    const { id, name } = row.account;
    try {
      const list = await api.moveAccount(id, position);
      app.showAccountList(list);
      const at = list.accounts.findIndex((account) => account.id === id);
      announce(t("list.moved", { name, position: at + 1, count: list.accounts.length }));
    } catch (error) {
      showErrorToast(error);
    }
  }

  // ---- moving a row with the pointer ----
  // A press on a row that travels more than DRAG_THRESHOLD_PX drags it; the
  // row follows the pointer and lands before the first row whose middle is
  // below the pointer. Buttons in the row keep their clicks. Near the list's
  // edges the list scrolls, and the row stays under the pointer.
  let drag = null;
  let swallowClick = false;
  const otherRows = () => [...rows.values()].filter((row) => row !== drag.row);
  function dropPosition(clientY) {
    return otherRows().filter((row) => {
      const box = row.root.getBoundingClientRect();
      return box.top + box.height / 2 < clientY;
    }).length;
  }
  function markDrop(position) {
    const others = otherRows();
    for (const row of others) row.root.classList.remove("is-drop-before", "is-drop-after");
    if (position < others.length) others[position].root.classList.add("is-drop-before");
    else if (others.length > 0) others[others.length - 1].root.classList.add("is-drop-after");
  }
  function endDrag() {
    if (!drag) return null;
    const ended = drag;
    drag = null;
    ended.row.root.classList.remove("is-dragging");
    ended.row.root.style.removeProperty("transform");
    for (const row of rows.values()) row.root.classList.remove("is-drop-before", "is-drop-after");
    return ended;
  }
  listElement.addEventListener("pointerdown", (event) => {
    swallowClick = false;
    const rowElement = event.target.closest("[data-test='account-row']");
    if (event.button !== 0 || !rowElement || event.target.closest("button") || app.query.trim()) return;
    drag = { row: rowsByElement.get(rowElement), pointerId: event.pointerId, startY: event.clientY, startScroll: body.scrollTop, moving: false };
  });
  listElement.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const travelled = event.clientY - drag.startY;
    if (!drag.moving) {
      if (Math.abs(travelled) < DRAG_THRESHOLD_PX) return;
      drag.moving = true;
      drag.row.root.setPointerCapture(event.pointerId);
      drag.row.root.classList.add("is-dragging");
    }
    const edges = body.getBoundingClientRect();
    if (event.clientY < edges.top + SCROLL_EDGE_PX) body.scrollTop -= SCROLL_STEP_PX;
    else if (event.clientY > edges.bottom - SCROLL_EDGE_PX) body.scrollTop += SCROLL_STEP_PX;
    drag.row.root.style.transform = `translateY(${travelled + body.scrollTop - drag.startScroll}px)`;
    markDrop(dropPosition(event.clientY));
  });
  listElement.addEventListener("pointerup", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const position = drag.moving ? dropPosition(event.clientY) : null;
    const ended = endDrag();
    if (position === null) return;
    // The click that ends a drag is not a click on the row; it comes in the
    // same turn as this pointerup, so a later click is never swallowed.
    swallowClick = true;
    setTimeout(() => (swallowClick = false), 0);
    ended.row.root.focus();
    moveRow(ended.row, position);
  });
  listElement.addEventListener("pointercancel", endDrag);
  listElement.addEventListener(
    "click",
    (event) => {
      if (!swallowClick) return;
      swallowClick = false;
      event.stopPropagation();
      event.preventDefault();
    },
    true,
  );

  listElement.addEventListener("keydown", (event) => {
    const rowElement = event.target.closest("[data-test='account-row']");
    if (!rowElement) return;
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && event.target === rowElement) {
      event.preventDefault();
      if (app.query.trim()) {
        announce(t("list.moveWhileSearching"));
        return;
      }
      const all = [...rows.values()];
      const row = rowsByElement.get(rowElement);
      const position = all.indexOf(row) + (event.key === "ArrowUp" ? -1 : 1);
      if (position >= 0 && position < all.length) moveRow(row, position);
      return;
    }
    const visible = visibleRows();
    const index = visible.findIndex((row) => row.root === rowElement);
    let target = null;
    if (event.key === "ArrowDown") target = index + 1;
    else if (event.key === "ArrowUp") target = index - 1;
    else if (event.key === "Home") target = 0;
    else if (event.key === "End") target = visible.length - 1;
    if (target === null) return;
    event.preventDefault();
    if (target < 0) searchInput.focus();
    else focusRowAt(target);
  });

  let listGeneration = 0;

  /** Puts rows for `accounts` in the list, reusing rows it has; the list is
   * whole (`complete`) or its first part. */
  function showAccounts(accounts, complete) {
    loaded = complete;
    const next = new Map();
    for (const account of accounts) {
      const row = rows.get(account.id) || createAccountRow(app, account);
      // The parts of one list share its objects: a row built for one is
      // not drawn again by the next part.
      if (!rows.has(account.id)) visibility.observe(row.root);
      else if (row.account !== account) row.update(account);
      row.setCode(app.codes.get(account.id));
      next.set(account.id, row);
    }
    for (const [id, row] of rows) {
      if (next.has(id)) continue;
      visibility.unobserve(row.root);
      onScreen.delete(row);
      row.root.remove();
    }
    rows = next;
    rowsByElement = new Map([...rows.values()].map((row) => [row.root, row]));
    applyFilter();
    showBackupReminder(app, reminderSlot, app.backupStatus);
  }

  return {
    root,
    syncNoticeSlot,

    /** Shows `accounts`, in this order. A first long list is shown in parts
     * (see ROWS_BEFORE_FIRST_PAINT); a newer list stops an unfinished one. */
    setAccounts(accounts) {
      const generation = ++listGeneration;
      const showUpTo = (count) => {
        if (generation !== listGeneration) return;
        showAccounts(accounts.slice(0, count), count >= accounts.length);
        if (count < accounts.length) afterPaint(() => showUpTo(count + ROWS_PER_TASK));
      };
      const firstLongList = rows.size === 0 && accounts.length > ROWS_BEFORE_FIRST_PAINT;
      showUpTo(firstLongList ? ROWS_BEFORE_FIRST_PAINT : accounts.length);
    },

    announce,

    updateAccount(account) {
      const row = rows.get(account.id);
      if (row) row.update(account);
    },

    /** New codes: drawn now on the rows on screen, on the others when
     * they come into view (1,000 rows redrawn twice a period cost as much
     * as all the rings). */
    setCodes(codes) {
      for (const [id, row] of rows) row.setCode(codes.get(id), { onScreen: onScreen.has(row) });
    },

    /** Once per second: redraw the countdown rings of the rows on screen. */
    tick(now) {
      for (const row of onScreen) row.tick(now);
    },

    focusSearch() {
      searchInput.focus();
      searchInput.select();
    },

    /** Where focus goes on arrival: the first account, or "Add an account". */
    focusStart() {
      if (rows.size > 0) focusRowAt(0);
      else addFirst.focus();
    },

    focusAccount(id) {
      const row = rows.get(id);
      if (row) {
        if (row.root.hidden) {
          app.query = "";
          searchInput.value = "";
          applyFilter();
        }
        row.root.focus();
        row.root.scrollIntoView({ block: "nearest" });
      }
    },

    /** Esc on the list: clear the search. */
    escape() {
      if (app.query || document.activeElement === searchInput) {
        const wasInSearch = document.activeElement === searchInput;
        app.query = "";
        searchInput.value = "";
        applyFilter();
        if (!wasInSearch) return;
        if (rows.size === 0) searchInput.blur();
      }
    },
  };
}
