// Owns the small pop-up menu opened from a "⋯" button (used per backup token):
// arrow keys move, Enter picks, Esc or a click elsewhere closes and gives focus
// back to the button.

import { h } from "../dom.js";

let openMenuState = null;

export function closeMenu({ restoreFocus = true } = {}) {
  if (!openMenuState) return;
  const { element, anchor, onOutside } = openMenuState;
  openMenuState = null;
  document.removeEventListener("pointerdown", onOutside, true);
  element.remove();
  anchor.setAttribute("aria-expanded", "false");
  if (restoreFocus && anchor.isConnected) anchor.focus();
}

/** items: [{label, test, onSelect, tone}] */
export function openMenu(anchor, items) {
  closeMenu({ restoreFocus: false });
  const buttons = items.map((item) =>
    h("button", {
      type: "button",
      role: "menuitem",
      class: ["menu-item", item.tone ? `menu-item-${item.tone}` : null],
      test: item.test,
      text: item.label,
      tabindex: "-1",
      onclick: () => {
        closeMenu();
        item.onSelect();
      },
    }),
  );
  const element = h("div", { class: "menu", role: "menu" }, buttons);

  element.addEventListener("keydown", (event) => {
    const index = buttons.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.stopPropagation();
      event.preventDefault();
      closeMenu();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length].focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      buttons[event.key === "Home" ? 0 : buttons.length - 1].focus();
    } else if (event.key === "Tab") {
      closeMenu({ restoreFocus: false });
    }
  });

  const onOutside = (event) => {
    if (!element.contains(event.target) && event.target !== anchor && !anchor.contains(event.target)) closeMenu({ restoreFocus: false });
  };
  document.addEventListener("pointerdown", onOutside, true);

  // Place it under the button, right-aligned, flipped up when near the bottom.
  const container = anchor.closest(".panel") || document.body;
  container.append(element);
  const rect = anchor.getBoundingClientRect();
  const height = element.offsetHeight;
  const top = rect.bottom + 4 + height > window.innerHeight - 8 ? rect.top - 4 - height : rect.bottom + 4;
  element.style.setProperty("--menu-top", `${Math.max(8, top)}px`);
  element.style.setProperty("--menu-right", `${Math.max(8, window.innerWidth - rect.right)}px`);

  anchor.setAttribute("aria-expanded", "true");
  openMenuState = { element, anchor, onOutside };
  buttons[0].focus();
}

export const menuIsOpen = () => openMenuState !== null;
