/**
 * Where the gateway is and which token to use.
 *
 * - Desktop app: the Tauri shell injects `window.__SIMGATE__ = { baseUrl, token }`
 *   before the page loads; that wins.
 * - `simgate serve`: the UI is served by the gateway itself (same origin) and the
 *   printed link carries the token in the fragment, `/#token=...`. The token is
 *   moved to sessionStorage and removed from the address bar so it does not end
 *   up in bookmarks, screenshots or the history.
 */

export interface Connection {
  baseUrl: string;
  token: string;
}

declare global {
  interface Window {
    __SIMGATE__?: { baseUrl?: string; token?: string };
  }
}

export const TOKEN_STORAGE_KEY = "simgate.token";

function trimSlash(url: string) {
  return url.replace(/\/+$/, "");
}

/** Reads the connection from the environment; `token` is null when none is known yet. */
export function resolveConnection(win: Window = window): { baseUrl: string; token: string | null } {
  const injected = win.__SIMGATE__;
  if (injected?.token) {
    return { baseUrl: trimSlash(injected.baseUrl || win.location.origin), token: injected.token };
  }
  const baseUrl = trimSlash(injected?.baseUrl || win.location.origin);

  const fragment = new URLSearchParams(win.location.hash.replace(/^#/, ""));
  const fromFragment = fragment.get("token");
  if (fromFragment) {
    win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromFragment);
    fragment.delete("token");
    const rest = fragment.toString();
    const url = win.location.pathname + win.location.search + (rest ? `#${rest}` : "");
    win.history.replaceState(win.history.state, "", url);
    return { baseUrl, token: fromFragment };
  }
  return { baseUrl, token: win.sessionStorage.getItem(TOKEN_STORAGE_KEY) };
}

export function storeToken(token: string, win: Window = window) {
  win.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
}

export function forgetToken(win: Window = window) {
  win.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
}
