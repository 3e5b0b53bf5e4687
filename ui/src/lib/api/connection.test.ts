import { afterEach, describe, expect, it } from "vitest";
import { resolveConnection, TOKEN_STORAGE_KEY } from "./connection";

afterEach(() => {
  delete window.__SIMGATE__;
  window.history.replaceState(null, "", "/");
});

describe("resolveConnection", () => {
  it("takes the token from #token=, keeps it for the session and removes it from the address bar", () => {
    window.history.replaceState(null, "", "/#token=abc123");
    const connection = resolveConnection();
    expect(connection).toEqual({ baseUrl: window.location.origin, token: "abc123" });
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe("abc123");
    expect(window.location.href).not.toContain("abc123");
  });

  it("finds the stored token after a reload", () => {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, "kept");
    expect(resolveConnection().token).toBe("kept");
  });

  it("prefers what the desktop shell injected", () => {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, "stale");
    window.__SIMGATE__ = { baseUrl: "http://127.0.0.1:4567/", token: "from-shell" };
    expect(resolveConnection()).toEqual({ baseUrl: "http://127.0.0.1:4567", token: "from-shell" });
  });

  it("has no token when opened without one", () => {
    expect(resolveConnection().token).toBeNull();
  });
});
