// Every route of the API, in the order the OpenAPI document lists them.
import type { Route } from '../route.js';
import { accountRoutes } from './accounts.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { exampleRoutes } from './examples.js';
import { inventoryRoutes } from './inventory.js';
import { jobRoutes } from './jobs.js';
import { operationsRoutes, telemetryRoutes } from './operations.js';
import { planRoutes } from './plans.js';
import { scenarioRoutes } from './scenarios.js';

export const ROUTES: readonly Route[] = [
  ...authRoutes,
  ...scenarioRoutes,
  ...planRoutes,
  ...jobRoutes,
  ...inventoryRoutes,
  ...operationsRoutes,
  ...telemetryRoutes,
  ...accountRoutes,
  ...auditRoutes,
  ...exampleRoutes,
];
