// Types of jobsWorkspace.mjs for the extension-host suites (the root typecheck covers them).
export const SHOP_FOLDER: string;
export const TRAINING_NAME: string;
export const PREDICTION_NAME: string;
export const SLOW_PREDICTION_NAME: string;
export const SMALL_CUSTOMERS: number;
export const BIG_CUSTOMERS: number;

export interface ShopPaths {
  dir: string;
  trainingSpec: string;
  predictionSpec: string;
  /** Where the engine writes the predictions of `predictionSpec`. */
  predictionOutput: string;
  jobsDir: string;
}

export interface CliOptions {
  cwd?: string;
  node?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export function writeShopData(dir: string, customers: number, maxOrders?: number): void;
export function writeShopWorkspace(workspace: string): ShopPaths;
export function writeShopDataInBatches(dir: string, customers: number, maxOrders?: number): Promise<void>;
export function writeSlowPrediction(workspace: string): Promise<{ spec: string; output: string }>;
export function runCli(repo: string, args: string[], options?: CliOptions): Promise<string>;
export function prepareJobsWorkspace(workspace: string, repo: string, options?: CliOptions): Promise<ShopPaths>;
