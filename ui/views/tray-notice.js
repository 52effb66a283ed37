// Owns the notice the first close into the tray shows: where the window goes
// (the tray icon, whose menu brings it back and quits), with "Hide in the
// tray" and "Quit Safekeep". Rust decides when it is due (src-tauri/src/tray.rs)
// and sends "close-to-tray-notice"; after "Hide in the tray" it is not shown
// again, and closing hides the window at once.

import * as api from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { busy } from "../forms.js";
import { openPanel } from "./panel.js";
import { showErrorToast } from "./toast.js";

export function showTrayNotice() {
  const panel = openPanel({ testId: "tray-notice", title: t("trayNotice.title") });
  const hide = h("button", { type: "button", class: "button primary", test: "tray-notice-hide", text: t("trayNotice.hide") });
  const quit = h("button", { type: "button", class: "button", test: "tray-notice-quit", text: t("trayNotice.quit") });
  hide.addEventListener("click", async () => {
    busy(hide, true);
    try {
      await api.hideToTray();
      panel.close();
    } catch (failure) {
      showErrorToast(failure);
    } finally {
      busy(hide, false);
    }
  });
  quit.addEventListener("click", () => api.quitApp());
  panel.body.append(
    h("section", { class: "section" },
      h("p", { class: "section-text", text: t("trayNotice.where") }),
      h("p", { class: "hint", text: t("trayNotice.change") }),
      h("div", { class: "button-row" }, hide, quit),
    ),
  );
  panel.focus(hide);
}
