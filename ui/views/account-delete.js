// Owns deleting an account: the one path every Delete in the window takes
// (the details page, the row's menu). The account is deleted at once and can
// be put back, whole and in its place, from the toast's Undo for ten seconds;
// Rust keeps it that long and no longer.

import * as api from "../api.js";
import { t } from "../i18n.js";
import { showToast, showErrorToast } from "./toast.js";

/** Seconds the toast offers Undo; Rust keeps the account a little longer,
 * so a click at the last moment still works (UNDO_WINDOW in state.rs). */
const UNDO_SECONDS = 10;

/**
 * Deletes `account` ({id, name}) and offers Undo. `deleted()` runs once it is
 * gone, before the list is redrawn (e.g. to close the panel that asked).
 * Throws what the api threw when the delete failed, for the caller to show
 * where the person clicked.
 */
export async function deleteAccount(app, account, { deleted = () => {} } = {}) {
  await api.deleteAccount(account.id);
  deleted();
  await app.refresh();
  if (app.list) app.list.focusStart();
  showToast(t("detail.deleted", { name: account.name }), {
    seconds: UNDO_SECONDS,
    action: {
      label: t("common.undo"),
      test: "toast-undo",
      onClick: async () => {
        try {
          await api.undoDeleteAccount(account.id);
          showToast(t("detail.undeleted", { name: account.name }));
        } catch (failure) {
          showErrorToast(failure);
        }
        await app.refresh();
      },
    },
  });
}
