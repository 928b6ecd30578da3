import type { createDictionaryItemBody, updateDictionaryItemBody } from '@cwp/contracts';
import { dictionary, dictionaryItem } from '@cwp/contracts';
import { z } from 'zod';
import { api } from '../../api/client';

export const dictionariesApi = {
  list: () => api.get('/api/dictionaries', z.array(dictionary)),
  addItem: (code: string, body: z.input<typeof createDictionaryItemBody>) =>
    api.post(`/api/dictionaries/${encodeURIComponent(code)}/items`, dictionaryItem, body),
  updateItem: (code: string, itemId: number, body: z.input<typeof updateDictionaryItemBody>) =>
    api.patch(
      `/api/dictionaries/${encodeURIComponent(code)}/items/${itemId}`,
      dictionaryItem,
      body,
    ),
};
