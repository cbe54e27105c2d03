// The fake backend's dashboard (filled in by the dashboard work).
import type { Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import type { FakeHooks } from './fakeHooks';

export class FakeAnalytics {
  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}
  dashboard: Backend['dashboard'] = async (...a) => { this.hooks.log('dashboard', ...a); throw new Error('todo'); };
  exportTable: Backend['exportTable'] = async (...a) => { this.hooks.log('exportTable', ...a); throw new Error('todo'); };
}
