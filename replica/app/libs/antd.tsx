/** @jsxImportSource react */
/**
 * `ui=antd`: the keys UI drawn with Ant Design 6 (antd). The dialog is an antd Modal; the create
 * form is an antd Form whose permission is an antd Select (an `<input role="combobox">` inside
 * `.ant-select`, its listbox in a portal at the end of body) and whose team access is a
 * Checkbox.Group; the list is an antd Table; after a Spin "Generating…" step the secret is shown in
 * a Typography.Paragraph `code` with antd's own Copy button (`copyable`). Each row ends with a red
 * link Button "Delete" wrapped in a Popconfirm (antd's Popover, in a portal at the end of body,
 * opened by a click): its title "Delete this API key?", its description naming the key and its
 * created date, then "Cancel" and a red "Delete" that shows loading while the server deletes, closes
 * when it did, or leaves the Popconfirm open with the server's error in its description.
 */
import { Alert, Button, Checkbox, ConfigProvider, Flex, Form, Input, Modal, Popconfirm, Select, Spin, Table, theme, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import type { ReplicaKey } from '../App';
import { TEAMS, type Permission } from '../variant';
import { shortDate, type KeysUiProps, type LibraryModule } from './LibraryApp';
import { useRemoval } from './flow';

function KeysUi({ flow, texts }: KeysUiProps) {
  const id = useId();
  const { token } = theme.useToken();
  // The row whose Popconfirm is open, the delete under way and the server's refusal, if any.
  const [confirming, setConfirming] = useState<string | null>(null);
  const { busy, error, setError, remove, isBusy } = useRemoval(flow);
  const openConfirm = (rowKey: string | null) => {
    if (isBusy()) return;
    setError(null);
    setConfirming(rowKey);
  };
  const confirmDelete = (target: ReplicaKey) => remove(target, () => setConfirming(null));
  let content;
  let footer: ReactNode = null;
  if (flow.step === 'list') {
    const columns: TableColumnsType<ReplicaKey & { key: string }> = [
      { title: 'Name', dataIndex: 'name', key: 'name' },
      { title: 'Permission', dataIndex: 'permission', key: 'permission', render: (p: Permission) => texts.options[p] },
      { title: 'Created', dataIndex: 'createdAt', key: 'createdAt', render: (iso: string) => shortDate(iso) },
      {
        title: <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' }}>Actions</span>,
        key: 'actions',
        align: 'right',
        render: (_: unknown, row) => (
          <Popconfirm
            title="Delete this API key?"
            description={
              <div style={{ maxWidth: 280 }}>
                “{row.name}” (created {shortDate(row.createdAt)}) stops working at once. This cannot be undone.
                {confirming === row.key && error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
              </div>
            }
            open={confirming === row.key}
            onOpenChange={(open) => openConfirm(open ? row.key : null)}
            onConfirm={() => confirmDelete(flow.keys.find((k, i) => `${k.name}-${i}` === row.key) ?? row)}
            okText="Delete"
            cancelText="Cancel"
            okButtonProps={{ danger: true, loading: busy }}
            cancelButtonProps={{ disabled: busy }}
            placement="left"
          >
            <Button type="link" danger size="small">
              Delete
            </Button>
          </Popconfirm>
        ),
      },
    ];
    content = (
      <Table
        size="small"
        columns={columns}
        dataSource={flow.keys.map((k, i) => ({ ...k, key: `${k.name}-${i}` }))}
        pagination={false}
      />
    );
    footer = [
      <Button key="close" onClick={flow.close}>
        Close
      </Button>,
      <Button key="create" type="primary" onClick={flow.startCreate}>
        Create API key
      </Button>,
    ];
  } else if (flow.step === 'create') {
    const checked = TEAMS.filter((t) => flow.form.teams[t] !== 'none');
    content = (
      <Form id={`${id}-form`} layout="vertical" onFinish={() => void flow.save()} autoComplete="off" requiredMark={false}>
        <Typography.Title level={5} style={{ marginTop: 8 }}>
          {texts.formTitle}
        </Typography.Title>
        <Form.Item label={texts.nameLabel} htmlFor={`${id}-name`}>
          <Input id={`${id}-name`} value={flow.form.name} onChange={(e) => flow.setName(e.target.value)} placeholder="e.g. ci-pipeline" />
        </Form.Item>
        <Form.Item label={texts.permissionLabel} htmlFor={`${id}-perm`}>
          <Select<Permission>
            id={`${id}-perm`}
            value={flow.form.permission}
            onChange={(v) => flow.setPermission(v)}
            options={[
              { value: 'read', label: texts.options.read },
              { value: 'read-write', label: texts.options['read-write'] },
            ]}
          />
        </Form.Item>
        <fieldset style={{ border: 0, padding: 0, margin: `0 0 ${token.marginLG}px` }}>
          <legend style={{ fontSize: token.fontSize, color: token.colorTextHeading, marginBottom: token.marginXS, border: 0, padding: 0 }}>{texts.teamsLabel}</legend>
          <Checkbox.Group
            options={TEAMS.map((t) => ({ label: t, value: t }))}
            value={checked}
            onChange={(vals) => {
              for (const t of TEAMS) {
                const on = (vals as string[]).includes(t);
                if (on !== (flow.form.teams[t] !== 'none')) flow.setTeam(t, on ? 'read' : 'none');
              }
            }}
          />
        </fieldset>
        {flow.error && <Alert type="error" showIcon title={flow.error} />}
      </Form>
    );
    footer = [
      <Button key="cancel" onClick={flow.cancel}>
        Cancel
      </Button>,
      <Button key="save" type="primary" htmlType="submit" form={`${id}-form`} disabled={!flow.canSave}>
        {texts.save}
      </Button>,
    ];
  } else if (flow.step === 'generating') {
    content = (
      <Flex align="center" gap={12} style={{ padding: '24px 0' }}>
        <Spin />
        <Typography.Text>{texts.generating}</Typography.Text>
      </Flex>
    );
  } else {
    content = <SecretView flow={flow} texts={texts} />;
    footer = (
      <Button type="primary" onClick={flow.done}>
        {texts.done}
      </Button>
    );
  }
  return (
    <Modal open={flow.open} onCancel={flow.close} title="API keys" footer={footer} width={600} destroyOnHidden>
      {content}
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 16 }}>
        {texts.library}
      </Typography.Text>
    </Modal>
  );
}

/** The secret in a code element with antd's Copy button (a fresh component for every key). */
function SecretView({ flow, texts }: KeysUiProps) {
  if (flow.variant.secret === 'none') return <Typography.Paragraph>The key was created.</Typography.Paragraph>;
  return (
    <div>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {texts.secretTitle}
      </Typography.Title>
      <Alert type="warning" showIcon title={texts.secretNote} style={{ marginBottom: 16 }} />
      <Typography.Paragraph code copyable={{ text: flow.secret ?? '' }} style={{ fontSize: 14 }}>
        {flow.secret}
      </Typography.Paragraph>
    </div>
  );
}

const Provider = ({ children }: { children: ReactNode }) => <ConfigProvider>{children}</ConfigProvider>;

export default { KeysUi, Provider } satisfies LibraryModule;
