// Nomination and commendation endpoints.
import type { z } from 'zod';
import {
  commendationPage,
  commendationView,
  eligibilityView,
  nominationRoundDetail,
  nominationRoundPage,
  type createCommendationBody,
  type createNominationRoundBody,
} from '@cwp/contracts';
import { api } from '../../api/client';

export const honorsApi = {
  rounds: (page: number) =>
    api.get('/api/nomination-rounds', nominationRoundPage, { page, pageSize: 20 }),
  round: (id: number) => api.get(`/api/nomination-rounds/${id}`, nominationRoundDetail),
  createRound: (body: z.input<typeof createNominationRoundBody>) =>
    api.post('/api/nomination-rounds', nominationRoundDetail, body),
  eligibility: (roundId: number, workerId: number) =>
    api.get(`/api/nomination-rounds/${roundId}/eligibility`, eligibilityView, { workerId }),
  nominate: (roundId: number, body: { workerId: number; reason: string }) =>
    api.post(`/api/nomination-rounds/${roundId}/nominations`, nominationRoundDetail, body),
  submit: (id: number, version: number) =>
    api.post(`/api/nominations/${id}/submit`, nominationRoundDetail, { version }),
  outcome: (id: number, version: number, outcome: 'elected' | 'not_elected') =>
    api.post(`/api/nominations/${id}/outcome`, nominationRoundDetail, { version, outcome }),
  commendations: (page: number) =>
    api.get('/api/commendations', commendationPage, { page, pageSize: 20 }),
  createCommendation: (body: z.input<typeof createCommendationBody>) =>
    api.post('/api/commendations', commendationView, body),
};
