import type { ScaffoldTypeRules } from '../../core/scaffold/ScaffoldModel';
import { dtypeFamily, inferredStype } from '../typeMapping';

/** Kumo's type rules as the data checks apply them, so a scaffold reports exactly what validation would. */
export const SCAFFOLD_TYPE_RULES: ScaffoldTypeRules = { dtypeFamily, inferredStype };
