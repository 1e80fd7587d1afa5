// Internationalisation: i18next with the es and en catalogues bundled (they
// are small), the language taken from localStorage, else from the browser,
// else Spanish (the founding case's language).
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import es from './es';

export const languages = ['es', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'es';
export const storageKey = 'veredicto.lang';

export const resources = {
  es: { translation: es },
  en: { translation: en },
} as const;

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (languages as readonly string[]).includes(v);
}

/** The first supported language among the browser's preferences. */
export function languageFromBrowser(preferred: readonly string[]): Language | undefined {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return undefined;
}

function storedLanguage(): Language | undefined {
  try {
    const v = globalThis.localStorage?.getItem(storageKey);
    return isLanguage(v) ? v : undefined;
  } catch {
    return undefined; // storage disabled
  }
}

function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

/** The language to start in: remembered choice, else browser, else Spanish. */
export function initialLanguage(): Language {
  return storedLanguage() ?? languageFromBrowser(browserLanguages()) ?? defaultLanguage;
}

/** Switches language, remembers the choice, and updates <html lang>. */
export async function changeLanguage(i18n: I18n, lng: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(storageKey, lng);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  await i18n.changeLanguage(lng);
}

/**
 * The BCP 47 locale for Intl: the browser's own regional variant when it
 * speaks the chosen language (en-US gets US dates), else the bare language.
 */
export function intlLocale(lng: string): string {
  for (const tag of browserLanguages()) {
    if (tag.toLowerCase().split('-')[0] === lng) return tag;
  }
  return lng;
}

export function createI18n(lng: Language = initialLanguage()): I18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (l) => {
    if (globalThis.document) document.documentElement.lang = l;
  });
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    react: { useSuspense: false },
  });
  if (globalThis.document) document.documentElement.lang = instance.language;
  return instance;
}
