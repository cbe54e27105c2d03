// A restore that did not finish (the start-up screen's two ways out) and a save that failed
// on disk (the read-only banner).
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { FakeBackend } from '../api/fakeBackend';
import type { RestoreProblem } from '../bindings/RestoreProblem';
import { setLanguage } from '../i18n/index.svelte';
import { renderApp, smallBook } from '../../test/helpers';

const problem = (over: Partial<RestoreProblem> = {}): RestoreProblem => ({
  detail: 'moving /data/book-staged: Input/output error',
  book: false,
  staged: '/data/book-staged',
  replaced: ['/data/book-replaced-1765000000000'],
  damaged: [],
  canFinish: true,
  canRollBack: true,
  ...over,
});

function unfinishedRestore(restore: RestoreProblem, language: 'zh' | 'en' = 'zh') {
  const message = language === 'zh' ? '上次从备份恢复没有完成。' : 'Restoring a backup did not finish.';
  const backend = new FakeBackend({
    settings: { language },
    startupError: { code: 'restoreUnfinished', message },
    restoreProblem: restore,
  });
  setLanguage(language);
  render(App, { props: { backend } });
  return backend;
}

describe('a restore that did not finish', () => {
  it('says what happened and finishes the restore when asked', async () => {
    const backend = unfinishedRestore(problem());
    const box = await screen.findByTestId('startup-error');
    expect(box.textContent).toContain('上次从备份恢复没有完成。');
    expect(screen.queryByTestId('nav-customers')).toBeNull();
    expect(screen.getByTestId('restore-roll-back').textContent).toBe('撤销恢复');
    await fireEvent.click(screen.getByTestId('restore-finish'));
    await waitFor(() => expect(backend.callsOf('finishRestore')).toHaveLength(1));
    expect(backend.callsOf('rollBackRestore')).toHaveLength(0);
  });

  it('rolls back when asked, in English, and shows why a choice failed', async () => {
    const backend = unfinishedRestore(problem({ canFinish: false, staged: null }), 'en');
    await screen.findByTestId('startup-error');
    expect(screen.queryByTestId('restore-finish')).toBeNull();
    backend.rollBackRestore = async () => {
      backend.calls.push({ method: 'rollBackRestore', args: [] });
      throw { code: 'storage', message: 'Could not move the folder back.' };
    };
    await fireEvent.click(screen.getByTestId('restore-roll-back'));
    expect((await screen.findByTestId('restore-failure')).textContent).toBe('Could not move the folder back.');
    expect(screen.getByTestId('restore-roll-back').textContent).toBe('Roll back');
  });

  it('offers no choice for other start-up errors', async () => {
    const backend = new FakeBackend({ startupError: { code: 'locked', message: '被占用。' } });
    render(App, { props: { backend } });
    await screen.findByTestId('startup-error');
    expect(screen.queryByTestId('restore-finish')).toBeNull();
    expect(screen.queryByTestId('restore-roll-back')).toBeNull();
  });
});

describe('a save that failed on disk', () => {
  it('shows the read-only banner with the reason after the failed save, and restarts on request', async () => {
    const backend = await smallBook();
    await renderApp(backend);
    expect(screen.queryByTestId('read-only-banner')).toBeNull();
    const why = '保存客户数据的磁盘已满（No space left on device）。最后一次更改可能没有保存。';
    backend.saveFailure = { code: 'notSaved', message: why };
    await fireEvent.click(await screen.findByTestId('new-customer'));
    await fireEvent.input(await screen.findByTestId('field-name'), { target: { value: 'Delta' } });
    await fireEvent.click(screen.getByTestId('save-customer'));
    const banner = await screen.findByTestId('read-only-banner');
    expect(banner.textContent).toContain(why);
    expect(banner.textContent).toContain('只读模式');
    // The form still says what went wrong with this save.
    expect(screen.getByTestId('form-error').textContent).toContain('可能没有保存');
    await fireEvent.click(screen.getByTestId('read-only-restart'));
    await waitFor(() => expect(backend.callsOf('restartApp')).toHaveLength(1));
  });

  it('shows the banner at start when the book is already read-only', async () => {
    const backend = new FakeBackend();
    const info = backend.appInfo.bind(backend);
    backend.appInfo = async () => ({ ...(await info()), readOnly: { code: 'readOnly', message: '只读：之前的更改未能保存。' } });
    await renderApp(backend);
    expect((await screen.findByTestId('read-only-banner')).textContent).toContain('只读：之前的更改未能保存。');
  });
});
