import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthenticated, setCsrfToken } from './api-client';
import type { Account, Permission, Session, User } from './api-types';
import { forgetSessionCaches } from './sign-out';
import { readStoredLocale, useI18n } from './i18n-provider';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous' | 'unreachable';

type AuthValue = {
  status: AuthStatus;
  /** True once the user signed out on purpose: the next sign-in starts at home, not at the last page. */
  signedOut: boolean;
  session: Session | null;
  can: (permission: Permission) => boolean;
  login: (email: string, password: string) => Promise<Session>;
  acceptInvitation: (token: string, name: string, password: string) => Promise<Session>;
  logout: () => Promise<void>;
  reload: () => void;
  setUser: (user: User) => void;
  setAccount: (account: Account) => void;
};

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { message } = App.useApp();
  const { t, setLocale } = useI18n();
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [session, setSession] = useState<Session | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const statusRef = useRef(status);
  useEffect(() => {
    statusRef.current = status;
  }, [status]);

  const establish = useCallback((next: Session) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
    setSignedOut(false);
    setStatus('authenticated');
  }, []);

  const clear = useCallback(() => {
    forgetSessionCaches();
    setCsrfToken(null);
    setSession(null);
    setStatus('anonymous');
  }, []);

  /**
   * The language chosen on this device wins: on a device that never chose, the profile's language is
   * taken; after an explicit sign-in, a different choice made here is saved to the profile.
   */
  const syncLocale = useCallback(
    (next: Session, saveDeviceChoice: boolean) => {
      const stored = readStoredLocale();
      if (!stored) {
        setLocale(next.user.locale);
      } else if (saveDeviceChoice && stored !== next.user.locale) {
        api
          .patch<{ user: User }>('/api/auth/profile', { locale: stored })
          .then(({ user }) => setSession((s) => (s ? { ...s, user } : s)))
          .catch(() => undefined);
      }
    },
    [setLocale],
  );

  const reload = useCallback(() => {
    setStatus('loading');
    api
      .get<Session>('/api/auth/me')
      .then((next) => {
        establish(next);
        syncLocale(next, false);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) clear();
        else setStatus('unreachable');
      });
  }, [establish, clear, syncLocale]);

  useEffect(() => {
    reload();
  }, [reload]);

  useEffect(() => {
    onUnauthenticated(() => {
      if (statusRef.current !== 'authenticated') return;
      message.warning(t('app.sessionExpired'));
      clear();
    });
    return () => onUnauthenticated(null);
  }, [clear, message, t]);

  const login = useCallback(
    async (email: string, password: string) => {
      const next = await api.post<Session>('/api/auth/login', { email, password });
      establish(next);
      syncLocale(next, true);
      return next;
    },
    [establish, syncLocale],
  );

  const acceptInvitation = useCallback(
    async (token: string, name: string, password: string) => {
      const next = await api.post<Session>('/api/invitations/accept', { token, name, password });
      establish(next);
      syncLocale(next, true);
      return next;
    },
    [establish, syncLocale],
  );

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/auth/logout');
    } catch (err) {
      // A session the server no longer knows is signed out already; any other failure leaves it valid.
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
    setSignedOut(true);
    clear();
  }, [clear]);

  const setUser = useCallback((user: User) => setSession((s) => (s ? { ...s, user } : s)), []);
  const setAccount = useCallback((account: Account) => setSession((s) => (s ? { ...s, account } : s)), []);

  const value = useMemo<AuthValue>(() => {
    const granted = new Set(session?.permissions ?? []);
    return {
      status,
      signedOut,
      session,
      can: (permission) => granted.has(permission),
      login,
      acceptInvitation,
      logout,
      reload,
      setUser,
      setAccount,
    };
  }, [status, signedOut, session, login, acceptInvitation, logout, reload, setUser, setAccount]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** For pages inside the signed-in layout, where a session is certain. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession used outside a signed-in page');
  return session;
}
