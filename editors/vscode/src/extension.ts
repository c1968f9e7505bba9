// Entry point: starts the featuredoc language server and restarts it when
// the settings that decide how it is started change.

import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { createClient, findServer, notifyConfigurationChanged, SECTION } from './common/server';
import { onDidChangePythonInterpreter } from './common/python';

/** Settings whose change needs a new server process or document selector. */
const RESTART_SETTINGS = ['path', 'interpreter', 'include'].map((key) => `${SECTION}.${key}`);

let client: LanguageClient | undefined;
let outputChannel: vscode.LogOutputChannel;
let traceOutputChannel: vscode.OutputChannel;
/** Serialises start/stop so that quick successive restarts do not interleave. */
let pending: Promise<void> = Promise.resolve();

async function stopServer(): Promise<void> {
    const old = client;
    client = undefined;
    if (old) {
        try {
            await old.stop();
        } catch (error) {
            outputChannel.warn(`stopping the server failed: ${String(error)}`);
        }
        await old.dispose();
    }
}

async function notFound(message: string, fix: string): Promise<void> {
    outputChannel.error(`${message} ${fix}`);
    const openSettings = 'Open Settings';
    const showLog = 'Show Log';
    const choice = await vscode.window.showErrorMessage(`featuredoc: ${message} ${fix}`, openSettings, showLog);
    if (choice === openSettings) {
        await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
    } else if (choice === showLog) {
        outputChannel.show();
    }
}

async function startServer(): Promise<void> {
    await stopServer();
    const resolution = await findServer();
    if (resolution.kind === 'error') {
        void notFound(resolution.message, resolution.fix);
        return;
    }
    const { command, args, source } = resolution.server;
    outputChannel.info(`starting the server (from ${source}): ${[command, ...args].join(' ')}`);
    const newClient = createClient(command, args, outputChannel, traceOutputChannel);
    newClient.onDidChangeState((event) => {
        if (event.newState === State.Stopped && client === newClient) {
            outputChannel.warn('the server stopped');
        }
    });
    client = newClient;
    try {
        await newClient.start();
        outputChannel.info('the server is running');
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outputChannel.error(`the server failed to start: ${message}`);
        void notFound(
            `The language server (${[command, ...args].join(' ')}) failed to start: ${message}.`,
            'Check "featuredoc.path" / "featuredoc.interpreter", and that `pip install featuredoc` was run in that Python.',
        );
    }
}

function restart(): Promise<void> {
    pending = pending.then(startServer, startServer);
    return pending;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    outputChannel = vscode.window.createOutputChannel('featuredoc', { log: true });
    traceOutputChannel = vscode.window.createOutputChannel('featuredoc trace');
    context.subscriptions.push(
        outputChannel,
        traceOutputChannel,
        vscode.commands.registerCommand('featuredoc.restart', () => restart()),
        vscode.commands.registerCommand('featuredoc.showLog', () => outputChannel.show()),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (RESTART_SETTINGS.some((key) => event.affectsConfiguration(key))) {
                void restart();
            } else if (event.affectsConfiguration(SECTION) && client?.isRunning()) {
                void notifyConfigurationChanged(client).catch((error) =>
                    outputChannel.error(`sending the settings failed: ${String(error)}`),
                );
            }
        }),
    );
    const pythonWatch = await onDidChangePythonInterpreter(() => {
        const config = vscode.workspace.getConfiguration(SECTION);
        if (!config.get<string>('path') && !config.get<string>('interpreter')) {
            void restart();
        }
    });
    if (pythonWatch) {
        context.subscriptions.push(pythonWatch);
    }
    await restart();
}

export async function deactivate(): Promise<void> {
    await pending.catch(() => undefined);
    await stopServer();
}
