// Code dictionaries (ethnicity, education, post, …) for every screen that shows or picks a coded
// value: labels in the interface language, never the raw code. Loaded once per page visit and
// shared by the components on it; a later visit loads them again, so an edited label shows up.
import type { Dictionary, DictionaryItem } from '@cwp/contracts';
import { dictionary } from '@cwp/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { api } from '../api/client';

let pending: Promise<Dictionary[]> | null = null;
let pendingSince = 0;
/** Components mounted together (a page and its tabs) share one request. */
const SHARE_MS = 5_000;

function loadDictionaries(): Promise<Dictionary[]> {
  if (!pending || Date.now() - pendingSince > SHARE_MS) {
    pendingSince = Date.now();
    pending = api.get('/api/dictionaries', z.array(dictionary));
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}

export interface DictionaryOption {
  value: string;
  label: string;
}

export interface Dictionaries {
  loaded: boolean;
  /** The label of a code, in the interface language; the code itself if it is unknown. */
  label(dict: string, code: string | null | undefined): string;
  /** Active items, in the dictionary's order, for a select. */
  options(dict: string): DictionaryOption[];
}

export function useDictionaries(onError?: (err: unknown) => void): Dictionaries {
  const [items, setItems] = useState<Map<string, DictionaryItem[]> | null>(null);
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';

  useEffect(() => {
    let cancelled = false;
    loadDictionaries()
      .then((list) => {
        if (!cancelled) setItems(new Map(list.map((d) => [d.code, d.items])));
      })
      .catch((err: unknown) => {
        if (!cancelled) onError?.(err);
      });
    return () => {
      cancelled = true;
    };
  }, [onError]);

  return useMemo((): Dictionaries => {
    const byCode = new Map<string, Map<string, DictionaryItem>>();
    for (const [dict, list] of items ?? []) byCode.set(dict, new Map(list.map((i) => [i.code, i])));
    return {
      loaded: items !== null,
      label: (dict, code) => {
        if (code === null || code === undefined || code === '') return '';
        const item = byCode.get(dict)?.get(code);
        return item ? (english ? item.labelEn : item.labelZh) : code;
      },
      options: (dict) =>
        [...(items?.get(dict) ?? [])]
          .filter((i) => i.active)
          .sort((a, b) => a.sort - b.sort)
          .map((i) => ({ value: i.code, label: english ? i.labelEn : i.labelZh })),
    };
  }, [items, english]);
}
