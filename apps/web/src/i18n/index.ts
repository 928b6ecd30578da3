// i18next set-up and the one place the interface language changes: i18next, dayjs and the
// Accept-Language the API client sends all follow it, and the choice survives a reload.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import zodEn from 'zod/v4/locales/en.js';
import zodZh from 'zod/v4/locales/zh-CN.js';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'cwp.lang';

export function isLanguage(value: unknown): value is Language {
  return value === 'zh-CN' || value === 'en';
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'zh-CN';
  } catch {
    // Storage can be disabled (private mode, policy); Chinese is the default.
    return 'zh-CN';
  }
}

function applyLanguage(lang: Language): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  // Client-side form checks run the contract's zod schemas; their generic messages follow the UI.
  z.config(lang === 'en' ? zodEn() : zodZh());
  document.documentElement.lang = lang;
}

const initial = storedLanguage();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  // Resources are bundled: initialise synchronously so the first render already has its text.
  initAsync: false,
});
applyLanguage(initial);
document.title = i18n.t('app.title');
i18n.on('languageChanged', () => {
  document.title = i18n.t('app.title');
});

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'zh-CN';
}

export async function changeLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted, but the switch still applies to this page.
  }
  applyLanguage(lang);
  await i18n.changeLanguage(lang);
}

export { i18n };
