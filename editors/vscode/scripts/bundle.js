// Bundles the extension and the npm packages it uses into dist/extension.js
// (only `vscode` stays outside: VS Code provides it), and writes the licences
// of those packages to dist/THIRD_PARTY_NOTICES.txt.
'use strict';

const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** The folder of the npm package a bundled input file belongs to. */
function packageDir(input) {
    const parts = input.split('/');
    const i = parts.lastIndexOf('node_modules');
    if (i < 0) {
        return undefined;
    }
    const depth = parts[i + 1].startsWith('@') ? 3 : 2;
    return path.join(root, ...parts.slice(0, i + depth));
}

function notices(inputs) {
    const dirs = [...new Set(Object.keys(inputs).map(packageDir).filter((d) => d))].sort();
    const sections = dirs.map((dir) => {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
        const licenseFile = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
        if (!licenseFile) {
            throw new Error(`${pkg.name}: no licence file to ship with the bundle`);
        }
        const text = fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim();
        return `${pkg.name} ${pkg.version} (${pkg.license})\n\n${text}\n`;
    });
    return (
        'The extension bundles these npm packages into dist/extension.js.\n\n' +
        sections.join(`\n${'-'.repeat(72)}\n\n`)
    );
}

async function main() {
    const result = await esbuild.build({
        absWorkingDir: root,
        entryPoints: ['src/extension.ts'],
        bundle: true,
        outfile: 'dist/extension.js',
        external: ['vscode'],
        format: 'cjs',
        platform: 'node',
        target: 'node18',
        minify: true,
        keepNames: true,
        metafile: true,
        logLevel: 'warning',
    });
    fs.writeFileSync(path.join(root, 'dist', 'THIRD_PARTY_NOTICES.txt'), notices(result.metafile.inputs));
    const size = fs.statSync(path.join(root, 'dist', 'extension.js')).size;
    console.log(`bundle.js: dist/extension.js (${Math.round(size / 1024)} KiB)`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
