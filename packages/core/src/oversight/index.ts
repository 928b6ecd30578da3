/**
 * Oversight and care (监督约束、关心关爱) pure rules: who is eligible for a nomination, when a
 * health check is due, when a rectification item is overdue. Numbers come from data the server
 * stores (nomination criteria per round, health-check interval per unit), never from constants.
 */
export * from './eligibility';
export * from './schedule';
