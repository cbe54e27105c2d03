// @vitest-environment node
// The typed client is the only door to the backend: no other UI module may call invoke.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bindings' ? [] : sources(path);
    return /\.(ts|svelte|js)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('backend access', () => {
  const files = sources(SRC);

  it('finds the UI sources', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.map((f) => relative(SRC, f))).toContain(join('lib', 'api', 'backend.ts'));
  });

  it('only backend.ts imports @tauri-apps/api or calls invoke', () => {
    const offenders = files
      .filter((f) => !f.endsWith(join('lib', 'api', 'backend.ts')))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return /@tauri-apps\/api/.test(text) || /\binvoke\s*[<(]/.test(text) || /__TAURI_INTERNALS__\s*\./.test(text);
      })
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('backend.ts does call invoke', () => {
    const text = readFileSync(join(SRC, 'lib', 'api', 'backend.ts'), 'utf8');
    expect(text).toMatch(/from '@tauri-apps\/api\/core'/);
    expect(text).toMatch(/invoke<T>\(/);
  });
});
