import type { SpecHost } from '../../core/host/SpecHost';
import type { GraphSpec } from '../../core/spec/SpecModel';
import type { TrainingGraphShape } from '../../core/validation/trainingContractRules';
import type { SpecLinkIndex } from '../../core/workspace/SpecLinkIndex';
import type { ParsedSpec } from '../../core/spec/parseSpec';
import { SpecLoader } from '../../core/validation/SpecLoader';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import { validateSpecFile } from '../../core/validation/validateSpec';
import type { SpecDocument, SpecDocumentStore } from '../documents/SpecDocumentStore';
import { uriToPath } from '../documents/specFiles';
import type { SpecValidationService } from '../validation/SpecValidationService';
import type { SpecState } from '../validation/SpecState';

/** An open spec with its fresh validation: what every feature request starts from. */
export interface OpenSpec {
  doc: SpecDocument;
  state: SpecState;
  validation: SpecValidation;
}

/**
 * The features' view of the specs: open buffers (validated fresh on demand), closed files (validated
 * through the same host, so unsaved buffers they read count), and how files relate through training
 * graphs. One place, so hover, definition and rename agree on what "the training graph" of a file is.
 */
export class SpecWorkspace {
  constructor(
    readonly documents: SpecDocumentStore,
    private readonly validation: SpecValidationService,
    readonly host: SpecHost,
    readonly links: SpecLinkIndex,
  ) {}

  open(uri: string): OpenSpec | undefined {
    const path = uriToPath(uri);
    const doc = path ? this.documents.getByPath(path) : undefined;
    const state = path ? this.validation.fresh(path) : undefined;
    return doc && state ? { doc, state, validation: state.validation } : undefined;
  }

  /** The validation of any spec file: the fresh state of an open one, else validated now. */
  validationOf(path: string): SpecValidation | undefined {
    if (this.documents.getByPath(path)) return this.validation.fresh(path)?.validation;
    if (!this.host.exists(path)) return undefined;
    return validateSpecFile(path, this.host);
  }

  /** The parsed YAML of a spec (the same memoised parse validation used). */
  parsed(path: string): ParsedSpec | undefined {
    const text = this.host.readText(path);
    return text === undefined ? undefined : SpecLoader.parse(text, path);
  }

  /**
   * The training side an inference graph is checked against, exactly as validation chose it: a
   * prediction spec's model (a training spec, or a local job's record), or for a graph file used as an
   * inference graph, the model of the first prediction spec naming it.
   */
  trainingContractOf(validation: SpecValidation): TrainingGraphShape | undefined {
    return validation.trainingShape;
  }

  /** The training graph spec of that contract, when it comes from spec files (a job's record has none). */
  trainingGraphOf(validation: SpecValidation): GraphSpec | undefined {
    return validation.trainingShape?.graph;
  }
}
