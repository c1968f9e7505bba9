// Starts and stops the language client; reads the settings it needs.

import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
    ConfigurationParams,
    DidChangeConfigurationNotification,
    DocumentSelector,
    LanguageClient,
    LanguageClientOptions,
    RevealOutputChannelOn,
    ServerOptions,
    TransportKind,
} from 'vscode-languageclient/node';
import {
    explicitSettings,
    LaunchResolution,
    markdownPatterns,
    resolveLaunch,
    serverSettings,
    SettingInspection,
    whichOn,
} from './launch';
import { canImportFeaturedoc, pythonExtensionInterpreter } from './python';

export const CLIENT_ID = 'featuredoc';
export const CLIENT_NAME = 'featuredoc';
export const SECTION = 'featuredoc';

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

/** Works out the server command from the settings and the environment. */
export async function findServer(): Promise<LaunchResolution> {
    const folder = firstWorkspaceFolder();
    const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
    const path = config.get<string>('path', '');
    const interpreter = config.get<string>('interpreter', '');
    let pythonExtension: { interpreter: string; hasFeaturedoc: boolean } | undefined;
    if (path.trim() === '' && interpreter.trim() === '') {
        const python = await pythonExtensionInterpreter(folder?.uri);
        if (python) {
            pythonExtension = { interpreter: python, hasFeaturedoc: await canImportFeaturedoc(python) };
        }
    }
    return resolveLaunch({
        path,
        interpreter,
        pythonExtension,
        workspaceFolder: folder?.uri.fsPath,
        homeDir: os.homedir(),
        env: process.env,
        which: (name) =>
            whichOn(name, process.env.PATH, process.platform, isExecutable, process.env.PATHEXT),
        exists: (file) => fs.existsSync(file),
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
    return serverSettings(explicitSettings(inspections));
}

export function createClient(
    command: string,
    args: string[],
    outputChannel: vscode.LogOutputChannel,
    traceOutputChannel: vscode.OutputChannel,
): LanguageClient {
    const folder = firstWorkspaceFolder();
    const serverOptions: ServerOptions = {
        command,
        args,
        transport: TransportKind.stdio,
        options: { cwd: folder?.uri.fsPath, env: { ...process.env, PYTHONUNBUFFERED: '1' } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: documentSelector(),
        outputChannel,
        traceOutputChannel,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        initializationOptions: settingsFor(folder?.uri),
        synchronize: {
            fileEvents: vscode.workspace.createFileSystemWatcher('**/.featuredoc.yaml'),
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
    return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/** Tells the server that the settings changed; it re-reads them and re-checks. */
export async function notifyConfigurationChanged(client: LanguageClient): Promise<void> {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: settingsFor(firstWorkspaceFolder()?.uri) },
    });
}
