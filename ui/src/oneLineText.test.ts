// @vitest-environment node
// One line of text cut with an ellipsis is clipped sideways only (app.css, `--clip-line`): some
// fonts draw glyphs past the line box, and `overflow: hidden` cut their tops (干 read as 十).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function styled(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return styled(path);
    return /\.(svelte|css)$/.test(name) ? [path] : [];
  });
}

/** The declaration blocks of `css` (the text between a `{` and its `}`, innermost). */
const blocks = (css: string) => css.match(/\{[^{}]*\}/g) ?? [];

/** Every rule of the UI's styles that cuts its text with an ellipsis, with its file. */
const ellipsisRules = () =>
  styled(SRC).flatMap((file) =>
    blocks(readFileSync(file, 'utf8'))
      .filter((b) => /text-overflow:\s*ellipsis/.test(b))
      .map((b) => ({ file: relative(SRC, file), block: b.replace(/\s+/g, ' ') })),
  );

describe('one line of text cut with an ellipsis', () => {
  const rules = ellipsisRules();

  it('is clipped sideways only, so fonts that draw past the line box keep their tops', () => {
    expect(rules.length).toBeGreaterThan(10);
    expect(rules.filter(({ block }) => !/overflow:\s*var\(--clip-line\)/.test(block))).toEqual([]);
  });

  it('still shrinks as a flex or grid item (a clipped box is no scroll container)', () => {
    expect(rules.filter(({ block }) => !/min-width:\s*0[;\s}]/.test(block))).toEqual([]);
  });

  it('falls back to hidden where the engine has no overflow: clip', () => {
    const app = readFileSync(join(SRC, 'app.css'), 'utf8');
    expect(app).toMatch(/--clip-line:\s*hidden;/);
    expect(app).toMatch(/@supports \(overflow: clip\) \{\s*:root \{ --clip-line: clip visible; \}/);
  });
});
