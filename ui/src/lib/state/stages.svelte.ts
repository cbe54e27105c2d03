// The user's pipeline stages as reactive state, the one place the UI learns which stages exist,
// in which order and what they are called. Loaded from the settings when the app starts and
// replaced whenever settings are saved (see AppState); every stage label and every stage list
// of the UI comes from here, so renaming or reordering in settings shows everywhere at once.
import type { Stage } from '../bindings/Stage';
import type { StageSetting } from '../bindings/StageSetting';
import { en } from '../i18n/en';
import { t, type Key } from '../i18n/index.svelte';
import { zh } from '../i18n/zh';
import { STAGES } from '../model';

/** The slots a user-added stage takes (named in settings). */
export const CUSTOM_STAGES: Stage[] = ['custom1', 'custom2', 'custom3', 'custom4', 'custom5', 'custom6'];
/** The two closing stages, always last in this order. */
export const CLOSING_STAGES: Stage[] = ['won', 'lost'];
/** Longest stage name the backend keeps. */
export const MAX_STAGE_NAME = 20;

export function isCustomStage(stage: Stage): boolean {
  return CUSTOM_STAGES.includes(stage);
}

export function isClosingStage(stage: Stage): boolean {
  return CLOSING_STAGES.includes(stage);
}

/** The built-in pipeline with the built-in names (the backend's default). */
export function defaultStageSettings(): StageSetting[] {
  return STAGES.map((stage) => ({ stage, name: '' }));
}

const state = $state<{ list: StageSetting[] }>({ list: defaultStageSettings() });

/** Takes the pipeline of freshly loaded or saved settings. */
export function setStages(list: StageSetting[] | null | undefined): void {
  state.list = list && list.length > 0 ? list.map((s) => ({ stage: s.stage, name: s.name, tasks: s.tasks ?? [] })) : defaultStageSettings();
}

/** The pipeline as arranged in settings. */
export const stages = {
  /** Every stage in the user's order: open stages, then 成交 and 流失. */
  get all(): Stage[] {
    return state.list.map((s) => s.stage);
  },
  /** The open stages in order (without 成交 and 流失). */
  get open(): Stage[] {
    return state.list.map((s) => s.stage).filter((s) => !isClosingStage(s));
  },
  get settings(): StageSetting[] {
    return state.list;
  },
};

/** A stage's built-in name in the UI's language; a custom slot's fallback ("自定义阶段 2"). */
export function builtInStageLabel(stage: Stage): string {
  const slot = CUSTOM_STAGES.indexOf(stage);
  if (slot >= 0) return t('stages.customFallback', { n: slot + 1 });
  return t(`stage.${stage}` as Key);
}

/** Whether `name` is the stage's own built-in name, in Chinese or English. */
export function isBuiltInName(stage: Stage, name: string): boolean {
  if (!STAGES.includes(stage)) return false;
  const key = `stage.${stage}` as Key;
  return name === zh[key] || name === en[key];
}

/** A stage's place in the pipeline (-1 when not in it): the board asks before moving a card forward past open tasks. */
export function stageIndex(stage: Stage): number {
  return state.list.findIndex((s) => s.stage === stage);
}

/** What a stage is called: the user's name from settings, else the built-in one. */
export function stageLabel(stage: Stage): string {
  const name = state.list.find((s) => s.stage === stage)?.name.trim();
  return name || builtInStageLabel(stage);
}

/** The stages to offer in a select: the pipeline, plus `current` when settings no longer list it
 *  (so the select still shows the value it holds). */
export function stageChoices(current?: Stage | null): Stage[] {
  const all = stages.all;
  return current && !all.includes(current) ? [...all, current] : all;
}
