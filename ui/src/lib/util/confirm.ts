/** Asks before an action that cannot be undone. The one place that decides how to ask:
 *  the webview's own dialog (WebDriver tests answer it with acceptAlert). */
export function confirmAction(message: string): boolean {
  return typeof window.confirm === 'function' ? window.confirm(message) : true;
}
