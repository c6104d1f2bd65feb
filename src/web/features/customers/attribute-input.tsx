import { DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import type { AttributeDefinition, AttributeValue } from './customers-api';

type Props = { definition: AttributeDefinition; value?: AttributeValue | null; onChange?: (value: AttributeValue | null) => void };

/** The input for one custom attribute, by its type: text, number, date, one option or several. */
export function AttributeInput({ definition: d, value, onChange }: Props) {
  const change = (v: AttributeValue | null | undefined) => onChange?.(v === undefined || v === '' ? null : v);
  switch (d.type) {
    case 'number':
      return <InputNumber value={typeof value === 'number' ? value : value == null ? null : Number(value)} onChange={(v) => change(v)} style={{ width: '100%' }} />;
    case 'date':
      return <DatePicker value={typeof value === 'string' && value ? dayjs(value) : null} onChange={(v) => change(v ? v.format('YYYY-MM-DD') : null)} style={{ width: '100%' }} />;
    case 'select':
      return <Select allowClear value={typeof value === 'string' ? value : undefined} onChange={(v) => change(v)} options={d.options.map((o) => ({ value: o, label: o }))} />;
    case 'multi_select':
      return <Select allowClear mode="multiple" value={Array.isArray(value) ? value : []} onChange={(v: string[]) => change(v.length ? v : null)} options={d.options.map((o) => ({ value: o, label: o }))} />;
    default:
      return <Input maxLength={500} value={typeof value === 'string' ? value : ''} onChange={(e) => change(e.target.value)} />;
  }
}
