// The plan core returns, as a zod schema (interface.md §2 and §5): what shells and other programs
// may rely on. Its type is the Plan type itself (checked below at compile time), so the two
// cannot drift apart; schemas/plan.schema.json is generated from it (json-schema.ts).
import { z } from 'zod';
import { PLAN_SCHEMA_VERSION, type Plan } from '../plan.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { SEVERITIES, WARNING_CODES, type WarningCode } from '../warnings.js';
import { BuiltClusterSchema, UnbuiltClusterSchema } from './cluster.js';
import {
  AssumptionSchema,
  CarbonPlanSchema,
  CostPlanSchema,
  SiteComparisonSchema,
} from './economics.js';
import { FacilityPlanSchema } from './facility.js';
import { absentOr } from './primitives.js';
import { WorkloadPlanSchema } from './workloads.js';

const WarningSchema = z.strictObject({
  code: z.enum(Object.keys(WARNING_CODES) as WarningCode[]),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  path: absentOr(
    z.string().describe('the scenario key it concerns, e.g. workloads[0].deadlineDays'),
  ),
});

// What both variants hold; the JSON Schema names the large parts once ($defs) by these ids.
const Head = {
  schemaVersion: z
    .literal(PLAN_SCHEMA_VERSION)
    .describe('the plan contract version: bumped when a field changes meaning or goes away'),
  aidcVersion: z.string(),
  scenario: ScenarioSchema.meta({
    id: 'Scenario',
    description: 'the normalised scenario, defaults filled in',
  }),
  workloads: z.array(WorkloadPlanSchema.meta({ id: 'WorkloadPlan' })),
  feasible: z.boolean(),
  warnings: z.array(WarningSchema.meta({ id: 'PlanWarning' })),
};

/** A key only a built plan has. */
const absent = absentOr(z.never());

export const PlanSchema = z.discriminatedUnion('built', [
  z
    .strictObject({
      ...Head,
      built: z.literal(true),
      cluster: BuiltClusterSchema,
      facility: FacilityPlanSchema,
      cost: CostPlanSchema,
      carbon: CarbonPlanSchema,
      sites: absentOr(SiteComparisonSchema),
      assumptions: z.array(AssumptionSchema),
    })
    .describe('a plan whose cluster could be built: the building, energy, carbon and cost'),
  z
    .strictObject({
      ...Head,
      built: z.literal(false),
      cluster: UnbuiltClusterSchema,
      facility: absent,
      cost: absent,
      carbon: absent,
      sites: absent,
      assumptions: absent,
    })
    .describe('a plan with no cluster to build: the workloads and counts, why in its warnings'),
]);

/** A type with every object and array read-only, all the way down: the Plan type's spelling. */
export type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * true when A and B are the same type: the same keys, each as optional and of the same type.
 * Identity alone does not tell an absent key from one that may hold undefined (under
 * exactOptionalPropertyTypes), assignability each way does; together they tell every difference.
 */
export type SameType<A, B> = [
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false,
  [A] extends [B] ? true : false,
  [B] extends [A] ? true : false,
] extends [true, true, true]
  ? true
  : false;

/** Compiles only for `true`. */
export type Assert<T extends true> = T;

/** tsc fails here when the schema and the Plan type differ in any key, optionality or type. */
export type PlanSchemaIsPlan = Assert<
  SameType<DeepReadonly<z.output<typeof PlanSchema>>, DeepReadonly<Plan>>
>;
