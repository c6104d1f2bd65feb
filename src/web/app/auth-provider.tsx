import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthenticated, setCsrfToken } from './api-client';
import type { Account, Permission, Session, User } from './api-types';
import { useT } from './i18n-provider';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous' | 'unreachable';

type AuthValue = {
  status: AuthStatus;
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
  const t = useT();
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [session, setSession] = useState<Session | null>(null);
  const statusRef = useRef(status);
  useEffect(() => {
    statusRef.current = status;
  }, [status]);

  const establish = useCallback((next: Session) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
    setStatus('authenticated');
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(null);
    setSession(null);
    setStatus('anonymous');
  }, []);

  const reload = useCallback(() => {
    setStatus('loading');
    api
      .get<Session>('/api/auth/me')
      .then(establish)
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) clear();
        else setStatus('unreachable');
      });
  }, [establish, clear]);

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
      return next;
    },
    [establish],
  );

  const acceptInvitation = useCallback(
    async (token: string, name: string, password: string) => {
      const next = await api.post<Session>('/api/invitations/accept', { token, name, password });
      establish(next);
      return next;
    },
    [establish],
  );

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/auth/logout');
    } finally {
      clear();
    }
  }, [clear]);

  const setUser = useCallback((user: User) => setSession((s) => (s ? { ...s, user } : s)), []);
  const setAccount = useCallback((account: Account) => setSession((s) => (s ? { ...s, account } : s)), []);

  const value = useMemo<AuthValue>(() => {
    const granted = new Set(session?.permissions ?? []);
    return {
      status,
      session,
      can: (permission) => granted.has(permission),
      login,
      acceptInvitation,
      logout,
      reload,
      setUser,
      setAccount,
    };
  }, [status, session, login, acceptInvitation, logout, reload, setUser, setAccount]);

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
