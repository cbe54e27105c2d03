// The fake backend's pipeline board (filled in by the kanban work).
import type { Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import type { FakeHooks } from './fakeHooks';

export class FakePipeline {
  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}
  pipelineBoard: Backend['pipelineBoard'] = async (...a) => { this.hooks.log('pipelineBoard', ...a); throw new Error('todo'); };
  pipelineColumn: Backend['pipelineColumn'] = async (...a) => { this.hooks.log('pipelineColumn', ...a); throw new Error('todo'); };
  moveStage: Backend['moveStage'] = async (...a) => { this.hooks.log('moveStage', ...a); throw new Error('todo'); };
}
