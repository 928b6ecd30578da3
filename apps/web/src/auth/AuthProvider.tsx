// Who is signed in: loaded once from GET /api/auth/me (401 means nobody), replaced on login and
// logout. The CSRF token from the same responses goes to the API client.
import { okResponse, sessionResponse, type CurrentUser, type Permission } from '@cwp/contracts';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setCsrfToken } from '../api/client';
import { AuthContext, type AuthState, type AuthValue } from './context';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const { i18n } = useTranslation();

  const load = useCallback(async () => {
    try {
      const session = await api.get('/api/auth/me', sessionResponse);
      setCsrfToken(session.csrfToken);
      setState({ status: 'authenticated', user: session.user });
    } catch (err) {
      setCsrfToken(null);
      if (err instanceof ApiError && err.status === 401) setState({ status: 'anonymous' });
      else
        setState({
          status: 'unavailable',
          error: err instanceof Error ? err : new Error(String(err)),
        });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Role names come from the server in the caller's language: reload them after a switch.
  const language = useRef(i18n.language);
  const signedIn = state.status === 'authenticated';
  useEffect(() => {
    if (language.current === i18n.language) return;
    language.current = i18n.language;
    if (signedIn) void load();
  }, [i18n.language, signedIn, load]);

  const login = useCallback(async (username: string, password: string): Promise<CurrentUser> => {
    const session = await api.post('/api/auth/login', sessionResponse, { username, password });
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', user: session.user });
    return session.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', okResponse);
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, []);

  const markSignedOut = useCallback(() => {
    setCsrfToken(null);
    setState({ status: 'anonymous' });
  }, []);

  const value = useMemo<AuthValue>(() => {
    const user = state.status === 'authenticated' ? state.user : null;
    const permissions = new Set(user?.permissions ?? []);
    return {
      state,
      user,
      login,
      logout,
      refresh: load,
      markSignedOut,
      can: (permission: Permission) => permissions.has(permission),
    };
  }, [state, login, logout, load, markSignedOut]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
