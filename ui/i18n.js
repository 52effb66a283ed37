// Owns the words of the window: loads ui/i18n/<lang>.json, looks keys up with
// `t(key, params)` ({name} placeholders, plural forms as {one, other} objects
// chosen by Intl.PluralRules on params.count), and formats dates in the UI
// language, and an error's words. English is the fallback for any key a
// translation lacks.

const SUPPORTED = ["en", "nl"];
const cache = new Map();
let language = "en";
let words = {};
let fallback = {};
let plurals = new Intl.PluralRules("en");

async function fetchWords(lang) {
  if (!cache.has(lang)) {
    const response = await fetch(new URL(`./i18n/${lang}.json`, import.meta.url));
    if (!response.ok) throw new Error(`could not load ${lang}.json`);
    cache.set(lang, await response.json());
  }
  return cache.get(lang);
}

/** Loads a language ("en" | "nl"; anything else falls back to English). */
export async function loadLanguage(lang) {
  const next = SUPPORTED.includes(lang) ? lang : "en";
  fallback = await fetchWords("en");
  words = next === "en" ? fallback : await fetchWords(next);
  language = next;
  plurals = new Intl.PluralRules(next);
  document.documentElement.lang = next;
  document.title = t("app.name");
}

export const currentLanguage = () => language;

function lookup(dictionary, key) {
  let node = dictionary;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Translates `key`; `{name}` placeholders are filled from params. */
export function t(key, params = {}) {
  let text = lookup(words, key) ?? lookup(fallback, key);
  if (text === undefined) {
    console.warn(`missing translation: ${key}`);
    return key;
  }
  if (typeof text === "object") {
    const form = plurals.select(Number(params.count ?? 0));
    text = text[form] ?? text.other;
  }
  return String(text).replace(/\{(\w+)\}/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

/** The words of an error for the user: Rust words its errors already (the
 * AppError of api.js carries `message`); anything else shows as its text. */
export function errorText(error) {
  return error && error.message ? error.message : String(error);
}

/** "12 Mar 14:02" (year added when not this year), in the UI language. */
export function formatDateTime(unixSeconds) {
  const date = new Date(unixSeconds * 1000);
  const options = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false };
  if (date.getFullYear() !== new Date().getFullYear()) options.year = "numeric";
  const locale = language === "en" ? "en-GB" : language;
  return new Intl.DateTimeFormat(locale, options).format(date).replace(",", "");
}
