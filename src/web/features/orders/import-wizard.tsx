import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Progress, Radio, Result, Select, Space, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useShowError } from '../../app/use-api-error';
import { IMPORT_FIELDS, MARKETPLACES, ordersApi, type ImportEncoding, type Mapping, type Marketplace, type OrderImport } from './orders-api';

const POLL_MS = 1000;

/** Which step of 上传 → 对应字段 → 校验报告 → 导入 → 结果 an import is at. */
function stepOf(imp: OrderImport | null): number {
  if (!imp) return 0;
  if (imp.status === 'uploaded' || imp.status === 'failed') return 1;
  if (imp.status === 'validating' || imp.status === 'validated') return 2;
  if (imp.status === 'importing') return 3;
  return 4;
}

/** Polls the import while a job works on it. */
function usePolledImport(imp: OrderImport | null, setImp: (i: OrderImport) => void) {
  const busy = imp?.status === 'validating' || imp?.status === 'importing';
  useEffect(() => {
    if (!imp || !busy) return;
    const timer = setInterval(() => {
      ordersApi.getImport(imp.id).then(setImp, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [imp?.id, busy, setImp]);
}

/** 导入订单: the wizard. */
export function OrderImportPage() {
  const t = useT();
  const navigate = useNavigate();
  const showError = useShowError();
  const [imp, setImp] = useState<OrderImport | null>(null);
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [mapping, setMapping] = useState<Mapping>({});
  const [defaultPlatform, setDefaultPlatform] = useState<Marketplace | null>('taobao');
  const [busy, setBusy] = useState(false);
  usePolledImport(imp, setImp);

  const act = async (fn: () => Promise<OrderImport>) => {
    setBusy(true);
    try {
      setImp(await fn());
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const onFile = (file: File) => {
    void act(async () => {
      const uploaded = await ordersApi.upload(file, encoding);
      setMapping(uploaded.suggestedMapping);
      return uploaded;
    });
    return false;
  };
  const restart = () => {
    setImp(null);
    setMapping({});
  };

  const step = stepOf(imp);
  const steps = (['upload', 'mapping', 'validate', 'import', 'result'] as const).map((s) => ({ title: t(`orderImport.step.${s}`) }));

  return (
    <>
      <PageHeader title={t('orderImport.title')} extra={<Button onClick={() => navigate('/orders')}>{t('orderImport.back')}</Button>} />
      <Card>
        <Steps current={step} items={steps} style={{ marginBottom: 24 }} />
        {step === 0 && <UploadStep encoding={encoding} setEncoding={setEncoding} onFile={onFile} busy={busy} />}
        {step === 1 && imp && (
          <MappingStep imp={imp} mapping={mapping} setMapping={setMapping} defaultPlatform={defaultPlatform} setDefaultPlatform={setDefaultPlatform}
            busy={busy} onValidate={() => act(() => ordersApi.validate(imp.id, mapping, defaultPlatform))} onBack={restart} />
        )}
        {step === 2 && imp && <ReportStep imp={imp} busy={busy} onStart={() => act(() => ordersApi.start(imp.id))} onBack={() => setImp({ ...imp, status: 'uploaded' })} />}
        {step === 3 && imp && <ProgressStep imp={imp} />}
        {step === 4 && imp && <ResultStep imp={imp} onAgain={restart} onDone={() => navigate('/orders')} />}
      </Card>
    </>
  );
}

function UploadStep({ encoding, setEncoding, onFile, busy }: { encoding: ImportEncoding; setEncoding: (e: ImportEncoding) => void; onFile: (f: File) => boolean; busy: boolean }) {
  const t = useT();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('orderImport.upload.hint')}</Typography.Paragraph>
      <Form layout="inline">
        <Form.Item label={t('orderImport.encoding')}>
          <Radio.Group value={encoding} onChange={(e) => setEncoding(e.target.value)}
            options={(['auto', 'utf-8', 'gb18030'] as const).map((v) => ({ value: v, label: t(`orderImport.encoding.${v}`) }))} />
        </Form.Item>
      </Form>
      <Upload.Dragger accept=".csv,text/csv" showUploadList={false} beforeUpload={onFile} disabled={busy}>
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{t('orderImport.upload.choose')}</p>
      </Upload.Dragger>
    </Space>
  );
}

type MappingProps = {
  imp: OrderImport;
  mapping: Mapping;
  setMapping: (m: Mapping) => void;
  defaultPlatform: Marketplace | null;
  setDefaultPlatform: (p: Marketplace | null) => void;
  busy: boolean;
  onValidate: () => void;
  onBack: () => void;
};

function MappingStep({ imp, mapping, setMapping, defaultPlatform, setDefaultPlatform, busy, onValidate, onBack }: MappingProps) {
  const t = useT();
  const columnOptions = [{ value: '', label: t('orderImport.mapping.none') }, ...imp.headers.map((h) => ({ value: h, label: h }))];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('orderImport.fileInfo', { name: imp.fileName, encoding: imp.encoding.toUpperCase(), columns: imp.headers.length })}</Typography.Text>
      {imp.failure && <Alert type="error" message={t('orderImport.failed', { reason: imp.failure })} />}
      <Alert type="info" message={t('orderImport.mapping.hint')} />
      <Form layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 12 }}>
        {IMPORT_FIELDS.map((field) => (
          <Form.Item key={field} label={t(`orderImport.field.${field}`)}>
            <Select value={mapping[field] ?? ''} options={columnOptions} onChange={(v: string) => setMapping({ ...mapping, [field]: v || undefined })} />
          </Form.Item>
        ))}
        <Form.Item label={t('orderImport.defaultPlatform')}>
          <Select allowClear value={defaultPlatform ?? undefined} onChange={(v?: Marketplace) => setDefaultPlatform(v ?? null)}
            options={MARKETPLACES.map((p) => ({ value: p, label: t(`orders.platform.${p}`) }))} />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('orderImport.sample')}</Typography.Title>
      <Table size="small" pagination={false} scroll={{ x: true }} rowKey={(_, i) => String(i)}
        columns={imp.headers.map((h, i) => ({ title: h, key: h, render: (_: unknown, row: string[]) => row[i] }))} dataSource={imp.sample} />
      <Flex gap={8} justify="flex-end">
        <Button onClick={onBack}>{t('orderImport.prev')}</Button>
        <Button type="primary" loading={busy} onClick={onValidate}>{t('orderImport.validate')}</Button>
      </Flex>
    </Space>
  );
}

function percent(imp: OrderImport): number {
  const p = imp.progress;
  return p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
}

function ReportStep({ imp, busy, onStart, onBack }: { imp: OrderImport; busy: boolean; onStart: () => void; onBack: () => void }) {
  const t = useT();
  if (imp.status === 'validating') return <Space direction="vertical" style={{ width: '100%' }}><Typography.Text>{t('orderImport.validating')}</Typography.Text><Progress percent={percent(imp)} /></Space>;
  const errorRows = imp.errorRows ?? 0;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Alert type={errorRows ? 'warning' : 'success'} message={t('orderImport.report', { total: imp.totalRows ?? 0, valid: imp.validRows ?? 0, errors: errorRows })} />
      {errorRows > 0 && (
        <>
          <Table size="small" rowKey={(r) => `${r.line}`} pagination={{ pageSize: 20 }} dataSource={imp.errors}
            columns={[{ title: t('orderImport.report.line'), dataIndex: 'line', key: 'line', width: 100 }, { title: t('orderImport.report.reason'), dataIndex: 'reason', key: 'reason' }]} />
          {imp.errors.length < errorRows && <Typography.Text type="secondary">{t('orderImport.report.more', { count: imp.errors.length })}</Typography.Text>}
          <Button icon={<DownloadOutlined />} href={ordersApi.errorsUrl(imp.id)}>{t('orderImport.report.download')}</Button>
        </>
      )}
      <Flex gap={8} justify="flex-end">
        <Button onClick={onBack}>{t('orderImport.prev')}</Button>
        <Button type="primary" loading={busy} disabled={!imp.validRows} onClick={onStart}>{t('orderImport.start', { count: imp.validRows ?? 0 })}</Button>
      </Flex>
    </Space>
  );
}

function ProgressStep({ imp }: { imp: OrderImport }) {
  const t = useT();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('orderImport.importing')}</Typography.Text>
      <Progress percent={percent(imp)} status="active" />
    </Space>
  );
}

function ResultStep({ imp, onAgain, onDone }: { imp: OrderImport; onAgain: () => void; onDone: () => void }) {
  const t = useT();
  const r = imp.result;
  if (imp.status === 'failed' || !r) return <Result status="error" title={t('orderImport.failed', { reason: imp.failure ?? '' })} extra={<Button onClick={onAgain}>{t('orderImport.again')}</Button>} />;
  const nothingChanged = r.created === 0 && r.updated === 0 && r.unchanged > 0;
  return (
    <Result
      status="success"
      title={t('orderImport.result', { created: r.created, updated: r.updated, unchanged: r.unchanged, customers: r.customersCreated })}
      subTitle={nothingChanged ? t('orderImport.result.unchanged') : undefined}
      extra={[
        <Button key="again" onClick={onAgain}>{t('orderImport.again')}</Button>,
        <Button key="done" type="primary" onClick={onDone}>{t('orderImport.back')}</Button>,
      ]}
    />
  );
}
