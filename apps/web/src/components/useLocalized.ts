import { useTranslation } from 'react-i18next';

/** Picks the Chinese or English variant of server data by the interface language. */
export function useLocalized(): <T>(zh: T, en: T) => T {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (zh, en) => (english ? en : zh);
}
