import graphSchema from '../../schemas/graph.schema.json';
import predictionSchema from '../../schemas/prediction.schema.json';
import trainingSchema from '../../schemas/training.schema.json';
import type { SpecKind } from '../../core/spec/SpecModel';
import type { JsonSchema } from './SchemaCatalog';

/**
 * The spec schemas, bundled into the server at build time: completion and hover work offline and can
 * never disagree with the schema the validator was built with (the stale-schema complaint of YAML tools).
 */
export const BUNDLED_SCHEMAS: Record<SpecKind, JsonSchema> = {
  graph: graphSchema as JsonSchema,
  training: trainingSchema as JsonSchema,
  prediction: predictionSchema as JsonSchema,
};
