// The slice of mocha's API the extension-host suites use. mocha is installed in test/e2e/tools (not the root
// package, so no @types/mocha there); these declarations keep the root typecheck honest about how it is used.
declare module 'mocha' {
  interface Test {
    fullTitle(): string;
  }
  interface Runner {
    on(event: 'pass', listener: (test: Test) => void): this;
    on(event: 'fail', listener: (test: Test, error: Error) => void): this;
  }
  interface MochaOptions {
    ui?: 'tdd';
    color?: boolean;
    timeout?: number;
    reporter?: string;
  }
  class Mocha {
    constructor(options?: MochaOptions);
    suite: { emit(event: 'pre-require', context: object, file: string, mocha: Mocha): boolean };
    run(callback: (failures: number) => void): Runner;
  }
  export = Mocha;
}

interface MochaContext {
  timeout(ms: number): void;
}
declare function suite(title: string, fn: (this: MochaContext) => void): void;
declare function test(title: string, fn: (this: MochaContext) => Promise<void> | void): void;
declare function suiteSetup(fn: (this: MochaContext) => Promise<void> | void): void;
declare function suiteTeardown(fn: (this: MochaContext) => Promise<void> | void): void;
declare function setup(fn: (this: MochaContext) => Promise<void> | void): void;
declare function teardown(fn: (this: MochaContext) => Promise<void> | void): void;
