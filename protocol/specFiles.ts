// The spec file-name convention, for the VS Code client (which imports protocol/, never core/). core's
// specFileNames imports nothing, so this re-export brings no other code into the client bundle.
export {
  SPEC_KINDS,
  SKIPPED_FOLDERS,
  isSpecFileName,
  specFileGlob,
  specFileName,
  specKindOfPath,
  withoutSpecSuffix,
  type SpecFileKind,
} from '../core/spec/specFileNames';
