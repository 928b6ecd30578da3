// Editing a draft or returned version: name, effective date, note and the content, in the
// structured form of its kind or as JSON. "Validate" asks the server (the one judge) and puts each
// message next to its field; saving does the same on a 400. After saving, the detail page offers
// the preview and the submission.
import { ArrowLeftOutlined, CheckCircleOutlined, SaveOutlined } from '@ant-design/icons';
import type { RuleSetDetail } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Result,
  Row,
  Segmented,
  Space,
  Spin,
  Typography,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { applyFieldErrors } from '../../api/form-errors';
import { useRequestError } from '../../api/useRequestError';
import { ruleSetsApi } from './api';
import { StructuredFields } from './components/StructuredFields';
import {
  contentToForm,
  displayPath,
  formToContent,
  hasStructuredForm,
  parseJson,
  splitErrors,
  type ContentFormValues,
  type PathError,
} from './content-form';
import { RuleSetStatusTag, useRuleSetKindLabel } from './labels';

interface Values extends ContentFormValues {
  name: string;
  effectiveFrom: Dayjs | null;
  note: string | null;
}

type Mode = 'form' | 'json';
type Check = { state: 'idle' } | { state: 'ok' } | { state: 'errors'; errors: PathError[] };

function setContentValues(form: FormInstance<Values>, values: ContentFormValues): void {
  form.setFieldValue('content', values.content);
  form.setFieldValue('enabled', values.enabled);
}

export function RuleSetEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const ruleSetId = Number(id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onError = useRequestError();
  const kindLabel = useRuleSetKindLabel();
  const [form] = Form.useForm<Values>();
  const [detail, setDetail] = useState<RuleSetDetail | null>(null);
  const [initial, setInitial] = useState<Values | null>(null);
  const [missing, setMissing] = useState(false);
  const [mode, setMode] = useState<Mode>('form');
  const [jsonText, setJsonText] = useState('');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [saving, setSaving] = useState(false);
  const [validating, setValidating] = useState(false);
  const [conflict, setConflict] = useState(false);

  useEffect(() => {
    let cancelled = false;
    ruleSetsApi
      .get(ruleSetId)
      .then((d) => {
        if (cancelled) return;
        setDetail(d);
        setMode(hasStructuredForm(d.kind) ? 'form' : 'json');
        setJsonText(JSON.stringify(d.content, null, 2));
        // The form mounts with these; later changes go through setContentValues.
        setInitial({
          ...contentToForm(d.kind, d.content),
          name: d.name,
          effectiveFrom: dayjs(d.effectiveFrom),
          note: d.note,
        });
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [ruleSetId, onError]);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('careerRules.ruleSets.notFound')}
        extra={<Link to="/rule-sets">{t('careerRules.ruleSets.backToList')}</Link>}
      />
    );
  }
  if (!detail || !initial) return <Spin />;
  if (!detail.abilities.edit) {
    return (
      <Result
        status="warning"
        title={t('careerRules.editor.notEditable')}
        extra={<Link to={`/rule-sets/${detail.id}`}>{t('careerRules.editor.toDetail')}</Link>}
      />
    );
  }
  const kind = detail.kind;
  const structured = hasStructuredForm(kind);

  /** The content being edited, from whichever editor is shown; null if the JSON does not parse. */
  const currentContent = (): { ok: true; value: unknown } | { ok: false } => {
    if (mode === 'form') {
      return { ok: true, value: formToContent(kind, form.getFieldsValue(true)) };
    }
    const parsed = parseJson(jsonText);
    if (!parsed.ok) {
      setCheck({
        state: 'errors',
        errors: [
          { path: '', message: t('careerRules.editor.jsonSyntax', { error: parsed.error }) },
        ],
      });
      return { ok: false };
    }
    return parsed;
  };

  /** Shows the content errors on their fields (form) and in the list; returns the rest. */
  const showErrors = (errors: readonly PathError[]): PathError[] => {
    const { content, other } = splitErrors(errors);
    // Clear the previous round's marks first.
    form.setFields(
      form
        .getFieldsError()
        .filter((f) => f.errors.length > 0)
        .map((f) => ({ name: f.name, errors: [] })),
    );
    let listed = content;
    if (mode === 'form') {
      const unmatched = applyFieldErrors(
        form,
        content.map((e) => ({
          path: e.path === '' ? 'content' : `content.${e.path}`,
          message: e.message,
        })),
      );
      listed = unmatched.map((e) => ({
        path: e.path.replace(/^content\.?/, ''),
        message: e.message,
      }));
    }
    setCheck(content.length > 0 ? { state: 'errors', errors: listed } : { state: 'idle' });
    return other;
  };

  const switchMode = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') {
      setJsonText(JSON.stringify(formToContent(kind, form.getFieldsValue(true)), null, 2));
      setMode('json');
      return;
    }
    const parsed = parseJson(jsonText);
    if (!parsed.ok) {
      setCheck({
        state: 'errors',
        errors: [
          { path: '', message: t('careerRules.editor.jsonSyntax', { error: parsed.error }) },
        ],
      });
      return;
    }
    setContentValues(form, contentToForm(kind, parsed.value));
    setMode('form');
  };

  const validate = async () => {
    const content = currentContent();
    if (!content.ok) return;
    setValidating(true);
    try {
      const res = await ruleSetsApi.validate(kind, content.value);
      if (res.ok) {
        showErrors([]);
        setCheck({ state: 'ok' });
      } else {
        showErrors(res.errors);
      }
    } catch (err) {
      onError(err);
    } finally {
      setValidating(false);
    }
  };

  const save = async (then: 'stay' | 'preview') => {
    const content = currentContent();
    if (!content.ok) return;
    const values = form.getFieldsValue(true);
    setSaving(true);
    try {
      const saved = await ruleSetsApi.update(detail.id, {
        version: detail.version,
        name: values.name,
        ...(values.effectiveFrom
          ? { effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD') }
          : {}),
        content: content.value,
        note: values.note?.trim() ? values.note.trim() : null,
      });
      setDetail(saved);
      showErrors([]);
      void message.success(t('common.saved'));
      if (then === 'preview') void navigate(`/rule-sets/${saved.id}?tab=preview`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
      } else if (err instanceof ApiError && err.status === 400 && err.details.length > 0) {
        const other = showErrors(err.details);
        if (other.length > 0) onError(new ApiError(400, err.code, err.message, other), form);
        else void message.error(t('careerRules.editor.fixErrors'));
      } else {
        onError(err);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card>
      <div className="cwp-page-header">
        <Space wrap>
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() => void navigate(`/rule-sets/${detail.id}`)}
          >
            {t('common.back')}
          </Button>
          <Typography.Title level={4}>
            {t('careerRules.editor.title', { kind: kindLabel(kind), version: detail.versionNo })}
          </Typography.Title>
          <RuleSetStatusTag status={detail.status} timeline={detail.timeline} />
          <Typography.Text type="secondary">{detail.orgUnitName}</Typography.Text>
        </Space>
        <Space wrap>
          <Button
            icon={<CheckCircleOutlined />}
            loading={validating}
            onClick={() => void validate()}
            data-testid="rule-set-validate"
          >
            {t('careerRules.editor.validate')}
          </Button>
          <Button
            icon={<SaveOutlined />}
            loading={saving}
            onClick={() => void save('stay')}
            data-testid="rule-set-save"
          >
            {t('common.save')}
          </Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => void save('preview')}
            data-testid="rule-set-save-preview"
          >
            {t('careerRules.editor.saveAndPreview')}
          </Button>
        </Space>
      </div>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('careerRules.editor.conflict')}
          action={
            <Button size="small" onClick={() => window.location.reload()}>
              {t('careerRules.approvals.reload')}
            </Button>
          }
        />
      )}
      {check.state === 'ok' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('careerRules.editor.valid')}
          data-testid="rule-set-valid"
        />
      )}
      {check.state === 'errors' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('careerRules.editor.errorsTitle')}
          data-testid="rule-set-errors"
          description={
            check.errors.length > 0 && (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {check.errors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    {e.path !== '' && <Typography.Text code>{displayPath(e.path)}</Typography.Text>}{' '}
                    {e.message}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
      <Form<Values>
        form={form}
        initialValues={initial}
        layout="vertical"
        onValuesChange={() => check.state === 'ok' && setCheck({ state: 'idle' })}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('careerRules.ruleSets.name')}
              rules={[{ required: true }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="effectiveFrom" label={t('careerRules.ruleSets.effectiveFrom')}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('careerRules.ruleSets.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Typography.Title level={5}>{t('careerRules.ruleSets.content')}</Typography.Title>
        {structured && (
          <Segmented<Mode>
            style={{ marginBottom: 16 }}
            value={mode}
            onChange={switchMode}
            options={[
              { value: 'form', label: t('careerRules.editor.formTab') },
              { value: 'json', label: t('careerRules.editor.jsonTab') },
            ]}
          />
        )}
        {mode === 'form' && structured ? (
          <StructuredFields kind={kind} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('careerRules.editor.jsonHint')}
            </Typography.Paragraph>
            <Input.TextArea
              value={jsonText}
              onChange={(e) => setJsonText(e.target.value)}
              autoSize={{ minRows: 16, maxRows: 40 }}
              spellCheck={false}
              className="cwp-json-editor"
              style={{ fontFamily: 'monospace', fontSize: 12 }}
              data-testid="rule-set-json-editor"
            />
          </>
        )}
      </Form>
    </Card>
  );
}
