// Starts and stops the language client; reads the settings it needs.

import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
    CloseAction,
    CloseHandlerResult,
    ConfigurationParams,
    DidChangeConfigurationNotification,
    DocumentSelector,
    ErrorAction,
    ErrorHandlerResult,
    LanguageClient,
    LanguageClientOptions,
    RevealOutputChannelOn,
    ServerOptions,
} from 'vscode-languageclient/node';
import {
    explicitSettings,
    ImportStrategy,
    LaunchResolution,
    markdownPatterns,
    resolveLaunch,
    ServerCommand,
    serverSettings,
    SettingInspection,
    whichOn,
} from './launch';
import { probePython, pythonExtensionInterpreter } from './python';
import { ExitInfo, OutputTail } from './supervision';

export const CLIENT_ID = 'featuredoc';
export const CLIENT_NAME = 'featuredoc';
export const SECTION = 'featuredoc';
/** The launcher of the server bundled in the extension, relative to its folder. */
export const BUNDLED_LAUNCHER = path.join('bundled', 'tool', 'server.py');

function isExecutable(file: string): boolean {
    try {
        const stat = fs.statSync(file);
        if (!stat.isFile()) {
            return false;
        }
        if (process.platform === 'win32') {
            return true;
        }
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

function firstWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
}

/**
 * The folder the server (and the probes) run in: the workspace folder when it
 * is trusted; else the extension's own folder, so that `python -m featuredoc`
 * cannot import modules from the workspace.
 */
export function serverCwd(extensionPath: string): string | undefined {
    if (!vscode.workspace.isTrusted) {
        return extensionPath;
    }
    return firstWorkspaceFolder()?.uri.fsPath ?? extensionPath;
}

/** Works out the server command from the settings and the environment. */
export async function findServer(extensionPath: string): Promise<LaunchResolution> {
    const folder = firstWorkspaceFolder();
    const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
    const serverPath = config.get<string>('path', '');
    const interpreter = config.get<string>('interpreter', '');
    const strategy = config.get<string>('importStrategy', 'fromEnvironment');
    const importStrategy: ImportStrategy = strategy === 'useBundled' ? 'useBundled' : 'fromEnvironment';
    const launcher = path.join(extensionPath, BUNDLED_LAUNCHER);
    const cwd = serverCwd(extensionPath);
    let pythonExtension: string | undefined;
    if (serverPath.trim() === '' && interpreter.trim() === '') {
        pythonExtension = await pythonExtensionInterpreter(folder?.uri);
    }
    return resolveLaunch({
        path: serverPath,
        interpreter,
        importStrategy,
        pythonExtension,
        bundled: fs.existsSync(launcher) ? launcher : undefined,
        trusted: vscode.workspace.isTrusted,
        workspaceFolder: folder?.uri.fsPath,
        homeDir: os.homedir(),
        env: process.env,
        platform: process.platform,
        which: (name) => whichOn(name, process.env.PATH, process.platform, isExecutable, process.env.PATHEXT),
        exists: (file) => fs.existsSync(file),
        probe: (python) => probePython(python, cwd),
    });
}

/** The documents the server is given: *.pandoc, SUPPORT.md, configured Markdown globs. */
export function documentSelector(): DocumentSelector {
    const folder = firstWorkspaceFolder();
    const globs = vscode.workspace.getConfiguration(SECTION, folder?.uri).get<string[]>('include', []);
    const selector: DocumentSelector = [
        { scheme: 'file', language: 'featuredoc' },
        { scheme: 'file', language: 'markdown', pattern: '**/SUPPORT.md' },
    ];
    for (const pattern of markdownPatterns(globs)) {
        selector.push({ scheme: 'file', language: 'markdown', pattern });
    }
    return selector;
}

/** The `featuredoc` settings for a resource, as the server sees them. */
export function settingsFor(scope?: vscode.Uri): Record<string, unknown> {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    // Every key present in any scope (declared in package.json or not).
    const keys = Object.keys(JSON.parse(JSON.stringify(config)) as Record<string, unknown>);
    const inspections: Record<string, SettingInspection | undefined> = {};
    for (const key of keys) {
        inspections[key] = config.inspect(key);
    }
    return serverSettings(explicitSettings(inspections), vscode.workspace.isTrusted);
}

/**
 * One server process at a time, as the client starts it (again after a
 * restart): its exit and the tail of its stderr, for the failure report.
 */
export class ServerProcess {
    stderr = new OutputTail();
    exit: ExitInfo | undefined;
    private child: ChildProcess | undefined;
    private exited: Promise<void> = Promise.resolve();

    constructor(
        readonly server: ServerCommand,
        readonly cwd: string | undefined,
    ) {}

    get commandLine(): string {
        return [this.server.command, ...this.server.args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
    }

    /** Spawns the server; rejects with the operating system's reason when it cannot run. */
    async spawn(): Promise<ChildProcess> {
        this.stderr = new OutputTail();
        this.exit = undefined;
        const child = spawn(this.server.command, this.server.args, {
            cwd: this.cwd,
            env: { ...process.env, PYTHONUNBUFFERED: '1' },
            stdio: 'pipe',
            windowsHide: true,
        });
        this.child = child;
        this.exited = new Promise((resolve) => {
            child.once('exit', (code, signal) => {
                this.exit = { code, signal };
                resolve();
            });
            child.once('error', () => resolve());
        });
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (data: string) => this.stderr.push(data));
        await new Promise<void>((resolve, reject) => {
            child.once('spawn', () => resolve());
            child.once('error', (error) => reject(new Error(`cannot run ${this.server.command}: ${error.message}`)));
        });
        return child;
    }

    /** The exit of the current process, waiting at most `ms` for it. */
    async waitForExit(ms: number): Promise<ExitInfo | undefined> {
        await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, ms))]);
        return this.exit;
    }

    /** Ends the process if it is still there (after the client stopped it, or gave up on it). */
    kill(): void {
        const child = this.child;
        if (child && child.exitCode === null && child.signalCode === null) {
            child.kill();
        }
    }
}

/**
 * The language client, without the notifications it pops up by itself:
 * the extension reports failures once, with their cause.
 */
class FeaturedocLanguageClient extends LanguageClient {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override error(message: string, data?: any, _showNotification?: boolean | 'force'): void {
        super.error(message, data, false);
    }
}

export function createClient(
    serverProcess: ServerProcess,
    outputChannel: vscode.LogOutputChannel,
    traceOutputChannel: vscode.OutputChannel,
    onClosed: () => boolean,
): LanguageClient {
    const folder = firstWorkspaceFolder();
    const serverOptions: ServerOptions = () => serverProcess.spawn();
    const clientOptions: LanguageClientOptions = {
        documentSelector: documentSelector(),
        outputChannel,
        traceOutputChannel,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        initializationOptions: settingsFor(folder?.uri),
        synchronize: {
            fileEvents: vscode.workspace.createFileSystemWatcher('**/.featuredoc.yaml'),
        },
        // The client would show the bare protocol error; the extension reports
        // the failure itself, with the exit and stderr of the process.
        initializationFailedHandler: () => false,
        errorHandler: {
            error: (_error, _message, count): ErrorHandlerResult => ({
                action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
                handled: true,
            }),
            closed: (): CloseHandlerResult => ({
                action: onClosed() ? CloseAction.Restart : CloseAction.DoNotRestart,
                handled: true,
            }),
        },
        middleware: {
            workspace: {
                // The server pulls the `featuredoc` section; it gets only its
                // own keys, not the ones that tell the extension how to start it.
                // Only values the user set are sent, so that package.json's
                // defaults do not override `.featuredoc.yaml`.
                configuration: async (params: ConfigurationParams, token, next) => {
                    const result = await next(params, token);
                    if (!Array.isArray(result)) {
                        return result;
                    }
                    return result.map((value, i) => {
                        const item = params.items[i];
                        if (item?.section !== SECTION) {
                            return value;
                        }
                        const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
                        return settingsFor(scope);
                    });
                },
            },
        },
    };
    return new FeaturedocLanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/** Tells the server that the settings changed; it re-reads them and re-checks. */
export async function notifyConfigurationChanged(client: LanguageClient): Promise<void> {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: settingsFor(firstWorkspaceFolder()?.uri) },
    });
}
