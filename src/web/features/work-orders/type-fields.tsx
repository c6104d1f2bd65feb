import { DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useT } from '../../app/i18n-provider';
import type { TypeField } from './work-orders-api';

const DATE = 'YYYY-MM-DD';

/**
 * A work order type's own fields as form items under `fields.<key>`. Dates are kept as YYYY-MM-DD
 * strings, the shape the server stores.
 */
export function TypeFieldItems({ fields }: { fields: TypeField[] }) {
  const t = useT();
  return (
    <>
      {fields.map((f) => (
        <Form.Item
          key={f.key}
          name={['fields', f.key]}
          label={f.label}
          rules={f.required ? [{ required: true, whitespace: f.kind === 'text' || f.kind === 'textarea', message: t(f.kind === 'select' || f.kind === 'date' ? 'form.selectRequired' : 'form.required', { field: f.label }) }] : undefined}
          {...(f.kind === 'date'
            ? {
                getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v, DATE) : undefined }),
                normalize: (v: Dayjs | null) => (v ? v.format(DATE) : undefined),
              }
            : {})}
          data-testid={`work-order-field-${f.key}`}
        >
          {fieldInput(f)}
        </Form.Item>
      ))}
    </>
  );
}

function fieldInput(f: TypeField): ReactNode {
  switch (f.kind) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} />;
    case 'select':
      return <Select allowClear options={(f.options ?? []).map((o) => ({ value: o, label: o }))} />;
    default:
      return <Input maxLength={200} />;
  }
}

/** Values the form holds for the fields, without the empty ones. */
export function cleanFields(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** The fields as label-value rows, read-only. */
export function TypeFieldValues({ fields, values }: { fields: TypeField[]; values: Record<string, unknown> }) {
  const t = useT();
  if (fields.length === 0) return <Typography.Text type="secondary">{t('wo.fields.none')}</Typography.Text>;
  return (
    <div className="sd-wo-kv">
      {fields.map((f) => {
        const v = values[f.key];
        const text = v === undefined || v === null || v === '' ? null : String(v);
        return (
          <div key={f.key} className="sd-wo-kv-row" data-testid={`work-order-field-value-${f.key}`}>
            <div className="sd-wo-kv-label">{f.label}</div>
            <div className="sd-wo-kv-value">{text ?? <Typography.Text type="secondary">—</Typography.Text>}</div>
          </div>
        );
      })}
    </div>
  );
}
