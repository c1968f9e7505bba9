// Unit tests of the launch resolution (node's built-in test runner: `npm test`).

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    expandVariables,
    explicitSettings,
    LaunchInputs,
    markdownPatterns,
    resolveLaunch,
    serverSettings,
    whichOn,
} from '../../common/launch';

function inputs(overrides: Partial<LaunchInputs> = {}): LaunchInputs {
    return {
        path: '',
        interpreter: '',
        pythonExtension: undefined,
        workspaceFolder: '/ws',
        homeDir: '/home/u',
        env: { VENV: '/opt/venv' },
        which: () => undefined,
        exists: () => false,
        ...overrides,
    };
}

describe('resolveLaunch', () => {
    it('uses featuredoc.path as the executable, with no arguments', () => {
        const r = resolveLaunch(inputs({ path: '/opt/bin/featuredoc-ls', exists: (f) => f === '/opt/bin/featuredoc-ls' }));
        assert.deepEqual(r, {
            kind: 'ok',
            server: { command: '/opt/bin/featuredoc-ls', args: [], source: 'featuredoc.path' },
        });
    });

    it('prefers featuredoc.path over featuredoc.interpreter and the Python extension', () => {
        const r = resolveLaunch(
            inputs({
                path: '/a/featuredoc-ls',
                interpreter: '/b/python',
                pythonExtension: { interpreter: '/c/python', hasFeaturedoc: true },
                exists: () => true,
                which: () => '/usr/bin/featuredoc-ls',
            }),
        );
        assert.equal(r.kind, 'ok');
        assert.equal(r.kind === 'ok' && r.server.command, '/a/featuredoc-ls');
    });

    it('expands variables and resolves relative paths against the workspace folder', () => {
        const seen: string[] = [];
        const exists = (f: string): boolean => {
            seen.push(f);
            return true;
        };
        const a = resolveLaunch(inputs({ path: '${workspaceFolder}/.venv/bin/featuredoc-ls', exists }));
        assert.equal(a.kind === 'ok' && a.server.command, '/ws/.venv/bin/featuredoc-ls');
        const b = resolveLaunch(inputs({ path: '.venv/bin/featuredoc-ls', exists }));
        assert.equal(b.kind === 'ok' && b.server.command, '/ws/.venv/bin/featuredoc-ls');
        const c = resolveLaunch(inputs({ interpreter: '${env:VENV}/bin/python', exists }));
        assert.deepEqual(c.kind === 'ok' && c.server, {
            command: '/opt/venv/bin/python',
            args: ['-m', 'featuredoc'],
            source: 'featuredoc.interpreter',
        });
        assert.deepEqual(seen, ['/ws/.venv/bin/featuredoc-ls', '/ws/.venv/bin/featuredoc-ls', '/opt/venv/bin/python']);
    });

    it('looks a bare command name up on PATH', () => {
        const r = resolveLaunch(inputs({ interpreter: 'python3', which: (n) => (n === 'python3' ? '/usr/bin/python3' : undefined) }));
        assert.deepEqual(r.kind === 'ok' && r.server, {
            command: '/usr/bin/python3',
            args: ['-m', 'featuredoc'],
            source: 'featuredoc.interpreter',
        });
    });

    it('reports a configured path that does not exist instead of falling back', () => {
        const r = resolveLaunch(inputs({ path: '/nowhere/featuredoc-ls', which: () => '/usr/bin/featuredoc-ls' }));
        assert.equal(r.kind, 'error');
        assert.match(r.kind === 'error' ? r.message : '', /"featuredoc\.path" is set to \/nowhere\/featuredoc-ls, which does not exist/);
    });

    it('reports a configured interpreter that is not on PATH', () => {
        const r = resolveLaunch(inputs({ interpreter: 'python9' }));
        assert.equal(r.kind, 'error');
        assert.match(r.kind === 'error' ? r.message : '', /featuredoc\.interpreter.*python9.*not on PATH/);
    });

    it("uses the Python extension's interpreter when it has featuredoc", () => {
        const r = resolveLaunch(
            inputs({
                pythonExtension: { interpreter: '/venv/bin/python', hasFeaturedoc: true },
                which: () => '/usr/bin/featuredoc-ls',
            }),
        );
        assert.deepEqual(r.kind === 'ok' && r.server, {
            command: '/venv/bin/python',
            args: ['-m', 'featuredoc'],
            source: 'python extension',
        });
    });

    it("falls back to PATH when the Python extension's interpreter lacks featuredoc", () => {
        const r = resolveLaunch(
            inputs({
                pythonExtension: { interpreter: '/venv/bin/python', hasFeaturedoc: false },
                which: (n) => (n === 'featuredoc-ls' ? '/usr/local/bin/featuredoc-ls' : undefined),
            }),
        );
        assert.deepEqual(r.kind === 'ok' && r.server, { command: '/usr/local/bin/featuredoc-ls', args: [], source: 'PATH' });
    });

    it('says how to fix it when nothing is found', () => {
        const r = resolveLaunch(inputs({ pythonExtension: { interpreter: '/venv/bin/python', hasFeaturedoc: false } }));
        assert.equal(r.kind, 'error');
        if (r.kind === 'error') {
            assert.match(r.message, /not found/);
            assert.match(r.message, /\/venv\/bin\/python/);
            assert.match(r.fix, /pip install featuredoc/);
            assert.match(r.fix, /featuredoc\.path/);
            assert.match(r.fix, /featuredoc\.interpreter/);
        }
    });

    it('treats blank settings as unset', () => {
        const r = resolveLaunch(inputs({ path: '  ', interpreter: ' ', which: () => '/usr/bin/featuredoc-ls' }));
        assert.equal(r.kind === 'ok' && r.server.source, 'PATH');
    });
});

describe('expandVariables', () => {
    const vars = { workspaceFolder: '/ws', homeDir: '/home/u', env: { A: 'x' } };
    it('expands ~, ${userHome}, ${workspaceFolder}, ${env:NAME}', () => {
        assert.equal(expandVariables('~/bin/ls', vars), '/home/u/bin/ls');
        assert.equal(expandVariables('${userHome}/a', vars), '/home/u/a');
        assert.equal(expandVariables('${workspaceFolder}/a', vars), '/ws/a');
        assert.equal(expandVariables('/p/${env:A}/${env:MISSING}q', vars), '/p/x/q');
    });
    it('leaves unknown variables and a ~ inside a name alone', () => {
        assert.equal(expandVariables('${foo}/a~b', vars), '${foo}/a~b');
        assert.equal(expandVariables('${workspaceFolder}', { homeDir: '/h', env: {} }), '${workspaceFolder}');
    });
});

describe('whichOn', () => {
    it('returns the first executable match in PATH order', () => {
        const files = new Set(['/b/featuredoc-ls', '/c/featuredoc-ls']);
        assert.equal(whichOn('featuredoc-ls', '/a::/b:/c', 'linux', (f) => files.has(f)), '/b/featuredoc-ls');
        assert.equal(whichOn('featuredoc-ls', '/a', 'linux', (f) => files.has(f)), undefined);
        assert.equal(whichOn('featuredoc-ls', undefined, 'linux', () => true), undefined);
    });
    it('tries PATHEXT extensions on Windows', () => {
        const files = new Set(['C:\\py\\Scripts\\featuredoc-ls.EXE']);
        assert.equal(
            whichOn('featuredoc-ls', 'C:\\x;C:\\py\\Scripts', 'win32', (f) => files.has(f), '.COM;.EXE'),
            'C:\\py\\Scripts\\featuredoc-ls.EXE',
        );
    });
});

describe('serverSettings', () => {
    it('drops the keys only the extension reads and keeps the rest', () => {
        assert.deepEqual(
            serverSettings({
                path: '/x',
                interpreter: '/y',
                trace: { server: 'off' },
                rules: { FD201: 'warning', FD203: 'off' },
                include: ['docs/*.md'],
            }),
            { rules: { FD201: 'warning', FD203: 'off' }, include: ['docs/*.md'] },
        );
    });
    it('gives an empty object for anything that is not an object', () => {
        assert.deepEqual(serverSettings(null), {});
        assert.deepEqual(serverSettings([1]), {});
        assert.deepEqual(serverSettings('x'), {});
    });
});

describe('explicitSettings', () => {
    it('keeps only values set by the user, the most specific scope winning', () => {
        assert.deepEqual(
            explicitSettings({
                rules: { globalValue: { FD203: 'off' }, workspaceValue: { FD201: 'warning' } },
                include: { globalValue: ['a/*.md'] },
                tiers: { workspaceFolderValue: ['X'], workspaceValue: ['Y'] },
                path: {},
                trace: undefined,
            }),
            { rules: { FD201: 'warning' }, include: ['a/*.md'], tiers: ['X'] },
        );
    });
});

describe('markdownPatterns', () => {
    it('anchors relative globs anywhere below the workspace and drops junk', () => {
        assert.deepEqual(markdownPatterns(['docs/features/*.md', './notes/*.md', '**/x.md', '', 3, 'docs/features/*.md']), [
            '**/docs/features/*.md',
            '**/notes/*.md',
            '**/x.md',
        ]);
        assert.deepEqual(markdownPatterns(undefined), []);
    });
});
