/** Node of the Netlify runtime and of the container's base image (the Dockerfile's major). */
export declare const NODE22_VERSION = "22.23.5";
/** The Netlify CLI the deployment test builds with. */
export declare const NETLIFY_CLI_VERSION = "27.10.2";
/** Where the tools are installed. */
export declare function toolsCacheDir(env?: NodeJS.ProcessEnv): string;
/** A tool that could not be installed; names the package and npm's last words. */
export declare class ToolInstallError extends Error {
    readonly spec: string;
    readonly output: string;
    name: string;
    constructor(spec: string, output: string);
}
/**
 * Installs `name@version` into its own folder of the cache (its own package.json, so npm never
 * mistakes it for part of this repository's workspaces) and returns that folder.
 */
export declare function ensureNpmPackage(name: string, version: string, env?: NodeJS.ProcessEnv): Promise<string>;
/** The Node 22 binary (installed when missing). */
export declare function node22(env?: NodeJS.ProcessEnv): Promise<string>;
/** The Netlify CLI's entry script, to run with {@link node22} (both installed when missing). */
export declare function netlifyCli(env?: NodeJS.ProcessEnv): Promise<string>;
