// The fake backend's owner list and handover (filled in by the handover work).
import type { Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import type { FakeHooks } from './fakeHooks';

export class FakeOwners {
  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}
  ownerList: Backend['ownerList'] = async () => { this.hooks.log('ownerList'); throw new Error('todo'); };
  setOwnerArchived: Backend['setOwnerArchived'] = async (...a) => { this.hooks.log('setOwnerArchived', ...a); throw new Error('todo'); };
  handOver: Backend['handOver'] = async (...a) => { this.hooks.log('handOver', ...a); throw new Error('todo'); };
}
