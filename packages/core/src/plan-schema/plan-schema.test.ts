// The plan schema cannot drift from the Plan type: plan.ts asserts at compile time that the
// schema's output type is the Plan type (PlanSchemaIsPlan; `npm run typecheck` and the build fail
// otherwise). These lines show the assertion has teeth: each drift below must fail to compile
// (`@ts-expect-error` is itself an error when the line after it compiles).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Plan, WorkloadPlan } from '../plan.js';
import { PlanSchema, type Assert, type DeepReadonly, type SameType } from './plan.js';
import { absentOr, num } from './primitives.js';
import { TrainingResultSchema, WorkloadPlanSchema } from './workloads.js';

type Same<A, B> = SameType<DeepReadonly<A>, DeepReadonly<B>>;
type Training = NonNullable<WorkloadPlan['training']>;
type TrainingOut = z.output<typeof TrainingResultSchema>;

const [built, unbuilt] = PlanSchema.options;
const extraKey = z.discriminatedUnion('built', [built.extend({ x: num }), unbuilt]);
const extraOptional = TrainingResultSchema.extend({ x: absentOr(num) });
type MissingKey = Training & { x: number };
type MissingOptional = Training & { x?: number };
type Required = Omit<Training, 'costUsd'> & { costUsd: number };
type MayBeUndefined = Omit<Training, 'costUsd'> & { costUsd?: number | undefined };
type OtherValue = Omit<Training, 'mfu'> & { mfu: string };
type OtherWord = Omit<WorkloadPlan, 'type'> & { type: 'training' | 'serving' };

export type Matches = Assert<Same<z.output<typeof PlanSchema>, Plan>>;
// @ts-expect-error a key only the schema has
export type ExtraKey = Assert<Same<z.output<typeof extraKey>, Plan>>;
// @ts-expect-error an optional key only the schema has
export type ExtraOptional = Assert<Same<z.output<typeof extraOptional>, Training>>;
// @ts-expect-error a key only the type has
export type MissingKeyFails = Assert<Same<TrainingOut, MissingKey>>;
// @ts-expect-error an optional key only the type has
export type MissingOptionalFails = Assert<Same<TrainingOut, MissingOptional>>;
// @ts-expect-error required in the type, optional in the schema
export type RequiredFails = Assert<Same<TrainingOut, Required>>;
// @ts-expect-error may be undefined (a zod .optional()) is not absent-or-a-number (the plan's)
export type UndefinedFails = Assert<Same<TrainingOut, MayBeUndefined>>;
// @ts-expect-error another type of value
export type OtherValueFails = Assert<Same<TrainingOut, OtherValue>>;
// @ts-expect-error another word in a union of literals
export type OtherWordFails = Assert<Same<z.output<typeof WorkloadPlanSchema>, OtherWord>>;

describe('plan schema against the Plan type', () => {
  it('the zod schema parses to the Plan type (checked at compile time)', () => {
    expectTypeOf<z.output<typeof PlanSchema>>().toExtend<Plan>();
    expect(extraKey.options[0].shape.x).toBe(num);
    expect(extraOptional.shape.x.unwrap()).toBe(num);
    expect(built.shape.schemaVersion.value).toBe('0.2');
    expect(unbuilt.shape.built.value).toBe(false);
  });
});
