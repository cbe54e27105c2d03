// The error of the last failed save, shared by every input of the customer form: each input
// knows its field path (`emails[1]`, `contacts[0].name`) and shows the message if it is the one.
import { getContext, setContext } from 'svelte';
import type { ApiError } from '../../api/backend';

export class FormErrors {
  current = $state<ApiError | null>(null);

  messageFor(path: string): string | null {
    return this.current?.field === path ? this.current.message : null;
  }
}

const KEY = Symbol('form-errors');

export function provideFormErrors(errors: FormErrors): void {
  setContext(KEY, errors);
}

export function useFormErrors(): FormErrors {
  return getContext<FormErrors | undefined>(KEY) ?? new FormErrors();
}

/** The input for `path` inside `root`, scrolled into view and focused. */
export function focusField(root: HTMLElement, path: string): boolean {
  const el = root.querySelector<HTMLElement>(`[data-field="${path.replace(/["\\]/g, '\\$&')}"]`);
  if (!el) return false;
  el.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  el.focus({ preventScroll: true });
  return true;
}
