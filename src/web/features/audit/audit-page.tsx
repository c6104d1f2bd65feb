import { Button, Card, Flex, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { useI18n } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { auditApi, type AuditFilters } from './audit-api';
import { AuditFiltersBar, rangeToFilters, type DateRange } from './audit-filters';
import { AuditTable } from './audit-table';

export function AuditPage() {
  const { locale, t } = useI18n();
  const { can } = useAuth();
  const errorText = useErrorText();
  const showError = useShowError();
  const [action, setAction] = useState<string | undefined>(undefined);
  const [actorId, setActorId] = useState<string | undefined>(undefined);
  const [range, setRange] = useState<DateRange>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const filters: AuditFilters = { action, actorId, ...rangeToFilters(range) };
  const filterKey = JSON.stringify(filters);
  // A "load more" answer is dropped if the filters changed while it was on its way.
  const filterKeyRef = useRef(filterKey);
  useEffect(() => {
    filterKeyRef.current = filterKey;
  }, [filterKey]);

  const log = useRequest((signal) => auditApi.list(filters, undefined, signal), [filterKey]);
  // Action labels come translated from the server, so they reload with the language.
  const actions = useRequest((signal) => auditApi.actions(signal), [locale]);
  const actors = useRequest((signal) => auditApi.actors(signal), [], can('users.read'));

  const labels = new Map((actions.data ?? []).map((a) => [a.key, a.label]));
  const actionLabel = (entry: AuditEntry) => labels.get(entry.action) || entry.actionLabel || entry.action;

  const loadMore = async () => {
    const cursor = log.data?.nextCursor;
    if (!cursor) return;
    const requestedFor = filterKey;
    setLoadingMore(true);
    try {
      const page = await auditApi.list(filters, cursor);
      if (filterKeyRef.current !== requestedFor) return;
      log.setData((current) => (current ? { items: [...current.items, ...page.items], nextCursor: page.nextCursor } : page));
    } catch (err) {
      showError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  const entries = log.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('nav.audit')} subtitle={t('audit.subtitle')} />
      <Card>
        <AuditFiltersBar
          action={action}
          actorId={actorId}
          range={range}
          actions={actions.data ?? []}
          actors={can('users.read') ? (actors.data ?? []) : null}
          loadingOptions={actions.loading}
          onAction={setAction}
          onActor={setActorId}
          onRange={setRange}
          onRefresh={log.reload}
        />
        {log.error && !log.data ? (
          <LoadError message={errorText(log.error)} onRetry={log.reload} />
        ) : (
          <>
            <AuditTable entries={entries} loading={log.loading} actionLabel={actionLabel} />
            {entries.length > 0 && (
              <Flex vertical align="center" gap={4} style={{ marginTop: 16 }}>
                {log.data?.nextCursor ? (
                  <Button onClick={() => void loadMore()} loading={loadingMore} disabled={log.loading} data-testid="audit-load-more">
                    {t('common.loadMore')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('audit.loadedCount', { count: entries.length })}
                </Typography.Text>
              </Flex>
            )}
          </>
        )}
      </Card>
    </>
  );
}
