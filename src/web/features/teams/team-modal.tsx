import { Form, Input, Modal, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { blankToNull } from '../../app/format';
import { requiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { buildTeamTree, selfAndDescendants, teamTreeOptions } from './team-tree';
import { teamsApi, type Team } from './teams-api';

/** What the modal is doing: a new team (maybe under a parent), or changing one. */
export type TeamEditing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; team: Team };

type Props = { editing: TeamEditing | null; teams: readonly Team[]; onClose: () => void; onSaved: (team: Team, created: boolean) => void };
type Values = { name: string; parentId?: string | null; description?: string };

/** 新建团队 / 添加子团队 / 编辑团队: the name, where it sits in the tree (moving it), a note. */
export function TeamModal({ editing, teams, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const open = editing !== null;
  const team = editing?.mode === 'edit' ? editing.team : null;

  useEffect(() => {
    if (!editing) return;
    if (editing.mode === 'edit') form.setFieldsValue({ name: editing.team.name, parentId: editing.team.parentId ?? undefined, description: editing.team.description ?? '' });
    else form.setFieldsValue({ name: '', parentId: editing.parentId ?? undefined, description: '' });
  }, [editing, form]);

  // A team cannot move under itself or one of its own sub-teams.
  const parentOptions = useMemo(() => teamTreeOptions(buildTeamTree(teams), team ? selfAndDescendants(teams, team.id) : new Set()), [teams, team]);

  const title = team ? t('teams.form.editTitle') : editing?.mode === 'create' && editing.parentId ? t('teams.form.subTitle') : t('teams.form.createTitle');

  const submit = async () => {
    const values = await form.validateFields();
    const input = { name: values.name.trim(), parentId: values.parentId ?? null, description: blankToNull(values.description) };
    setSaving(true);
    try {
      const saved = team ? await teamsApi.update(team.id, input) : await teamsApi.create(input);
      onSaved(saved, !team);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={team ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={460}
      data-testid="team-modal"
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()} name="team">
        <Form.Item name="name" label={t('teams.form.name')} rules={[requiredRule(t, t('teams.form.name')), { max: 40 }]}>
          <Input placeholder={t('teams.form.namePlaceholder')} maxLength={40} autoFocus data-testid="team-name" />
        </Form.Item>
        <Form.Item name="parentId" label={t('teams.form.parent')} extra={t('teams.form.parentHelp')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            placeholder={t('teams.form.parentNone')}
            treeData={parentOptions}
            data-testid="team-parent"
          />
        </Form.Item>
        <Form.Item name="description" label={`${t('teams.form.description')}（${t('common.optional')}）`}>
          <Input.TextArea placeholder={t('teams.form.descriptionPlaceholder')} maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="team-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
