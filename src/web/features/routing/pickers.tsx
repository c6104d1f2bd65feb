import { Select, Spin, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { LabelTag } from '../labels/label-tags';
import { routingApi, type ProductRef } from './routing-api';
import type { RoutingOptions, TreeOption } from './use-routing-options';

type CommonProps = { id?: string; 'aria-label'?: string; placeholder?: string; 'data-testid'?: string; allowClear?: boolean };

/** Teams or product groups: their whole path once picked, indented by level in the list. */
export function TreeSelectInput({
  options,
  multiple,
  value,
  onChange,
  ...rest
}: CommonProps & { options: readonly TreeOption[]; multiple?: boolean; value?: string | string[] | null; onChange?: (value: never) => void }) {
  return (
    <Select
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v ?? (multiple ? [] : null)) as never)}
      options={options.map((o) => ({ value: o.value, label: o.label, name: o.name, depth: o.depth }))}
      optionRender={(o) => <span style={{ paddingInlineStart: (o.data.depth as number) * 16 }}>{o.data.name as string}</span>}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
    />
  );
}

/** Labels to add, shown in their colours. */
export function LabelsInput({ labels, value, onChange, ...rest }: CommonProps & { labels: RoutingOptions['labels']; value?: string[]; onChange?: (value: string[]) => void }) {
  const known = new Map(labels.map((l) => [l.id, l]));
  return (
    <Select
      {...rest}
      mode="multiple"
      value={value}
      onChange={onChange}
      options={labels.map((l) => ({ value: l.id, label: l.name }))}
      optionRender={(o) => {
        const l = known.get(String(o.value));
        return l ? <LabelTag label={l} /> : o.label;
      }}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
    />
  );
}

type ProductProps = CommonProps & {
  options: RoutingOptions;
  multiple?: boolean;
  value?: string | string[] | null;
  onChange?: (value: never) => void;
};

/** Products, searched on the server by name or SKU: a shop may sell thousands. */
export function ProductSelect({ options, multiple, value, onChange, ...rest }: ProductProps) {
  const t = useT();
  const showError = useShowError();
  const { products, rememberProducts } = options;
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ProductRef[] | null>(null);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    clearTimeout(timer.current);
    controller.current?.abort();
    const q = query.trim();
    if (!q) {
      setFound(null);
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      const c = new AbortController();
      controller.current = c;
      routingApi.products(q, c.signal).then(
        (items) => {
          if (c.signal.aborted) return;
          rememberProducts(items);
          setFound(items);
          setSearching(false);
        },
        (err: unknown) => {
          if (c.signal.aborted) return;
          setSearching(false);
          showError(err);
        },
      );
    }, 250);
    return () => clearTimeout(timer.current);
  }, [query, rememberProducts, showError]);

  useEffect(() => () => controller.current?.abort(), []);

  const selected = useMemo(() => (Array.isArray(value) ? value : value ? [value] : []), [value]);
  const list = useMemo(() => {
    const shown = found ?? [...products.values()];
    const ids = new Set(shown.map((p) => p.id));
    // Picked products stay among the options, so their names show even when a search hides them.
    const picked = selected.filter((id) => !ids.has(id)).map((id) => products.get(id) ?? { id, sku: '', name: id, groupId: null, groupName: null });
    return [...picked, ...shown];
  }, [found, products, selected]);

  return (
    <Select
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? selected : (value ?? undefined)}
      onChange={(v) => {
        setQuery('');
        onChange?.((v ?? (multiple ? [] : null)) as never);
      }}
      options={list.map((p) => ({ value: p.id, label: p.name, sku: p.sku, group: p.groupName }))}
      optionRender={(o) => (
        <span>
          {o.data.label as string}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            {[o.data.sku, o.data.group].filter(Boolean).join(' · ')}
          </Typography.Text>
        </span>
      )}
      showSearch={{ filterOption: false, onSearch: setQuery, searchValue: query }}
      notFoundContent={searching ? <Spin size="small" /> : t('routing.picker.noProducts')}
      onOpenChange={(open) => {
        if (!open) setQuery('');
      }}
      style={{ width: '100%' }}
    />
  );
}
