// Types of help-cache.mjs (plain JavaScript, so `COMMAND --help` needs no TypeScript loader).
export declare const helpSourceHash: (name: string) => string | undefined;
export declare const helpRequestOf: (args: readonly string[]) => string[] | undefined;
export declare const cachedHelp: (path: readonly string[]) => string | undefined;
