// Rewards and sanctions endpoints: a worker's records, adding one, and the counts per unit.
import type { CreateRewardBody } from '@cwp/contracts';
import { rewardStatsView, rewardView } from '@cwp/contracts';
import { z } from 'zod';
import { api } from '../../api/client';

export const rewardsApi = {
  ofWorker: (workerId: number) => api.get(`/api/workers/${workerId}/rewards`, z.array(rewardView)),
  create: (body: CreateRewardBody) => api.post('/api/rewards', rewardView, body),
  stats: (year?: number) => api.get('/api/rewards/stats', rewardStatsView, { year }),
};
