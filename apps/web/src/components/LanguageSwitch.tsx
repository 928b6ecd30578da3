import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, isLanguage } from '../i18n';

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { t } = useTranslation();
  return (
    <Segmented
      size="small"
      className={dark ? 'cwp-lang-switch cwp-lang-switch-dark' : 'cwp-lang-switch'}
      aria-label={t('lang.label')}
      value={currentLanguage()}
      options={[
        { label: t('lang.zh'), value: 'zh-CN' },
        { label: t('lang.en'), value: 'en' },
      ]}
      onChange={(value) => {
        if (isLanguage(value)) void changeLanguage(value);
      }}
    />
  );
}
