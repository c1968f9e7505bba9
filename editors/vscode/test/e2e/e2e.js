// Drives VS Code (code-server) in headless Chromium through the featuredoc
// scenarios, reading what the workbench shows: the Problems panel, the
// squiggle under the word, the suggest widget and its documentation, the
// light-bulb menu, the hover. Started by run.sh.
//
// Environment: CS_URL (workbench URL with ?folder=), WORKSPACE (that folder
// on disk), ARTIFACTS (screenshots and results.json go there).
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const CS_URL = process.env.CS_URL;
const WORKSPACE = process.env.WORKSPACE;
const ARTIFACTS = process.env.ARTIFACTS;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const TIERS = [
    'Supported',
    'Tech Preview',
    'Experimental',
    'Deprecated',
    'Supported, Not security supported',
    'Supported, Security support external',
    'Supported, with caveats',
];
const FD201_MESSAGE = "'Supperted' is not a support status; did you mean 'Supported'?";
const TYPO_DOC = 'docs/features/grant-table-v3.pandoc';
const COMPLETION_DOC = 'docs/features/vtpm.pandoc';
const MARKDOWN_DOC = 'docs/features/memory-sharing.md';
// Navigation: a feature document (CRLF) and the SUPPORT.md entry it stands for.
const NAV_DOC = 'docs/features/credit2-rocket.pandoc';
const ENTRY = 'Crédit2 🚀 Scheduler';
const RENAMED = 'Crédit3 🛸 Scheduler';
const NAV_SUPPORT = `# Support statement\n\n## Definition of Status labels\n\n### Tech Preview\n\n    Security supported: No\n\n## Features\n\n### ${ENTRY}\n\n    Status: Tech Preview\n`;
const NAV_TEXT = [
    `% ${ENTRY}`,
    '% Revision 1',
    '',
    '# Basics',
    '---------------- ----------------------------------------------------',
    '         Status: **Tech Preview**',
    '',
    '      Component: Hypervisor',
    '---------------- ----------------------------------------------------',
    '',
].join('\r\n');
// A second document naming the entry in its Basics table: three references in all.
const NAV_DOC2 = 'docs/features/credit2-rocket-arm.pandoc';
const NAV_TEXT2 = [
    '% Crédit2 🚀 on Arm',
    '% Revision 1',
    '',
    '# Basics',
    '---------------- ----------------------------------------------------',
    '         Status: **Tech Preview**',
    '',
    `  Support entry: ${ENTRY}`,
    '---------------- ----------------------------------------------------',
    '',
].join('\n');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pid of the bundled server that this run's code-server started (its
 * command line names this run's extensions folder); throws when there is
 * none unless required is false.
 */
function serverPid(required = true) {
    const extDir = process.env.EXT_DIR;
    const out = require('child_process').execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
    const pids = out
        .split('\n')
        .filter((line) => extDir && line.includes(`${extDir}/`) && line.includes('bundled/tool/server.py'))
        .map((line) => Number(line.trim().split(/\s+/)[0]));
    if (pids.length > 1) {
        throw new Error(`more than one server process: ${pids.join(', ')}`);
    }
    if (!pids.length && required) {
        throw new Error('no bundled server process');
    }
    return pids[0];
}

/** Polls fn until it returns a truthy value; throws with the last state otherwise. */
async function until(what, fn, timeoutMs = 30000, intervalMs = 250) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        last = await fn();
        if (last && !(last instanceof Error)) {
            return last;
        }
        if (Date.now() > deadline) {
            const seen = last instanceof Error ? last.message : JSON.stringify(last);
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last seen: ${seen})`);
        }
        await sleep(intervalMs);
    }
}

/** 1-based line and column of the first occurrence of needle in a workspace file. */
function locate(relPath, needle) {
    const lines = fs.readFileSync(path.join(WORKSPACE, relPath), 'utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const col = lines[i].indexOf(needle);
        if (col >= 0) {
            return { line: i + 1, col: col + 1, text: lines[i] };
        }
    }
    throw new Error(`${needle} not in ${relPath}`);
}

class Workbench {
    constructor(page) {
        this.page = page;
    }

    async open(relPath) {
        const page = this.page;
        const base = path.basename(relPath);
        const tab = page.locator(`.tabs-container .tab[aria-label^="${base}"]`).first();
        if ((await tab.count()) > 0) {
            await tab.click();
        } else {
            await page.keyboard.press('Control+P');
            const input = page.locator('.quick-input-widget input');
            await input.waitFor({ state: 'visible', timeout: 15000 });
            await input.fill(relPath);
            const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first();
            await row.waitFor({ timeout: 15000 });
            await row.click();
        }
        await until(`${base} to be the active editor`, async () => {
            const active = await page
                .locator('.tabs-container .tab.active')
                .first()
                .getAttribute('aria-label')
                .catch(() => null);
            return active && active.startsWith(base);
        });
        await this.editor().locator('.view-lines').waitFor({ timeout: 15000 });
        // Let the first paint of decorations settle.
        await sleep(300);
    }

    editor() {
        return this.page.locator('.part.editor .editor-instance .monaco-editor').first();
    }

    async focusEditor() {
        await this.editor().locator('.view-lines').click({ position: { x: 5, y: 5 } });
    }

    async gotoLine(line) {
        await this.page.keyboard.press('Control+G');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 10000 });
        await input.fill(`:${line}`);
        await this.page.keyboard.press('Enter');
        await sleep(200);
    }

    /** The rendered text of the editor line holding needle (spaces normalised). */
    async lineText(needle) {
        return this.editor().evaluate((ed, needle) => {
            for (const line of ed.querySelectorAll('.view-line')) {
                const text = line.textContent.replace(/\u00a0/g, ' ');
                if (text.includes(needle)) {
                    return text;
                }
            }
            return null;
        }, needle);
    }

    /** The screen rectangle of word on the first rendered line containing lineNeedle. */
    async wordRect(lineNeedle, word) {
        return this.editor().evaluate(
            (ed, [lineNeedle, word]) => {
                for (const line of ed.querySelectorAll('.view-line')) {
                    const text = line.textContent.replace(/\u00a0/g, ' ');
                    if (!text.includes(lineNeedle)) {
                        continue;
                    }
                    const start = text.indexOf(word);
                    if (start < 0) {
                        return null;
                    }
                    const end = start + word.length;
                    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
                    const range = document.createRange();
                    let offset = 0;
                    let node;
                    while ((node = walker.nextNode())) {
                        const len = node.textContent.length;
                        if (start >= offset && start <= offset + len) {
                            range.setStart(node, start - offset);
                        }
                        if (end >= offset && end <= offset + len) {
                            range.setEnd(node, end - offset);
                            break;
                        }
                        offset += len;
                    }
                    const r = range.getBoundingClientRect();
                    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
                }
                return null;
            },
            [lineNeedle, word],
        );
    }

    async squiggles(severity) {
        return this.editor().evaluate((ed, severity) => {
            return [...ed.querySelectorAll(`.squiggly-${severity}`)].map((el) => {
                const r = el.getBoundingClientRect();
                return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
            });
        }, severity);
    }

    async showProblems() {
        const panel = this.page.locator('.markers-panel');
        if (!(await panel.isVisible().catch(() => false))) {
            await this.page.keyboard.press('Control+Shift+M');
            await panel.waitFor({ state: 'visible', timeout: 15000 });
        }
    }

    /** Rows of the Problems panel: file rows and marker rows, with severity. */
    async problems() {
        return this.page.evaluate(() => {
            const rows = [];
            let file = null;
            for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
                const text = row.innerText.replace(/\s+/g, ' ').trim();
                const icons = row.querySelectorAll('.marker-icon, [class*="codicon-error"], [class*="codicon-warning"], [class*="codicon-info"]');
                const cls = [...icons].map((i) => i.className).join(' ');
                const severity = /codicon-error/.test(cls)
                    ? 'error'
                    : /codicon-warning/.test(cls)
                      ? 'warning'
                      : /codicon-info/.test(cls)
                        ? 'information'
                        : null;
                if (row.querySelector('.file-icon, .monaco-icon-label.file-icon') && !severity) {
                    file = text;
                    continue;
                }
                rows.push({ file, text, severity, aria: row.getAttribute('aria-label') });
            }
            return rows;
        });
    }

    /** Marker rows for a rule code in a file. */
    async problemsFor(base, code) {
        const rows = await this.problems();
        return rows.filter((r) => r.file && r.file.startsWith(base) && r.text.includes(code));
    }

    /**
     * Opens the language status hover (the {} entry of the status bar) and
     * returns the text of featuredoc's item in it.
     */
    async languageStatus() {
        const page = this.page;
        const entry = page.locator('.statusbar-item[id="status.languageStatus"]');
        await entry.waitFor({ state: 'visible', timeout: 15000 });
        const hover = page.locator('.hover-language-status');
        if (!(await hover.isVisible().catch(() => false))) {
            await entry.click();
            await hover.first().waitFor({ state: 'visible', timeout: 10000 });
        }
        return page.evaluate(() => {
            const items = [...document.querySelectorAll('.hover-language-status .hover-language-status-element, .hover-language-status > div')];
            const texts = items.map((el) => el.innerText.replace(/\s+/g, ' ').trim()).filter((t) => t);
            const all = [...document.querySelectorAll('.hover-language-status')].map((el) => el.innerText.replace(/\s+/g, ' ').trim());
            return { item: texts.find((t) => /featuredoc/i.test(t)) || null, all: all.join(' | ') };
        });
    }

    async closeHovers() {
        await this.page.keyboard.press('Escape');
        await sleep(200);
    }

    /** The texts of the notification toasts on screen. */
    async toasts() {
        return this.page
            .locator('.notifications-toasts .notification-list-item-message')
            .allInnerTexts()
            .then((all) => all.map((t) => t.replace(/\s+/g, ' ').trim()))
            .catch(() => []);
    }

    async suggestLabels() {
        return this.page.evaluate(() =>
            [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')].map((row) => {
                const name = row.querySelector('.label-name');
                return (name ? name.textContent : row.innerText).replace(/\s+/g, ' ').trim();
            }),
        );
    }

    async focusedSuggestion() {
        return this.page.evaluate(() => {
            const row = document.querySelector('.suggest-widget.visible .monaco-list-row.focused .label-name');
            return row ? row.textContent.trim() : null;
        });
    }

    async suggestDetails() {
        return this.page.evaluate(() => {
            const d = document.querySelector('.suggest-details-container .suggest-details');
            if (!d || d.offsetParent === null) {
                return null;
            }
            return d.innerText.replace(/\s+/g, ' ').trim();
        });
    }
}

async function main() {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const userDataDir = fs.mkdtempSync(path.join(process.env.HOME || '/tmp', 'chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
        ],
        viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] || (await context.newPage());
    const consoleLog = fs.createWriteStream(path.join(ARTIFACTS, 'browser-console.log'));
    page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));
    const wb = new Workbench(page);
    const results = { steps: [] };
    let failed = false;

    async function step(name, screenshot, fn, onlyWith) {
        if (onlyWith && process.env.SERVER_MODE !== onlyWith) {
            results.steps.push({ name, status: 'skipped', reason: `only with FEATUREDOC_E2E_SERVER=${onlyWith}` });
            return;
        }
        if (failed) {
            results.steps.push({ name, status: 'not run' });
            return;
        }
        const t0 = Date.now();
        const shot = path.join(ARTIFACTS, screenshot);
        try {
            const observed = await fn(shot);
            await page.screenshot({ path: shot });
            results.steps.push({ name, status: 'passed', ms: Date.now() - t0, screenshot: shot, observed });
            console.log(`ok ${name} (${Date.now() - t0} ms) screenshot: ${shot}`);
        } catch (error) {
            failed = true;
            const failShot = path.join(ARTIFACTS, `FAILED-${screenshot}`);
            await page.screenshot({ path: failShot }).catch(() => undefined);
            let message = String(error && error.message ? error.message : error).split('\n')[0];
            // Notifications on screen often say why (e.g. the server was not found).
            const toasts = await page
                .locator('.notifications-toasts .notification-list-item-message')
                .allInnerTexts()
                .catch(() => []);
            if (toasts.length) {
                message += ` (notifications: ${toasts.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ')})`;
            }
            results.steps.push({ name, status: 'failed', error: message, screenshot: failShot });
            console.log(`FAILED ${name}: ${message}\n  screenshot: ${failShot}`);
        }
    }

    try {
        await page.goto(CS_URL);
        await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });

        await step('diagnostics', '01-diagnostics.png', async () => {
            const where = locate(TYPO_DOC, 'Supperted');
            await wb.open(TYPO_DOC);
            await wb.showProblems();
            const rows = await until(
                'the FD201 problem in the Problems panel',
                () => wb.problemsFor('grant-table-v3.pandoc', 'FD201').then((r) => r.length && r),
                90000,
            );
            const row = rows[0];
            if (rows.length !== 1) {
                throw new Error(`expected one FD201 problem, got ${JSON.stringify(rows)}`);
            }
            if (!row.text.includes(FD201_MESSAGE)) {
                throw new Error(`FD201 row does not carry the message: ${row.text}`);
            }
            if (row.severity !== 'error') {
                throw new Error(`FD201 is shown as ${row.severity}, not as an error: ${row.text}`);
            }
            const pos = `[Ln ${where.line}, Col ${where.col}]`;
            if (!row.text.includes(pos)) {
                throw new Error(`FD201 row is not at ${pos}: ${row.text}`);
            }
            // The squiggle lies exactly under the word.
            const word = await wb.wordRect('Status:', 'Supperted');
            if (!word) {
                throw new Error('the status line is not rendered');
            }
            const squiggle = await until('a red squiggle under Supperted', async () => {
                const all = await wb.squiggles('error');
                return (
                    all.find(
                        (s) =>
                            Math.abs(s.left - word.left) <= 2 &&
                            Math.abs(s.right - word.right) <= 2 &&
                            s.top < word.bottom + 4 &&
                            s.bottom > word.top,
                    ) || new Error(`squiggles ${JSON.stringify(all)}, word ${JSON.stringify(word)}`)
                );
            });
            return { problem: row.text, line: where.line, column: where.col, word, squiggle };
        });

        await step('language status', '01-language-status.png', async () => {
            const status = await until(
                "featuredoc's language status item saying the server runs",
                async () => {
                    const s = await wb.languageStatus();
                    const how = process.env.SERVER_MODE === 'bundled' ? /bundled server, Python \d/ : /./;
                    return s.item && /featuredoc \d/.test(s.item) && how.test(s.item) ? s : new Error(JSON.stringify(s));
                },
                30000,
                1000,
            );
            // The step's screenshot shows the hover; the next step closes it.
            return status;
        });

        await step('completion', '02-completion.png', async () => {
            await wb.closeHovers();
            const where = locate(COMPLETION_DOC, 'Status: **');
            await wb.open(COMPLETION_DOC);
            await wb.focusEditor();
            await wb.gotoLine(where.line);
            await page.keyboard.press('End');
            await page.keyboard.press('Control+Space');
            const labels = await until(
                'the status tiers in the suggest widget',
                async () => {
                    const l = await wb.suggestLabels();
                    return TIERS.every((t) => l.includes(t)) ? l : new Error(`offered: ${JSON.stringify(l)}`);
                },
                30000,
            );
            // The documentation of the focused item, in the side panel.
            let details = await wb.suggestDetails();
            if (!details) {
                await page.keyboard.press('Control+Space');
            }
            details = await until('the documentation of the focused tier', async () => {
                const d = await wb.suggestDetails();
                const focused = await wb.focusedSuggestion();
                return d && focused && d.replace(focused, '').trim().length > 10
                    ? { focused, text: d }
                    : new Error(`details: ${d}, focused: ${focused}`);
            });
            return { labels, details };
        });

        await step('completion accepted inside **Sup|**', '02-completion-accepted.png', async () => {
            await page.keyboard.press('Escape');
            await page.keyboard.type('Sup**');
            await page.keyboard.press('Escape');
            await page.keyboard.press('ArrowLeft');
            await page.keyboard.press('ArrowLeft');
            await page.keyboard.press('Control+Space');
            await until('Supported among the suggestions', async () => (await wb.suggestLabels()).includes('Supported'));
            for (let i = 0; i < 10 && (await wb.focusedSuggestion()) !== 'Supported'; i++) {
                await page.keyboard.press('ArrowDown');
            }
            const focused = await wb.focusedSuggestion();
            if (focused !== 'Supported') {
                throw new Error(`could not focus Supported (focused: ${focused})`);
            }
            await page.keyboard.press('Enter');
            const line = await until('the status line to read **Supported**', async () => {
                const t = await wb.lineText('Status:');
                return t && t.trimEnd() === '         Status: **Supported**' ? t : new Error(`line: ${JSON.stringify(t)}`);
            });
            return { line };
        });

        await step('quick fix from the light bulb', '03-quickfix.png', async () => {
            await wb.open(TYPO_DOC);
            const word = await wb.wordRect('Status:', 'Supperted');
            await page.mouse.click((word.left + word.right) / 2, (word.top + word.bottom) / 2);
            const bulb = page.locator('.monaco-editor .lightBulbWidget');
            await bulb.waitFor({ state: 'visible', timeout: 20000 });
            await bulb.click();
            const menu = page.locator('.action-widget .monaco-list-row');
            await menu.first().waitFor({ state: 'visible', timeout: 20000 });
            const actions = (await menu.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
            await page.screenshot({ path: path.join(ARTIFACTS, '03-quickfix-menu.png') });
            const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Replace with 'Supported'" });
            if ((await fix.count()) === 0) {
                throw new Error(`no "Replace with 'Supported'" in the light-bulb menu: ${JSON.stringify(actions)}`);
            }
            // Choose it the way a keyboard user does: move the focus onto it, Enter.
            const focusedAction = () =>
                page
                    .locator('.action-widget .monaco-list-row.focused')
                    .first()
                    .innerText({ timeout: 2000 })
                    .catch(() => '');
            for (let i = 0; i < 10 && !(await focusedAction()).includes("Replace with 'Supported'"); i++) {
                await page.keyboard.press('ArrowDown');
            }
            if (!(await focusedAction()).includes("Replace with 'Supported'")) {
                throw new Error(`could not focus the fix in ${JSON.stringify(actions)}`);
            }
            await page.keyboard.press('Enter');
            const line = await until('the status line to read **Supported**', async () => {
                const t = await wb.lineText('Status:');
                return t && t.includes('**Supported**') ? t : new Error(`line: ${JSON.stringify(t)}`);
            });
            await wb.showProblems();
            await until('FD201 to leave the Problems panel', async () => {
                const rows = await wb.problemsFor('grant-table-v3.pandoc', 'FD201');
                return rows.length === 0 || new Error(JSON.stringify(rows));
            });
            const squiggles = await wb.squiggles('error');
            const word2 = await wb.wordRect('Status:', 'Supported');
            const under = squiggles.filter((s) => s.left < word2.right && s.right > word2.left && s.top < word2.bottom + 4 && s.bottom > word2.top);
            if (under.length) {
                throw new Error(`the fixed word still has a squiggle: ${JSON.stringify(under)}`);
            }
            return { actions, line };
        });

        await step('hover', '04-hover.png', async () => {
            const word = await wb.wordRect('Status:', 'Supported');
            const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents');
            const text = await until(
                'a hover with the definition of Supported',
                async () => {
                    await page.mouse.move(10, 10);
                    await page.mouse.move(word.left + 3, (word.top + word.bottom) / 2);
                    await page.mouse.move((word.left + word.right) / 2, (word.top + word.bottom) / 2, { steps: 3 });
                    const t = await hover
                        .first()
                        .innerText({ timeout: 3000 })
                        .catch(() => '');
                    const norm = t.replace(/\s+/g, ' ').trim();
                    if (/secur/i.test(norm)) {
                        // Markdown is rendered, not shown as source.
                        const bold = await hover.first().locator('strong').count();
                        return { text: norm, rendered: bold > 0 };
                    }
                    return new Error(`hover: ${JSON.stringify(norm)}`);
                },
                60000,
                500,
            );
            return { hover: text.text, renderedMarkdown: text.rendered };
        });

        await step('navigation: lenses, definition, references, symbols, rename', '04-navigation-rename.png', async () => {
            await wb.closeHovers();
            // SUPPORT.md and the document arrive on disk: the server's file watcher indexes them.
            fs.writeFileSync(path.join(WORKSPACE, 'SUPPORT.md'), NAV_SUPPORT);
            fs.writeFileSync(path.join(WORKSPACE, NAV_DOC), NAV_TEXT);
            fs.writeFileSync(path.join(WORKSPACE, NAV_DOC2), NAV_TEXT2);
            await wb.open(NAV_DOC);
            const lens = await until(
                "the lens with SUPPORT.md's status above the Status row",
                async () => {
                    const texts = await wb.editor().locator('.codelens-decoration').allInnerTexts();
                    const found = texts.find((t) => t.includes(`SUPPORT.md '${ENTRY}'`));
                    return found || new Error(JSON.stringify(texts));
                },
                60000,
                500,
            );
            await page.screenshot({ path: path.join(ARTIFACTS, '04-navigation-lens.png') });

            // The cursor inside "Scheduler" of the title, as a keyboard user puts it there.
            const onTitle = async () => {
                await wb.focusEditor();
                await wb.gotoLine(1);
                await page.keyboard.press('End');
                for (let i = 0; i < 3; i++) {
                    await page.keyboard.press('ArrowLeft');
                }
                await sleep(200);
            };
            await onTitle();
            await page.keyboard.press('F12');
            // Two places (the heading, the status line compared): VS Code peeks at them.
            const definition = await until('F12 to show the SUPPORT.md entry', async () => {
                const title = await page.locator('.peekview-widget .peekview-title').first().innerText().catch(() => '');
                const rows = (await page.locator('.peekview-widget .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
                return title.includes('SUPPORT.md') && rows.some((r) => r.includes(`### ${ENTRY}`))
                    ? { title: title.replace(/\s+/g, ' ').trim(), rows }
                    : new Error(`${title} ${JSON.stringify(rows)}`);
            });
            await page.screenshot({ path: path.join(ARTIFACTS, '04-navigation-definition.png') });
            await page.keyboard.press('Escape');

            await wb.open(NAV_DOC);
            await onTitle();
            await page.keyboard.press('Shift+F12');
            const references = await until('the references in the peek view', async () => {
                const rows = (await page.locator('.peekview-widget .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
                return ['SUPPORT.md', 'credit2-rocket.pandoc', 'credit2-rocket-arm.pandoc'].every((f) => rows.some((r) => r.includes(f)))
                    ? rows
                    : new Error(JSON.stringify(rows));
            });
            await page.screenshot({ path: path.join(ARTIFACTS, '04-navigation-references.png') });
            await page.keyboard.press('Escape');

            await page.keyboard.press('Control+T');
            await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 15000 });
            await page.keyboard.type('cr2sch');
            const symbols = await until('the document and the entry among the workspace symbols', async () => {
                const rows = (await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
                return rows.filter((r) => r.includes(ENTRY)).length >= 2 ? rows : new Error(JSON.stringify(rows));
            });
            await page.screenshot({ path: path.join(ARTIFACTS, '04-navigation-symbols.png') });
            await page.keyboard.press('Escape');

            await wb.open(NAV_DOC);
            await onTitle();
            await page.keyboard.press('F2');
            const box = page.locator('.rename-box input, .rename-box .rename-input').first();
            await box.waitFor({ state: 'visible', timeout: 15000 });
            const placeholder = await box.inputValue();
            await box.fill(RENAMED);
            await box.press('Enter');
            const row = await until('the Support entry row the rename writes', async () => {
                const t = await wb.lineText('Support entry:');
                return t && t.includes(RENAMED) ? t : new Error(JSON.stringify(t));
            });
            await wb.open('SUPPORT.md');
            const renamedHeading = await until('the SUPPORT.md heading renamed', async () => {
                const t = await wb.lineText(`### ${RENAMED}`);
                return t || new Error('not renamed');
            });
            return { lens, definition, references, symbols, placeholder, row, heading: renamedHeading };
        });

        await step('settings change severity live', '05-settings.png', async () => {
            await wb.open(MARKDOWN_DOC);
            await wb.showProblems();
            const before = await until(
                'FD201 as an error in the Markdown feature document',
                async () => {
                    const rows = await wb.problemsFor('memory-sharing.md', 'FD201');
                    return rows.length === 1 && rows[0].severity === 'error' ? rows[0] : new Error(JSON.stringify(rows));
                },
                60000,
            );
            const settingsFile = path.join(WORKSPACE, '.vscode', 'settings.json');
            const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
            settings['featuredoc.rules'] = { FD201: 'warning' };
            fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');
            const after = await until(
                'FD201 to turn into a warning',
                async () => {
                    const rows = await wb.problemsFor('memory-sharing.md', 'FD201');
                    return rows.length === 1 && rows[0].severity === 'warning' ? rows[0] : new Error(JSON.stringify(rows));
                },
                60000,
            );
            return { before, after };
        });

        await step('.featuredoc.yaml change live', '05-featuredoc-yaml.png', async () => {
            fs.writeFileSync(path.join(WORKSPACE, '.featuredoc.yaml'), 'rules:\n  FD201: off\n');
            const settingsFile = path.join(WORKSPACE, '.vscode', 'settings.json');
            const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
            delete settings['featuredoc.rules'];
            fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');
            await until(
                'FD201 to disappear once .featuredoc.yaml switches it off',
                async () => {
                    const rows = await wb.problemsFor('memory-sharing.md', 'FD201');
                    return rows.length === 0 || new Error(JSON.stringify(rows));
                },
                60000,
            );
            return { problems: await wb.problems() };
        });

        await step('a crashed server is restarted, but not forever', '06-server-crashes.png', async () => {
            const restarts = [];
            for (let crash = 1; crash <= 3; crash++) {
                const pid = serverPid();
                process.kill(pid, 'SIGKILL');
                // Back to running, by a new process.
                const again = await until(
                    `the server to run again after crash ${crash}`,
                    async () => {
                        const now = serverPid(false);
                        if (!now || now === pid) {
                            return new Error(`server pid ${now}`);
                        }
                        const s = await wb.languageStatus();
                        return s.item && /featuredoc \d/.test(s.item) ? { pid: now, status: s.item } : new Error(JSON.stringify(s));
                    },
                    30000,
                    500,
                );
                await wb.closeHovers();
                restarts.push(again);
            }
            const before = await wb.toasts();
            process.kill(serverPid(), 'SIGKILL');
            const toast = await until(
                'one notification that the server is not restarted again',
                async () => {
                    const all = await wb.toasts();
                    return all.some((t) => /stopped unexpectedly/.test(t)) ? all : new Error(JSON.stringify(all));
                },
                30000,
            );
            await sleep(5000);
            if (serverPid(false)) {
                throw new Error(`the server was started a fifth time (pid ${serverPid(false)})`);
            }
            const after = await wb.toasts();
            const status = await wb.languageStatus();
            await page.screenshot({ path: path.join(ARTIFACTS, '06-server-crashes.png') });
            await wb.closeHovers();
            return {
                restarts,
                toasts: after.filter((t) => !before.includes(t)),
                toast: toast.find((t) => /stopped unexpectedly/.test(t)),
                status: status.item,
            };
        }, 'bundled');

        await step('a server that cannot start is reported once', '07-server-fails.png', async () => {
            const before = await wb.toasts();
            const broken = process.env.BROKEN_SERVER;
            const runs = process.env.BROKEN_RUNS;
            const settingsFile = path.join(WORKSPACE, '.vscode', 'settings.json');
            const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
            settings['featuredoc.path'] = broken;
            fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');
            const toast = await until(
                'a notification saying why the server failed to start',
                async () => {
                    const all = (await wb.toasts()).filter((t) => !before.includes(t));
                    return all.some((t) => /failed to start/.test(t)) ? all : new Error(JSON.stringify(all));
                },
                60000,
            );
            // Give a restart loop, or a second message, time to show itself: there must be none.
            await sleep(10000);
            const later = (await wb.toasts()).filter((t) => !before.includes(t));
            const starts = fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').split('\n').filter((l) => l).length : 0;
            if (starts !== 1) {
                throw new Error(`the broken server was started ${starts} times, not once`);
            }
            if (later.length !== 1) {
                throw new Error(`expected one notification, got ${JSON.stringify(later)}`);
            }
            await page.screenshot({ path: path.join(ARTIFACTS, '07-server-fails-notification.png') });
            const status = await until(
                'the language status item showing the failure',
                async () => {
                    const s = await wb.languageStatus();
                    return s.item && /failed/.test(s.item) ? s : new Error(JSON.stringify(s));
                },
                20000,
                1000,
            );
            return { toast: toast[0], toasts: later, starts, status };
        });
    } catch (error) {
        failed = true;
        const shot = path.join(ARTIFACTS, 'FAILED-workbench.png');
        await page.screenshot({ path: shot }).catch(() => undefined);
        console.log(`FAILED workbench: ${String(error.message || error).split('\n')[0]}\n  screenshot: ${shot}`);
        results.error = String(error.message || error);
    } finally {
        fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2) + '\n');
        await context.close().catch(() => undefined);
    }
    const passed = results.steps.filter((s) => s.status === 'passed').length;
    console.log(`${passed} passed, ${results.steps.length - passed} failed`);
    process.exit(failed ? 1 : 0);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
