// Running a month's payroll: one subdistrict, or every subdistrict under a unit that has no run
// for the month yet; shows the computation while it lasts, then the result.
import { Alert, DatePicker, Form, List, Modal, Radio, Result, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { payrollApi, type BatchResult } from '../api';

interface Values {
  orgUnitId: number;
  month: Dayjs;
}

export function CreateRunModal({
  defaultUnitId,
  onClose,
  onCreated,
}: {
  defaultUnitId: number | undefined;
  onClose(): void;
  onCreated(runId: number | null): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<'one' | 'all'>('one');
  const [running, setRunning] = useState(false);
  const [batch, setBatch] = useState<BatchResult | null>(null);
  const [seconds, setSeconds] = useState(0);

  const run = async (v: Values) => {
    setRunning(true);
    const started = Date.now();
    const body = { orgUnitId: v.orgUnitId, month: v.month.format('YYYY-MM') };
    try {
      if (mode === 'one') {
        const created = await payrollApi.create(body);
        onCreated(created.id);
        return;
      }
      const result = await payrollApi.createBatch(body);
      setSeconds((Date.now() - started) / 1000);
      setBatch(result);
      onCreated(null);
    } catch (err) {
      onError(err, form);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Modal
      open
      title={t('payroll.createTitle')}
      onCancel={running ? undefined : onClose}
      closable={!running}
      maskClosable={false}
      okText={batch ? t('common.ok') : t('payroll.create')}
      onOk={() => (batch ? onClose() : form.submit())}
      okButtonProps={{ loading: running, ...{ 'data-testid': 'payroll-create-run' } }}
      cancelButtonProps={{ disabled: running, style: batch ? { display: 'none' } : {} }}
      width={600}
    >
      {batch ? (
        <>
          <Result
            status="success"
            title={t('payroll.batchDone', { runs: batch.created.length, workers: batch.workers })}
            subTitle={t('payroll.computed', {
              workers: batch.workers,
              seconds: seconds.toFixed(1),
            })}
          />
          {batch.skipped.length > 0 && (
            <List
              size="small"
              header={t('payroll.skipped', { count: batch.skipped.length })}
              dataSource={batch.skipped}
              renderItem={(s) => (
                <List.Item>
                  {s.name}：{s.reason}
                </List.Item>
              )}
            />
          )}
        </>
      ) : (
        <Spin spinning={running} tip={t('payroll.computing')}>
          <Alert
            type="info"
            showIcon
            message={t('payroll.createHint')}
            style={{ marginBottom: 16 }}
          />
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => void run(v)}
            initialValues={{ month: dayjs(), orgUnitId: defaultUnitId }}
          >
            <Form.Item>
              <Radio.Group
                value={mode}
                onChange={(e) => setMode(e.target.value === 'all' ? 'all' : 'one')}
                options={[
                  { value: 'one', label: t('payroll.modeOne') },
                  { value: 'all', label: t('payroll.modeAll') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="orgUnitId"
              label={mode === 'one' ? t('payroll.unit') : t('payroll.unitAny')}
              rules={[{ required: true, message: t('payroll.chooseUnit') }]}
            >
              <OrgUnitTreeSelect
                id="payroll-unit"
                {...(mode === 'one' ? { selectableLevel: 'subdistrict' as const } : {})}
                placeholder={t('payroll.chooseUnit')}
              />
            </Form.Item>
            <Form.Item
              name="month"
              label={t('payroll.month')}
              rules={[{ required: true, message: t('payroll.chooseMonth') }]}
            >
              <DatePicker picker="month" allowClear={false} id="payroll-month" />
            </Form.Item>
          </Form>
        </Spin>
      )}
    </Modal>
  );
}
