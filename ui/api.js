// The only module that talks to the Rust side. Every other module imports
// these functions; none calls `invoke` itself, so the contract between the
// window and the core is this one file.
//
// Every call rejects with an AppError: { code, message } where `code` is the
// core's stable message id (e.g. "vault-wrong-password", "otp-uri-missing-secret")
// and `message` is already worded in the user's language. Some errors add
// `field` ("uri" | "secret" | "issuer" | "label" | "password" | "image" |
// "tokens") so a form can show the message under the right input.
//
// Secrets stay in Rust: the window asks for codes, not for secrets; copying
// happens in Rust so the clipboard can be cleared later only if it still holds
// what Safekeep put there. The few calls that return a secret (an account's QR
// code, Google transfer codes, tokens in plain text) need a one-time grant,
// asked for with grantReveal from the click that confirms it.
//
// Tauri's IPC as @tauri-apps/api's `invoke` and `listen` use it: the app does
// not inject the whole `window.__TAURI__` API (no withGlobalTauri), the page
// needs only these two.

const internals = window.__TAURI_INTERNALS__;
const invoke = (command, args) => internals.invoke(command, args);
/** Bytes the window holds (a dropped file) as IPC sends them; null means
 * "the file chosen in the open dialog", which Rust reads itself. */
const bytesOrChosen = (bytes) => (bytes ? Array.from(bytes) : null);

/**
 * @typedef {{available: boolean, problem: string|null}} KeychainStatus
 * @typedef {{keychain: boolean, password: boolean, password_at_unlock: boolean}} Slots
 *   `password_at_unlock`: the user asked for the password after a lock and at start;
 *   the keychain does not unlock the vault then (no one-click unlock).
 * @typedef {{score: number, acceptable: boolean, weakness: string|null, advice: string[]}} PasswordStrength
 *   `score` is zxcvbn's 0–4; `weakness` and `advice` are worded in the user's language.
 * @typedef {{auto_lock_minutes: number, clipboard_clear_seconds: number, language: "en"|"nl"|null, theme: "system"|"light"|"dark"}} Settings
 *   The user's preferences; when the last backup was made is backupStatus's.
 * @typedef {{
 *   vault: "missing"|"locked"|"unlocked",
 *   keychain: KeychainStatus,
 *   slots: Slots|null,
 *   language: "en"|"nl",
 *   settings: Settings,
 *   data_dir: string,
 *   synced: boolean,
 * }} AppStatus
 *   `synced`: the unlocked vault is kept in a synced folder (see syncStatus).
 * @typedef {{unused: number, total: number, state: "no_tokens"|"plenty"|"running_low"|"exhausted"}} TokenSummary
 * @typedef {{
 *   id: string, issuer: string, label: string, name: string,
 *   kind: "totp"|"hotp"|"steam"|"none", timed: boolean,
 *   digits: number, period: number|null,
 *   notes: string, tokens: TokenSummary, pinned: boolean,
 * }} Account
 * @typedef {{order: "name"|"custom", accounts: Account[]}} AccountList
 *   `accounts` come in the order the list shows them (the core decides it).
 * @typedef {{current: string, next: string, valid_until: number, period: number}} TimedCode
 *   `current`/`next` are grouped for reading ("123 456"); `valid_until` is Unix seconds.
 * @typedef {{generated_at: number, codes: Object<string, TimedCode>}} CodeBatch
 * @typedef {{index: number, masked: string, code: string|null, used_at: number|null, batch: number}} TokenRow
 * @typedef {{name: string, reason: "no_code"|"code_not_supported"|"nothing_to_print"}} ExportLeftOut
 *   `code` is null unless the list was asked for with reveal = true.
 * @typedef {{piece: string, line: number, reason: "unlike_the_others"|"not_token_like"}} LeftOut
 *   A piece of the paste that may be a token but was not taken; shown so nothing is dropped unsaid.
 * @typedef {{added: number, already_stored: number, repeated_in_paste: number, left_out: LeftOut[],
 *   dropped: number, dropped_unused: number}} AddReport
 *   `dropped`/`dropped_unused`: what a replacement drops (0 when appending).
 * @typedef {{marked_used: boolean, clear_after_seconds: number, tokens: TokenUse}} TokenCopy
 * @typedef {{account: Account, unused: number, total: number, state: string}} TokenUse
 */

// ---- vault and lock ----

/** @returns {Promise<AppStatus>} */
export const status = () => invoke("app_status");

/** The app's version and licence, for Settings' About section.
 * @returns {Promise<{version: string, licence: string}>} */
export const appInfo = () => invoke("app_info");

/** Creates the vault: keychain slot when available, plus a password slot if given.
 * @param {string|null} password @returns {Promise<AppStatus>} */
export const createVault = (password) => invoke("create_vault", { password });

/** Unlocks with the keychain (password null) or the password. @returns {Promise<AppStatus>} */
export const unlock = (password) => invoke("unlock", { password });

/** Locks: drops the key from memory. @returns {Promise<AppStatus>} */
export const lock = () => invoke("lock");

/** Opens a vault older than the newest seen here, after the user confirmed
 * they restored it on purpose. @returns {Promise<AppStatus>} */
export const acceptOlderVault = (password) => invoke("accept_older_vault", { password });

/** Tells Rust the user just did something (auto-lock counts from it). Cheap;
 * the caller throttles it. */
export const noteActivity = () => invoke("note_activity");

/** Calls `handler()` whenever the app locks: by Lock, or by itself after the
 * auto-lock delay, also while the window is hidden. */
export const onLocked = (handler) =>
  invoke("plugin:event|listen", { event: "vault-locked", target: { kind: "Any" }, handler: internals.transformCallback(() => handler()) });

/** Calls `handler()` when the window's close button is to hide it in the
 * tray for the first time: the window says where it goes first. */
export const onCloseToTrayNotice = (handler) =>
  invoke("plugin:event|listen", { event: "close-to-tray-notice", target: { kind: "Any" }, handler: internals.transformCallback(() => handler()) });

/** Calls `handler(error)` when something chosen in the tray menu failed (the
 * window is shown for it); `error` is an AppError. */
export const onTrayProblem = (handler) =>
  invoke("plugin:event|listen", { event: "tray-problem", target: { kind: "Any" }, handler: internals.transformCallback((event) => handler(event.payload)) });

/** Calls `handler()` when the tray or the quick pick changed the vault (a
 * backup token used), so the window shows it without waiting for focus. */
export const onVaultChangedElsewhere = (handler) =>
  invoke("plugin:event|listen", { event: "vault-changed-elsewhere", target: { kind: "Any" }, handler: internals.transformCallback(() => handler()) });

/** A one-time grant (valid 30 s) to see one secret thing; ask for it in the
 * click handler of the button with which the user confirms.
 * @param {{what: "account-qr"|"tokens", id: string}|{what: "google-export"}} reveal
 * @returns {Promise<string>} */
export const grantReveal = (reveal) => invoke("grant_reveal", { reveal });

// ---- accounts and codes ----

/** Re-reads the vault if another process (the CLI) changed it.
 * @returns {Promise<AccountList>} */
export const listAccounts = () => invoke("list_accounts");

/** Current and next codes of every time-based account; call once per period
 * boundary, not per second. @returns {Promise<CodeBatch>} */
export const codes = () => invoke("codes");

/** HOTP: shows the code for the stored counter and moves the counter on.
 * @returns {Promise<{code: string}>} */
export const hotpNextCode = (id) => invoke("hotp_next_code", { id });

/** Copies the account's current code; cleared after the configured delay.
 * @returns {Promise<{clear_after_seconds: number}>} */
export const copyCode = (id) => invoke("copy_code", { id });

/** @returns {Promise<Account>} */
export const addAccountFromUri = (uri) => invoke("add_account_from_uri", { uri });

/** @param {{issuer: string, label: string, secret: string, kind: "totp"|"hotp"|"steam",
 *   algorithm: "SHA1"|"SHA256"|"SHA512", digits: number, period: number, counter: number}} fields
 * @returns {Promise<Account>} */
export const addAccountManually = (fields) => invoke("add_account_manually", { fields });

/** Decodes every QR code in a PNG/JPEG image and adds the accounts they hold:
 * `bytes` of an image dropped on the window, or null for the picture chosen
 * with chooseFile("image") (Rust reads it). @param {Uint8Array|null} bytes @returns {Promise<Account[]>} */
export const addAccountsFromImage = (bytes) => invoke("add_accounts_from_image", { bytes: bytesOrChosen(bytes) });

/** Adds the accounts of every QR code in the picture on the clipboard (Rust
 * reads the clipboard, never the page), reported as an imported QR picture.
 * @returns {Promise<ImportReport>} */
export const importClipboardPicture = () => invoke("import_clipboard_picture");

/** Hides the window, captures the screen once, shows the window again, and
 * adds the accounts of every QR code it showed. @returns {Promise<ImportReport>} */
export const importScreen = () => invoke("import_screen");

/** @param {{issuer: string, label: string, notes: string}} fields @returns {Promise<Account>} */
export const updateAccount = (id, fields) => invoke("update_account", { id, fields });

export const deleteAccount = (id) => invoke("delete_account", { id });

/** Puts the account just deleted back where it stood, with its tokens; only
 * within a few seconds of deleting it. @returns {Promise<Account>} */
export const undoDeleteAccount = (id) => invoke("undo_delete_account", { id });

/** Pins the account to the top of the list, or unpins it. @returns {Promise<AccountList>} */
export const setPinned = (id, pinned) => invoke("arrange_account", { id, arrangement: { pinned } });

/** Moves the account to `position` in the list, within its group (pinned or
 * not); the order becomes the user's own. @returns {Promise<AccountList>} */
export const moveAccount = (id, position) => invoke("arrange_account", { id, arrangement: { moved_to: position } });

/** Orders the list by name again. @returns {Promise<AccountList>} */
export const sortAccountsByName = () => invoke("sort_accounts_by_name");

/** An SVG QR code of the account's otpauth link, to move it to a phone; needs
 * grantReveal({what: "account-qr", id}). @returns {Promise<{svg: string}>} */
export const accountQrSvg = (id, grant) => invoke("account_qr_svg", { id, grant });

// ---- backup tokens ----

/** Masked, or in plain text with `reveal`, which needs grantReveal({what: "tokens", id}).
 * @returns {Promise<TokenRow[]>} */
export const listTokens = (id, reveal = false, grant = null) => invoke("list_tokens", { id, reveal, grant });

/** What adding `text` would do, without changing anything.
 * @param {"append"|"replace"} mode @param {"recognised"|"all"} keep @returns {Promise<AddReport>} */
export const previewTokens = (id, text, mode, keep) => invoke("preview_tokens", { id, text, mode, keep });

/** Adds the tokens in `text` to the stored ones; keep "all" adds the left-out pieces too.
 * @param {"recognised"|"all"} keep @returns {Promise<AddReport>} */
export const addTokens = (id, text, keep) => invoke("add_tokens", { id, text, keep });

/** Replaces the stored tokens with those in `text`; undoable for a short while.
 * @param {"recognised"|"all"} keep @returns {Promise<AddReport>} */
export const replaceTokens = (id, text, keep) => invoke("replace_tokens", { id, text, keep });

/** Puts back the batch the last replaceTokens dropped, if nothing changed since.
 * @returns {Promise<TokenUse>} */
export const undoReplaceTokens = (id) => invoke("undo_replace_tokens", { id });

/** Copies the next unused token and marks it used, in one locked transaction.
 * @returns {Promise<TokenUse>} */
export const useBackupToken = (id) => invoke("use_backup_token", { id });

/** Undoes the last useBackupToken for this account (within the undo window).
 * @returns {Promise<TokenUse>} */
export const undoTokenUse = (id) => invoke("undo_token_use", { id });

/** Marks the token at `index` (as in listTokens) used or unused. @returns {Promise<TokenRow[]>} */
export const setTokenUsed = (id, index, used) => invoke("set_token_used", { id, index, used });

/** Copies the token at `index`; an unused one is marked used in the same
 * transaction (undo with undoTokenUse). @returns {Promise<TokenCopy>} */
export const copyToken = (id, index) => invoke("copy_token", { id, index });

// ---- settings ----

/** @param {Settings} settings @returns {Promise<AppStatus>} */
export const saveSettings = (settings) => invoke("save_settings", { settings });

/** Adds or changes the password slot. @returns {Promise<AppStatus>} */
export const setPassword = (password) => invoke("set_password", { password });

/** @returns {Promise<AppStatus>} */
export const removePassword = () => invoke("remove_password");

/** How strong a password being chosen is, for the meter under the field. Creating the
 * vault, setting the password and making a backup refuse one that is not `acceptable`
 * (code "password-too-weak", field "password"). @returns {Promise<PasswordStrength>} */
export const passwordStrength = (candidate) => invoke("password_strength", { candidate });

/** Turns "ask for my password after a lock and at start" on or off.
 * @param {boolean} on @returns {Promise<AppStatus>} */
export const setPasswordAtUnlock = (on) => invoke("set_password_at_unlock", { on });

/**
 * @typedef {{id: string, name: string, last_seen: number|null}} OtherDevice
 *   `last_seen`: Unix seconds its file last changed here; null while its file is not in the folder.
 * @typedef {{synced: boolean, folder: string|null, this_device: string, others: OtherDevice[], problems: string[]}} SyncView
 *   `this_device`: this computer's name; before syncing, the name it would get.
 *   `problems`: files of the folder skipped at the last read, worded.
 * @returns {Promise<SyncView>} */
export const syncStatus = () => invoke("sync_status");
/** The system folder dialog; Rust keeps the folder for enableSync / joinSyncedVault.
 * @returns {Promise<{name: string, path: string}|null>} null when cancelled. */
export const chooseSyncFolder = () => invoke("choose_sync_folder");
/** Moves the vault into the chosen folder. @returns {Promise<AppStatus>} */
export const enableSync = (deviceName) => invoke("enable_sync", { deviceName });
/** First run: joins the vault in the chosen folder with its password. @returns {Promise<AppStatus>} */
export const joinSyncedVault = (password, deviceName) => invoke("join_synced_vault", { password, deviceName });
/** What a synced vault must say over the list, worded: each backup token two computers used
 * (shown until dismissSyncNotices), and that the password or key was changed on another computer
 * (until catchUpWithNewPassword).
 * @returns {Promise<{double_uses: string[], key_changed_elsewhere: string|null}>} */
export const syncNotices = () => invoke("sync_notices");
export const dismissSyncNotices = () => invoke("dismiss_sync_notices");
/** Takes up the key another computer's password change made. @returns {Promise<AppStatus>} */
export const catchUpWithNewPassword = (password) => invoke("catch_up_with_new_password", { password });
/** Removes another computer (its id from syncStatus); `password` is the vault's. @returns {Promise<SyncView>} */
export const removeDevice = (device, password) => invoke("remove_device", { device, password });

// ---- import, backup and export ----
// Files the app writes (backups, exports, the recovery sheet) go where the
// user chooses in the save dialog the command opens; the reply says where, or
// is null when they cancelled. Files it reads come as bytes from a file input
// or a drop.

/**
 * @typedef {{name: string, reason_id: string, reason: string}} RejectedEntry
 *   `reason` is worded in the user's language; `reason_id` is the core's stable message id.
 * @typedef {{added: number, skipped_duplicates: number, rejected: RejectedEntry[]}} ImportReport
 * @typedef {{path: string, accounts: number}} WrittenFile
 * @typedef {{last_backup_at: number|null, changed_since: boolean}} BackupStatus
 * @typedef {{mode: "merge"|"replace", in_backup: number, added: number, matched: number,
 *   only_in_vault: number, kept_used: number, tokens_added: number}} RestoreReport
 */

/** Asks for a file with the system's open dialog ("image" | "import" | "backup");
 * Rust remembers it and reads it when the command that uses it is called with
 * null bytes. @returns {Promise<{name: string}|null>} null when cancelled */
export const chooseFile = (kind) => invoke("choose_file", { kind });

/** Imports another app's export, all or nothing; the format is detected unless given
 * ("otpauth-list"|"google-migration"|"qr-image"|"aegis"|"two-fas"|"bitwarden").
 * An encrypted file without `password` rejects with code "import-password-needed"
 * (field "password"): ask for the file's password and call again.
 * `bytes` of a dropped file, or null for the file chosen with chooseFile("import").
 * @param {Uint8Array|null} bytes @param {string|null} password @returns {Promise<ImportReport>} */
export const importFile = (bytes, password = null, format = null) =>
  invoke("import_file", { bytes: bytesOrChosen(bytes), format, password });

/** When the last backup was made and whether the accounts changed since.
 * @returns {Promise<BackupStatus>} */
export const backupStatus = () => invoke("backup_status");

/** Asks where, then writes an encrypted backup that `password` opens on any computer
 * and records when. @returns {Promise<WrittenFile|null>} null when cancelled */
export const makeBackup = (password) => invoke("make_backup", { password });

/** Restores the backup file chosen with chooseFile("backup"); used backup tokens
 * stay used in both modes. @param {"merge"|"replace"} mode @returns {Promise<RestoreReport>} */
export const restoreBackup = (password, mode) => invoke("restore_backup", { bytes: null, password, mode });

/** Asks where, then writes an UNENCRYPTED export ("otpauth" | "aegis") or the recovery
 * sheet ("sheet", HTML; `includeSecrets` adds each secret key to it).
 * Says what it left out: `left_out` (each account and why) and `tokens_left_out`
 * (backup tokens the format cannot hold).
 * @returns {Promise<(WrittenFile & {left_out: ExportLeftOut[], tokens_left_out: boolean})|null>} null when cancelled */
/** Writes the accounts as an Aegis vault encrypted with `password`, where the
 * user chooses in the save dialog; null when they cancel.
 * @returns {Promise<{path: string, accounts: number, left_out: object[]}|null>} */
export const exportAegisEncrypted = (password) => invoke("export_aegis_encrypted", { password });

export const exportFile = (format, includeSecrets = false) =>
  invoke("export_file", { format, includeSecrets });
/** Shows the recovery sheet in its print view, with the print dialog over it. */
export const printRecoverySheet = (includeSecrets = false) => invoke("print_recovery_sheet", { includeSecrets });

/** Google Authenticator's "Transfer accounts" QR codes (UNENCRYPTED): SVG texts to
 * scan in order, how many accounts they hold, those left out and why, and
 * whether backup tokens stayed behind; needs grantReveal({what: "google-export"}).
 * @returns {Promise<{codes: string[], carried: number, left_out: ExportLeftOut[], tokens_left_out: boolean}>} */
export const googleExportQrCodes = (grant) => invoke("google_export_qr_codes", { grant });

// ---- the tray and starting at login ----

/** Whether a tray shows Safekeep's icon, and the settings that use it.
 * @returns {Promise<{tray_available: boolean, close_to_tray: boolean, start_at_login: boolean}>} */
export const desktopSettings = () => invoke("desktop_settings");

/** "Closing the window keeps Safekeep in the tray". @returns the new desktopSettings() */
export const setCloseToTray = (on) => invoke("set_close_to_tray", { on });

/** Writes or removes the login entry (started with --hidden). @returns the new desktopSettings() */
export const setStartAtLogin = (on) => invoke("set_start_at_login", { on });

/** Hides the window in the tray, and the first-close notice is not shown again. */
export const hideToTray = () => invoke("hide_to_tray");

/** Quits the app (the first-close notice's other answer). */
export const quitApp = () => invoke("quit_app");

/** The quick pick's shortcut ("Ctrl+Alt+K"), or null to turn it off. @returns the new desktopSettings() */
export const setQuickPickShortcut = (shortcut) => invoke("set_quick_pick_shortcut", { shortcut });

// ---- the quick pick (quick.html) ----

/** The accounts `query` finds, names only.
 * @returns {Promise<{id: string, name: string, action: "copy-code"|"use-token"|"open", left: number|null}[]>} */
export const quickPickMatches = (query) => invoke("quick_pick_matches", { query });

/** Enter ("copy") or Shift+Enter ("type"): the account's code or next
 * backup token (marked used) to the clipboard, or typed into the window
 * that had the keyboard before; then the quick pick hides. Resolves to
 * `{ copied_instead }`: why it was copied rather than typed, if it was. */
export const quickPickTake = (id, handover) => invoke("quick_pick_take", { id, handover });

/** The quick pick's page has drawn itself: the shortcut may show it now. */
export const quickPickReady = () => invoke("quick_pick_ready");

/** Escape: hides the quick pick. */
export const quickPickHide = () => invoke("quick_pick_hide");

/** Calls `handler()` each time the shortcut shows the quick pick. */
export const onQuickPickOpened = (handler) =>
  invoke("plugin:event|listen", { event: "quick-pick-opened", target: { kind: "Any" }, handler: internals.transformCallback(() => handler()) });

