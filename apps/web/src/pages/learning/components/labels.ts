// Shared option lists (abilities, levels, statuses) for the learning and qualification screens.
import { ABILITY_AREAS } from '@cwp/core';
import { QUALIFICATION_LEVELS } from '@cwp/contracts';
import { useTranslation } from 'react-i18next';

export function useLearningLabels() {
  const { t } = useTranslation();
  return {
    ability: (code: string) => t(`learning.abilities.${code}`, { defaultValue: code }),
    abilityOptions: ABILITY_AREAS.map((a) => ({ value: a, label: t(`learning.abilities.${a}`) })),
    level: (code: string) => t(`learning.levels.${code}`, { defaultValue: code }),
    levelOptions: QUALIFICATION_LEVELS.map((l) => ({ value: l, label: t(`learning.levels.${l}`) })),
    courseStatus: (s: string) => t(`learning.courseStatuses.${s}`, { defaultValue: s }),
    examStatus: (s: string) => t(`learning.examStatuses.${s}`, { defaultValue: s }),
  };
}
