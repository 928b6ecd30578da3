// Public complaint form (我要反映): community, category, text, named or anonymous, optional files;
// answers a tracking code shown once.
import { COMPLAINT_CATEGORIES, type SubmitComplaintBody } from '@cwp/contracts';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { publicSupervisionApi } from '../../disclosures/api';
import { usePublicError } from '../recruitment/PublicShell';
import { SupervisionShell } from '../disclosures/Shell';

interface Values {
  orgUnitId: number;
  category: SubmitComplaintBody['category'];
  text: string;
  anonymous: boolean;
  name?: string;
  phone?: string;
  subjectName?: string;
}

export function PublicComplaintPage() {
  const { t } = useTranslation();
  const onError = usePublicError();
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form);
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => {
      publicSupervisionApi
        .communities(search.trim())
        .then((r) =>
          setOptions(r.items.map((c) => ({ value: c.id, label: `${c.parentName} ${c.name}` }))),
        )
        .catch(onError);
    }, 250);
    return () => clearTimeout(timer);
  }, [search, onError]);

  const onFinish = async (v: Values) => {
    setLoading(true);
    try {
      const r = await publicSupervisionApi.submit({
        orgUnitId: v.orgUnitId,
        category: v.category,
        text: v.text,
        anonymous: v.anonymous,
        name: v.anonymous ? null : (v.name ?? null),
        phone: v.anonymous || !v.phone ? null : v.phone,
        subjectName: v.subjectName || null,
      });
      for (const f of files)
        if (f.originFileObj) await publicSupervisionApi.attach(r.code, f.originFileObj);
      setCode(r.code);
    } catch (err) {
      onError(err, form);
    } finally {
      setLoading(false);
    }
  };

  return (
    <SupervisionShell title={t('supervision.submitComplaint')}>
      {code ? (
        <Card>
          <Alert type="success" message={t('supervision.submitted')} showIcon />
          <Typography.Title
            level={3}
            copyable
            data-testid="complaint-code"
            style={{ wordBreak: 'break-all' }}
          >
            {code}
          </Typography.Title>
          <Typography.Paragraph type="warning">{t('supervision.codeWarning')}</Typography.Paragraph>
          <Link to={`/public/complaints/track?code=${encodeURIComponent(code)}`}>
            {t('supervision.trackLink')}
          </Link>
        </Card>
      ) : (
        <Card>
          <Typography.Paragraph>{t('supervision.submitIntro')}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ anonymous: true }}
            onFinish={(v) => void onFinish(v)}
          >
            <Form.Item
              name="orgUnitId"
              label={t('supervision.community')}
              rules={[{ required: true }]}
            >
              <Select
                showSearch
                filterOption={false}
                onSearch={setSearch}
                options={options}
                placeholder={t('supervision.chooseCommunity')}
                data-testid="complaint-community"
              />
            </Form.Item>
            <Form.Item name="category" label={t('supervision.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="complaint-category"
                options={COMPLAINT_CATEGORIES.map((c) => ({
                  value: c,
                  label: t(`supervision.complaintCategories.${c}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="text" label={t('supervision.text')} rules={[{ required: true }]}>
              <Input.TextArea rows={5} maxLength={5000} showCount data-testid="complaint-text" />
            </Form.Item>
            <Form.Item name="subjectName" label={t('supervision.subjectName')}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="anonymous">
              <Radio.Group>
                <Radio value={true}>{t('supervision.anonymous')}</Radio>
                <Radio value={false}>{t('supervision.named')}</Radio>
              </Radio.Group>
            </Form.Item>
            {anonymous === false && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Form.Item name="name" label={t('supervision.name')} rules={[{ required: true }]}>
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item name="phone" label={t('supervision.phone')}>
                  <Input maxLength={20} inputMode="tel" />
                </Form.Item>
              </Space>
            )}
            <Form.Item label={t('supervision.attach')}>
              <Upload
                beforeUpload={() => false}
                fileList={files}
                onChange={(e) => setFiles(e.fileList.slice(-5))}
                accept=".pdf,.png,.jpg,.jpeg"
              >
                <Button>{t('supervision.attachments')}</Button>
              </Upload>
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={loading}
              data-testid="complaint-submit"
            >
              {t('supervision.submitComplaint')}
            </Button>
          </Form>
          <div style={{ marginTop: 12 }}>
            <Link to="/public/complaints/track">{t('supervision.trackLink')}</Link>
          </div>
        </Card>
      )}
    </SupervisionShell>
  );
}
