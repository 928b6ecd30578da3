// Every producer of the notification centre, in the digest's order (NOTIFICATION_KINDS).
import { approvalsProducer } from './approvals';
import { contractsProducer } from './contracts';
import { disclosuresProducer } from './disclosures';
import { healthChecksProducer } from './health-checks';
import { quotasProducer } from './quotas';
import { rectificationsProducer } from './rectifications';
import { trainingProducer } from './training';
import type { Producer } from './types';

export const PRODUCERS: readonly Producer[] = [
  approvalsProducer,
  contractsProducer,
  trainingProducer,
  quotasProducer,
  disclosuresProducer,
  rectificationsProducer,
  healthChecksProducer,
];
