// What the fake backend lends the modules it delegates to.
import type { Backend } from './backend';

export interface FakeHooks {
  /** Records a call (and fails it when the fake was started broken), like the backend's own methods. */
  log(method: keyof Backend, ...args: unknown[]): void;
  /** A write happened: forget cached list pages. */
  changed(): void;
  /** A fresh id with this prefix. */
  id(prefix: string): string;
  /** A fresh timestamp (the fake's clock moves a minute per call). */
  now(): string;
}
