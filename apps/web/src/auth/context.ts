import type { CurrentUser, Permission } from '@cwp/contracts';
import { createContext, useContext } from 'react';

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'unavailable'; error: Error }
  | { status: 'authenticated'; user: CurrentUser };

export interface AuthValue {
  state: AuthState;
  /** The signed-in user, or null. */
  user: CurrentUser | null;
  login(username: string, password: string): Promise<CurrentUser>;
  logout(): Promise<void>;
  /** Reloads the current user (after a password change or a language switch). */
  refresh(): Promise<void>;
  /** The server said the session is gone: forget the user locally. */
  markSignedOut(): void;
  can(permission: Permission): boolean;
}

export const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() outside <AuthProvider>');
  return value;
}
